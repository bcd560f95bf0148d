// `tat migrate`: open the database (which applies the migrations, idempotently) and load the
// reference lists from db/reference/*.json. `tat seed` does the same first.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DbHandle } from '../../../db/client.js';
import { dbFolder } from '../../../db/folder.js';
import { redactUrl } from '../../../db/redact-url.js';
import type { Config } from '../../config.js';
import { loadCliConfig, openCliDb } from './config.js';
import {
  type CliIo,
  type Command,
  EXIT_FAILED,
  EXIT_OK,
  printUsage,
  usageError,
  wantsHelp,
} from './types.js';

function describeTarget(config: Config): string {
  const url = config.DATABASE_URL;
  if (url === 'memory:') return 'in-memory PGlite (nothing is kept)';
  if (url) return `PostgreSQL at ${redactUrl(url)}`;
  return `embedded PGlite at ${join(resolve(config.DATA_DIR), 'pglite')}`;
}

function migrationCount(): number {
  const journal = JSON.parse(readFileSync(join(dbFolder, 'migrations', 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Opens the database, applies migrations and loads reference data, reporting each step on stdout. */
export async function prepareDatabase(
  config: Config,
  io: CliIo,
  command = 'migrate',
): Promise<DbHandle | undefined> {
  const handle = await openCliDb(config, io, command);
  if (!handle) return undefined;
  const { loadReferenceDataOrRepair, readReferenceData } = await import('../../../db/reference/load.js');
  const n = migrationCount();
  io.stdout.write(`Database: ${describeTarget(config)}\n`);
  io.stdout.write(`Migrations: up to date (${n} migration${n === 1 ? '' : 's'})\n`);
  try {
    await loadReferenceDataOrRepair(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const ref = readReferenceData();
  const items = (lists: Record<string, string[]>) =>
    Object.values(lists).reduce((sum, l) => sum + l.length, 0);
  io.stdout.write(
    `Reference data: ${ref.states.length} States and Territories, ${ref.centers.length} centers, ` +
      `${ref.goalCategories.length} goal categories, ${items(ref.strategicAreas)} strategic areas, ` +
      `${items(ref.focusOptions)} TA focus options, ${ref.deliveryMethods.length} delivery methods, ` +
      `${ref.otherCollaborators.length} other-collaborator options\n`,
  );
  return handle;
}

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'tat migrate',
  summary: 'Create or update the database schema and load the reference lists (safe to run again).',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    if (args.length > 0) return usageError(io, this, `unexpected argument "${args[0]}"`);
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    const handle = await prepareDatabase(loaded.config, io);
    if (!handle) return EXIT_FAILED;
    await handle.close();
    return EXIT_OK;
  },
};
