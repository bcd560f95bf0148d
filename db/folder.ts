// Where the SQL migrations and the JSON reference lists live: always the source db/ folder, also when
// running compiled from dist/db/, so there is one copy to edit and nothing to copy at build time.
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = basename(dirname(here)) === 'dist';

export const dbFolder = compiled ? join(here, '..', '..', 'db') : here;
/** The project's root folder (holding package.json, db/, dist/). */
export const projectRoot = join(dbFolder, '..');
