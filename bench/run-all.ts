// `npm run bench`: runs every bench/*.bench.ts one after another (each is a bounded tsx script that
// prints its own side-by-side numbers). A name filter may be passed: `npm run bench -- slack`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
// The benchmarks that run the real commands (`tat export`, `npm start`) run the compiled dist/.
const build = spawnSync(process.execPath, [join(here, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
if (benches.length === 0) console.log('no benchmarks match');
process.exit(failed ? 1 : 0);
