// Words of the nudges: labels, details and the final message text, shared by every channel.
import { formatNoteDate, type IsoDate } from '../rules/dates.js';
import type { NudgeButton, NudgeItemView, NudgeMessage, NudgeMessageKind } from './channel-port.js';
import type { PlannedItem } from './plan-types.js';

/** Most lines and buttons one message shows; the text says how many more there are. */
export const MAX_LINES = 40;
export const MAX_BUTTONS = 24;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `November 2026` for any date of that month. */
export function monthName(date: IsoDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

export const fmt = formatNoteDate;

export function activityLabel(activityId: number, stateCode: string, focus: string): string {
  return `TA request #${activityId} (${stateCode}) — ${focus}`;
}

export const logButton = (activityId: number, withId = false): NudgeButton => ({
  label: withId ? `Log summary #${activityId}` : 'Log summary',
  command: `log ${activityId}`,
  style: 'primary',
});

export const noTaButton = (activityId: number, month: IsoDate, withId = false): NudgeButton => ({
  label: withId ? `No TA in ${MONTHS[Number(month.slice(5, 7)) - 1]} #${activityId}` : 'No TA this month',
  command: `no-ta ${activityId} ${month.slice(0, 7)}`,
});

export const snoozeButton = (activityId: number, withId = false): NudgeButton => ({
  label: withId ? `Snooze #${activityId} until tomorrow` : 'Snooze until tomorrow',
  command: `snooze ${activityId}`,
});

export const ordinal = (n: number) => (n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`);

function introFor(kind: NudgeMessageKind, items: readonly PlannedItem[]): string {
  switch (kind) {
    case 'monthly_notes': {
      const month = monthName(items[0]!.slot);
      return `*Monthly notes for ${month}:* ${items.length === 1 ? 'this TA activity has' : `these ${items.length} TA activities have`} no summary of TA delivered for the month. Log one, or say there was no TA this month (R4).`;
    }
    case 'daily_digest':
      return `*Your TAT reminders for today* (${items.length}):`;
    default:
      return items.length === 1 ? items[0]!.words().headline : `${items.length} reminders:`;
  }
}

/** Builds the channel-neutral message for the items one message carries. */
export function renderMessage(kind: NudgeMessageKind, items: readonly PlannedItem[]): NudgeMessage {
  const lines: NudgeItemView[] = [];
  const buttons: NudgeButton[] = [];
  const seen = new Set<string>();
  const text: string[] = [introFor(kind, items)];
  const multi = kind === 'monthly_notes' || kind === 'daily_digest' || items.length > 1;
  let total = 0;
  for (const item of items) {
    const words = item.words();
    total += words.lines.length + (words.moreLines ?? 0);
    if (kind === 'daily_digest' || (multi && kind !== 'monthly_notes')) text.push(`• ${words.headline}`);
    for (const line of words.lines) {
      if (lines.length < MAX_LINES) {
        lines.push(line);
        text.push(`${kind === 'daily_digest' ? '   ' : ''}– ${line.label}: ${line.detail}`);
      }
    }
    for (const b of words.buttons) {
      if (buttons.length < MAX_BUTTONS && !seen.has(b.command)) {
        seen.add(b.command);
        buttons.push(b);
      }
    }
  }
  if (total > lines.length) text.push(`…and ${total - lines.length} more; see them with /ta find.`);
  if (buttons.length > 0 && multi) {
    text.push(
      'Reply with `log <#>`, `no-ta <#> <YYYY-MM>` or `snooze <#>` if your channel shows no buttons.',
    );
  }
  return { kind, text: text.join('\n'), items: lines, buttons };
}
