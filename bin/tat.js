#!/usr/bin/env node
// `tat` command: runs the compiled CLI (dist/, built by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/tat.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write(
    'tat: TAT Bot is not built yet; run `npm ci` (or `npm run build`) in its folder first.\n',
  );
  process.exit(1);
}
await import(compiled.href);
