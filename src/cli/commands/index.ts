// The `tat` command table. Add a command: write src/cli/commands/<name>.ts and add one line here.
import { dueCommand } from './due.js';
import { exportCommand } from './export.js';
import { helpCommandFor } from './help.js';
import { holidaysCommand } from './holidays.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { remindCommand } from './remind.js';
import { reportCommand } from './report.js';
import { seedCommand } from './seed.js';
import type { Command } from './types.js';

export const commands: Command[] = [
  migrateCommand,
  seedCommand,
  dueCommand,
  holidaysCommand,
  remindCommand,
  importCommand,
  exportCommand,
  reportCommand,
  helpCommandFor(() => commands),
];
