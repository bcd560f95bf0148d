// The channel-neutral conversation contract. Adapters (Slack, Teams, console) turn platform events
// into a `Turn`, hand it to the dialog engine, and render the returned `Reply`. Nothing here knows
// about any platform.

/** Who is talking, and where. Together these key the persisted dialog state. */
export interface Speaker {
  channel: 'slack' | 'teams' | 'console';
  /** Slack team id, Teams tenant id, or 'local' for the console. */
  workspace: string;
  /** Slack channel/DM id, Teams conversation id, or 'console'. */
  conversation: string;
  /** The platform user id (Slack U…, Teams AAD object id, console e-mail). */
  userKey: string;
  /** The resolved staff id; the adapter resolves identity before calling the engine. */
  staffId: number;
}

/**
 * How an answer arrived. `typed`: a line typed as a message (console, a Slack or Teams message), where
 * a small number may be a position in the list shown. `picked`: a button, select, card or form
 * value, which is always the choice's value, never a position.
 */
export type AnswerSource = 'typed' | 'picked';

export interface Choice {
  value: string;
  label: string;
  description?: string;
}

export type PromptKind =
  | 'text' // free text
  | 'choice' // one of `choices`
  | 'multi_choice' // several of `choices`
  | 'person' // a staff person or requester, searched by name or e-mail
  | 'date' // a calendar date or range in natural language
  | 'confirm' // yes / no (a preview's confirm step)
  | 'form'; // several fields at once, for channels that can show one (Slack/Teams modals)

export interface Prompt {
  kind: PromptKind;
  /** The answer field this prompt fills (also the `edit <field>` name). */
  field: string;
  /** The question, one or two sentences. */
  text: string;
  choices?: Choice[];
  /** Pre-filled answer the user can accept as is. */
  defaultValue?: string | string[];
  /** For `person`: whom to pick from. */
  personPool?: 'staff' | 'requesters';
  /** For `form`: the fields shown together. */
  fields?: Prompt[];
  optional?: boolean;
  /** Short help for `help` and for hint text under an input. */
  hint?: string;
}

export interface Preview {
  title: string;
  fields: { field: string; label: string; value: string }[];
  warnings?: string[];
}

/** A button that is not an answer to the current prompt (nudges, "Log summary", "Open"). */
export interface Action {
  id: string;
  label: string;
  /** Opaque value routed back as a command turn, e.g. `log 42`. */
  command: string;
  style?: 'primary' | 'danger';
}

/**
 * A file a reply hands over (an export's CSV, a report's chart). The command wrote it to `path`
 * (see outgoing-files.ts); the adapter delivers it: Slack uploads it to the person's DM, Teams
 * offers it (file consent) or shows it inline (`image`), the console prints where it is.
 */
export interface ReplyFile {
  /** The name the person sees, e.g. `tat-export-2026-11-23.csv`. */
  name: string;
  title: string;
  mimeType: 'text/csv' | 'image/png';
  path: string;
  bytes: number;
  /** Shown in the conversation rather than offered as a download. */
  image?: boolean;
}

export interface Reply {
  /** Messages to show, in order (plain text with *bold* and line breaks). */
  messages: string[];
  /** Files that come with the messages (exports, charts). */
  files?: ReplyFile[];
  /** Why the last answer was refused; the same prompt is asked again. */
  error?: string;
  /** The next question, if the dialog goes on. */
  prompt?: Prompt;
  preview?: Preview;
  actions?: Action[];
  /** Set when the dialog ended with this turn. */
  done?: { outcome: 'completed' | 'cancelled' | 'expired'; recordId?: number };
  /** Which dialog and step produced this reply (for rendering in place and stale-click checks). */
  dialog?: { name: string; step: string; version: number };
}

/** One user turn: a typed line, or a structured answer from a button, select or form. */
export interface Turn {
  speaker: Speaker;
  /** Raw text, e.g. `/ta log held a call yesterday` or an answer such as `2`. */
  text?: string;
  /** A structured answer to the current prompt (button value, selected options, form values). */
  answer?: string | string[] | Record<string, string | string[]>;
  /** The dialog version the answer was given against; a stale one gets a polite reply. */
  expectedVersion?: number;
  /**
   * An Action's `command` (a button such as "Log summary" or a nudge's "No TA this month"), e.g.
   * `log 42`. Always read as a command, never as an answer to the waiting prompt.
   */
  command?: string;
}
