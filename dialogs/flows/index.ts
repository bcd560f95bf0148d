// Every verb's handler. The engine uses these unless a test passes its own.
import type { Verb } from '../commands.js';
import type { Handler } from '../flow.js';
import { askFeedbackCommand } from './ask-feedback.js';
import { closeFlow } from './close.js';
import { contactsFlow } from './contacts.js';
import { editFlow } from './edit.js';
import { exportCommand } from './export.js';
import { feedbackFlow } from './feedback.js';
import { findCommand } from './find.js';
import { goalFlow } from './goal.js';
import { helpCommand } from './help.js';
import { logFlow } from './log.js';
import { mineCommand } from './mine.js';
import { newFlow } from './new.js';
import { noTaCommand } from './no-ta.js';
import { noteFlow } from './note.js';
import { planFlow } from './plan.js';
import { reassignFlow } from './reassign.js';
import { reportCommand } from './report.js';
import { requestersFlow } from './requesters.js';
import { showCommand } from './show.js';
import { snoozeCommand } from './snooze.js';
import { staffFlow } from './staff.js';
import { statusFlow } from './status.js';

export const defaultHandlers: Partial<Record<Verb, Handler>> = {
  new: newFlow,
  edit: editFlow,
  reassign: reassignFlow,
  log: logFlow,
  close: closeFlow,
  plan: planFlow,
  status: statusFlow,
  note: noteFlow,
  feedback: feedbackFlow,
  'ask-feedback': askFeedbackCommand,
  mine: mineCommand,
  show: showCommand,
  find: findCommand,
  help: helpCommand,
  'no-ta': noTaCommand,
  snooze: snoozeCommand,
  goal: goalFlow,
  requesters: requestersFlow,
  contacts: contactsFlow,
  staff: staffFlow,
  export: exportCommand,
  report: reportCommand,
};
