// How long each free-text field may be. Generous for real use (a Slack modal's multi-line input
// stops at 3000 characters), small enough that no one can park megabytes in a record or a dialog.
// The same numbers are enforced by the zod schemas (services) and by the dialogs before an answer
// is kept, with one message that says by how much to shorten.
export const TEXT_LIMITS = {
  /** Summaries, plans, outcome plans and reports, notes, feedback. */
  long: 3000,
  /** Short explanations: other-focus notes, other-collaborator details, reasons. */
  medium: 1000,
  /** Names, titles, labels. */
  short: 200,
} as const;

/** What a command may carry after its verb (`/ta log <text>`), e.g. a first draft of a summary. */
export const MAX_COMMAND_TEXT = TEXT_LIMITS.long;

/** "Summary of TA delivered can be at most 3000 characters; yours has 4012 — please shorten it." */
export function tooLongMessage(what: string, max: number, length: number): string {
  return `${what} can be at most ${max} characters; yours has ${length} — please shorten it and send it again.`;
}
