// Where the SQL migrations and the JSON reference lists live: always the source db/ folder, also when
// running compiled from dist/db/, so there is one copy to edit and nothing to copy at build time.
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const dbFolder = basename(dirname(here)) === 'dist' ? join(here, '..', '..', 'db') : here;
