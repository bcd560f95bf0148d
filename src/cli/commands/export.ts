// `tat export [criteria…] [--out file.csv] [--as e-mail]`: the activities matching the `/ta find`
// criteria (R24) as CSV, streamed to the file (written whole or not at all) or to stdout.

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CRITERIA_HELP } from '../../rules/search-criteria-text.js';
import type { ServiceContext } from '../../services/context.js';
import { cliActor, takeOptions } from './cli-actor.js';
import { loadCliConfig, openCliDb } from './config.js';
import { type Command, EXIT_FAILED, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

/**
 * Removes a partial file. The stream opens its file asynchronously, so it is closed first: a refusal
 * that came before the open would otherwise remove nothing and leave the file created after.
 */
async function discard(file: WriteStream, partial: string): Promise<void> {
  if (!file.closed) {
    const closed = once(file, 'close');
    file.destroy();
    await closed;
  }
  await rm(partial, { force: true });
}

export const exportCommand: Command = {
  name: 'export',
  usage: 'tat export [criteria…] [--out file.csv] [--as staff@e-mail]',
  summary: `Export the TA activities matching the /ta find criteria as CSV (every TAT field, Quick Guide order). ${CRITERIA_HELP}`,
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    const { options, rest, missing } = takeOptions(args, ['out', 'as']);
    if (missing) return usageError(io, this, `--${missing} needs a value`);
    const unknown = rest.find((a) => a.startsWith('--'));
    if (unknown) return usageError(io, this, `unknown option "${unknown}"`);
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    const [{ criteriaFromText }, { exportActivitiesCsv }] = await Promise.all([
      import('../../services/criteria-from-text.js'),
      import('../../services/export-activities.js'),
    ]);
    const handle = await openCliDb(loaded.config, io);
    if (!handle) return EXIT_FAILED;
    try {
      const ctx: ServiceContext = { db: handle.db, calendar: loaded.calendar, now: () => new Date() };
      const who = await cliActor(ctx, options.as ?? loaded.config.CONSOLE_USER_EMAIL);
      if (!who.ok) return usageError(io, this, who.error);
      const criteria = await criteriaFromText(ctx, who.me, rest.join(' '));
      if (!criteria.ok) return usageError(io, this, criteria.error.message);
      if (!options.out) {
        const done = await exportActivitiesCsv(ctx, who.actor, criteria.value, io.stdout as never, {
          keepOpen: true,
        });
        if (!done.ok) return usageError(io, this, done.error.message);
        io.stderr.write(`Exported ${done.value.rows} TA activities.\n`);
        return EXIT_OK;
      }
      const path = resolve(options.out);
      const partial = `${path}.partial`;
      const file = createWriteStream(partial);
      try {
        const done = await exportActivitiesCsv(ctx, who.actor, criteria.value, file);
        if (!done.ok) {
          await discard(file, partial);
          return usageError(io, this, done.error.message);
        }
        await rename(partial, path);
        io.stdout.write(`Exported ${done.value.rows} TA activities to ${path}\n`);
        return EXIT_OK;
      } catch (err) {
        await discard(file, partial);
        throw err;
      }
    } finally {
      await handle.close();
    }
  },
};
