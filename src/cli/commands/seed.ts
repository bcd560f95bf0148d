// `tat seed --demo`: migrate, then insert the demo data set (once; running it again changes nothing).
import { loadCliConfig } from './config.js';
import { type Command, EXIT_FAILED, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

export const seedCommand: Command = {
  name: 'seed',
  usage: 'tat seed --demo',
  summary: 'Migrate, then load a small demo data set (States, staff, requesters, goals, activities).',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    const unknown = args.filter((a) => a !== '--demo');
    if (unknown.length > 0) return usageError(io, this, `unknown argument "${unknown[0]}"`);
    if (!args.includes('--demo')) return usageError(io, this, 'only the demo data set exists: add --demo');
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    const [{ DEMO, seedDemo }, { prepareDatabase }] = await Promise.all([
      import('../../seed/demo.js'),
      import('./migrate.js'),
    ]);
    const handle = await prepareDatabase(loaded.config, io, 'seed --demo');
    if (!handle) return EXIT_FAILED;
    try {
      const result = await seedDemo(handle.db, { now: new Date(), calendar: loaded.calendar });
      if (!result.seeded) {
        io.stdout.write('Demo data: already seeded; nothing changed.\n');
      } else {
        const c = result.counts;
        io.stdout.write(
          `Demo data: ${c.staff} staff, ${c.requesters} requesters, ${c.goals} goals, ${c.activities} TA activities, ` +
            `${c.deliveries} deliveries, ${c.feedback} feedback notes, ${c.responseNotes} response notes\n`,
        );
      }
      io.stdout.write(
        `Sign in on the console as ${DEMO.provider} (provider), ${DEMO.specialist} or ${DEMO.admin}.\n`,
      );
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
