#!/usr/bin/env node
// Compiles src/, db/, dialogs/ and adapters/ to dist/ (run by `npm ci` through `prepare`, and by the
// tests when dist/ is stale), then stamps dist/ so the tests can tell it is current. The SQL
// migrations and JSON reference lists are not copied: db/folder.ts finds them in the source db/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without dev dependencies (`npm ci --omit=dev`) keeps a dist/ built beforehand.
  if (existsSync(join(root, 'dist', 'src', 'main.js'))) process.exit(0);
  console.error(
    'build: TypeScript is not installed and dist/ is missing; run `npm ci` (with dev dependencies).',
  );
  process.exit(1);
}
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
mkdirSync(join(root, 'dist'), { recursive: true });
// A fresh PGlite data folder to copy at first start (skips initdb's ~800 MB peak there); made once per
// PGlite version, so only the first build pays for it.
const { ensurePgliteTemplate } = await import(new URL('../dist/db/pglite-template.js', import.meta.url).href);
await ensurePgliteTemplate();
writeFileSync(join(root, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
