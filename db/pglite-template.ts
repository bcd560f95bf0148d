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
  writeFileSync,
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

/**
 * Makes the template (a tarball, and the same data folder unpacked) unless it exists. Build time only:
 * this one run pays initdb's memory. initdb runs in memory, since PGlite dumps an in-memory database.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const folder = pgliteTemplateFolder();
  const tarball = pgliteTemplateTarball();
  mkdirSync(dirname(folder), { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  if (!existsSync(tarball)) {
    const pg = new PGlite();
    await pg.waitReady;
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const scratch = `${tarball}.tmp-${process.pid}`;
    writeFileSync(scratch, Buffer.from(await dump.arrayBuffer()));
    renameSync(scratch, tarball);
  }
  if (!holdsDatabase(folder)) {
    const scratch = `${folder}.tmp-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    const pg = new PGlite(scratch, { loadDataDir: readPgliteTemplateTarball()! });
    await pg.waitReady;
    await pg.close();
    rmSync(folder, { recursive: true, force: true });
    renameSync(scratch, folder);
  }
  return folder;
}

export const pgliteTemplateTarball = () => `${pgliteTemplateFolder()}.tar`;

/** The template tarball's bytes, if it was built (`DATABASE_URL=memory:` loads it: the tests do). */
export function readPgliteTemplateTarball(): Blob | undefined {
  const tarball = pgliteTemplateTarball();
  return existsSync(tarball) ? new Blob([readFileSync(tarball)]) : undefined;
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
