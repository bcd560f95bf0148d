// vitest globalSetup: the tests that start the bot as a user does (`npm start`, `bin/tat.js`) run the
// compiled dist/. Rebuild it first when a source file changed since the last build, so a test never
// runs stale JavaScript; when dist/ is current (after `npm ci` or `npm run build`) this costs a stat walk.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = join(root, 'dist', '.build-stamp');
const compiled = ['src', 'db', 'dialogs', 'adapters'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function buildDistIfStale(): void {
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newest = Math.max(
    statSync(join(root, 'tsconfig.build.json')).mtimeMs,
    statSync(join(root, 'scripts', 'build.mjs')).mtimeMs,
    ...compiled.map((d) => newestSource(join(root, d))),
  );
  if (newest <= built) return;
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
