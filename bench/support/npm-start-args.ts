// `npm start` execs `node <flags> dist/src/main.js` (package.json): the benchmarks that run the bot
// spawn it with the same arguments, so the process measured is the one production runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** node's arguments in `npm start` (flags, then the script), read from package.json under `root`. */
export function npmStartArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.replace(/^exec\s+node\s+/, '').split(/\s+/);
}
