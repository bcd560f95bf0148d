// A freshly initialised PGlite data folder, made once at build time (scripts/build.mjs) and copied into
// an empty DATA_DIR at first start: PGlite's own initdb peaks at ~800 MB of RSS and takes ~10 s; a
// folder copy costs neither. Without a template (not built yet), PGlite runs initdb itself as before.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from './folder.js';

/** The installed PGlite version: a template is only used by the PGlite that made it. */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite'); // <package>/dist/index.cjs
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}

export const pgliteTemplateFolder = () => join(projectRoot, 'dist', 'pglite-template', pgliteVersion());

const holdsDatabase = (folder: string) => existsSync(join(folder, 'PG_VERSION'));

/** Makes the template unless it exists (build time; this one run pays initdb's memory). */
export async function ensurePgliteTemplate(): Promise<string> {
  const target = pgliteTemplateFolder();
  if (holdsDatabase(target)) return target;
  const scratch = `${target}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = new PGlite(scratch);
  await pg.waitReady;
  await pg.close();
  renameSync(scratch, target);
  return target;
}

/**
 * Copies the template into `dataFolder` when it does not exist yet or is empty; false when there is no
 * template (PGlite then initialises the folder itself). The copy is renamed into place, so a start
 * that is killed half-way leaves no half-copied database behind.
 */
export function copyPgliteTemplate(dataFolder: string): boolean {
  if (holdsDatabase(dataFolder)) return false;
  if (existsSync(dataFolder) && readdirSync(dataFolder).length > 0) return false;
  const template = pgliteTemplateFolder();
  if (!holdsDatabase(template)) return false;
  const scratch = `${dataFolder}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  cpSync(template, scratch, { recursive: true });
  if (existsSync(dataFolder)) rmdirSync(dataFolder);
  renameSync(scratch, dataFolder);
  return true;
}
