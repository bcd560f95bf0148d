// `tat import <staff|contacts|goals> <file.csv> [--dry-run]`: load the program's directory in bulk
// (R26). All rows or none: any bad row and nothing is written, every problem is listed as
// `file.csv:LINE: column: …` and the exit code is 1. See docs/import.md for the columns.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportKind, ImportOutcome } from '../../import/import-run.js';
import type { Actor, ServiceContext } from '../../services/context.js';
import { loadCliConfig } from './config.js';
import { type Command, EXIT_FAILED, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

const KINDS: ImportKind[] = ['staff', 'contacts', 'goals'];

export const importCommand: Command = {
  name: 'import',
  usage: 'tat import <staff|contacts|goals> <file.csv> [--dry-run]',
  summary:
    'Load staff, State contacts or goals from a CSV file (all rows or none; see docs/import.md). --dry-run checks and counts without writing.',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    const dryRun = args.includes('--dry-run');
    const flags = args.filter((a) => a.startsWith('--') && a !== '--dry-run');
    if (flags.length) return usageError(io, this, `unknown option "${flags[0]}"`);
    const [kind, path, ...rest] = args.filter((a) => a !== '--dry-run');
    if (!kind || !KINDS.includes(kind as ImportKind))
      return usageError(io, this, `say what to import: ${KINDS.join(', ')}`);
    if (!path) return usageError(io, this, 'give the CSV file to import');
    if (rest.length) return usageError(io, this, `unexpected argument "${rest[0]}"`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      io.stderr.write(
        `tat import: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
      );
      return EXIT_FAILED;
    }
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    // Loaded here, not at import: the command table must not pull the database into `tat due`.
    const [{ importContacts }, { importGoals }, { summaryLine }, { importStaff }, { prepareDatabase }] =
      await Promise.all([
        import('../../import/contacts-import.js'),
        import('../../import/goals-import.js'),
        import('../../import/import-run.js'),
        import('../../import/staff-import.js'),
        import('./migrate.js'),
      ]);
    const handle = await prepareDatabase(loaded.config, io, `import ${kind}`);
    if (!handle) return EXIT_FAILED;
    try {
      const ctx: ServiceContext = { db: handle.db, calendar: loaded.calendar, now: () => new Date() };
      const actor: Actor = { kind: 'system', channel: 'cli' };
      const options = { file: basename(path), actor, dryRun };
      const outcome: ImportOutcome =
        kind === 'staff'
          ? await importStaff(ctx, text, { ...options, keepActive: loaded.config.TAT_ADMIN_EMAILS })
          : kind === 'contacts'
            ? await importContacts(ctx, text, options)
            : await importGoals(ctx, text, options);
      if (!outcome.ok) {
        io.stderr.write(`${outcome.errors.join('\n')}\n`);
        io.stderr.write(
          `Nothing imported: ${outcome.errors.length} problem${outcome.errors.length === 1 ? '' : 's'} to fix in ${options.file}, then run the import again.\n`,
        );
        return EXIT_FAILED;
      }
      io.stdout.write(`${summaryLine(kind as ImportKind, outcome.summary, outcome.dryRun)}\n`);
      for (const note of outcome.notes ?? []) io.stdout.write(`Note: ${note}\n`);
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
