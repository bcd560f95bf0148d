#!/usr/bin/env node
// Dependency rule: the core (src/) never imports adapters/ or dialogs/; only src/main.ts, the
// composition root, may. dialogs/ never imports adapters/. Exits non-zero listing each violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const rules = [
  { from: 'src', forbid: ['adapters', 'dialogs'], except: ['src/main.ts'] },
  { from: 'dialogs', forbid: ['adapters'], except: [] },
  { from: 'db', forbid: ['adapters', 'dialogs', 'src'], except: [] },
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

const importRe = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
const violations = [];
for (const rule of rules) {
  const base = join(root, rule.from);
  for (const file of files(base)) {
    const rel = relative(root, file);
    if (rule.except.includes(rel)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
      if (!m[1].startsWith('.')) continue;
      const target = relative(root, resolve(join(file, '..'), m[1])).split('/')[0];
      if (rule.forbid.includes(target))
        violations.push(`${rel} imports ${m[1]} (${rule.from}/ must not depend on ${target}/)`);
    }
  }
}
if (violations.length) {
  console.error(`Dependency rule broken:\n${violations.map((v) => `  - ${v}`).join('\n')}`);
  process.exit(1);
}
console.log('dependency rule: ok');
