// The shapes of what Slack posts to /slack/events, checked at the boundary (zod) before Bolt routes
// anything: a signed body that no Slack request could have (`null`, `user: null`, `actions` not an
// array, ids with NUL or kilobytes long…) is answered 400 instead of reaching a handler that would
// crash on it. Only the fields our handlers read are checked; everything else passes through.
import { z } from 'zod';

/** Slack ids, trigger ids, event ids, timestamps: short, printable. */
export const MAX_ID_LENGTH = 255;
const id = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** Typed text (slash command text, a DM): far above any real message, far below a memory problem. */
export const MAX_TEXT_LENGTH = 40_000;
const text = z.string().max(MAX_TEXT_LENGTH);

const user = z.looseObject({ id, team_id: id.optional() });
const team = z.looseObject({ id }).nullable().optional();
const stateValues = z.record(
  z.string().max(MAX_ID_LENGTH),
  z.record(z.string().max(MAX_ID_LENGTH), z.looseObject({})),
);
const view = z.looseObject({
  id,
  type: z.string().max(50).optional(),
  hash: z.string().max(MAX_ID_LENGTH).optional(),
  team_id: id.optional(),
  private_metadata: z.string().max(3000).optional(),
  state: z.looseObject({ values: stateValues }).optional(),
});

const slashCommand = z.looseObject({
  command: z.string().min(1).max(100),
  team_id: id,
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string().max(2000),
  text: text.optional(),
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  team,
  trigger_id: id.optional(),
  response_url: z.string().max(2000).optional(),
  channel: z.looseObject({ id }).optional(),
  container: z.looseObject({ type: z.string().max(50) }).optional(),
  // A click on App Home or a message may carry a view without an id; a modal's always has one.
  view: view.extend({ id: id.optional() }).optional(),
  state: z.looseObject({ values: stateValues }).optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().max(MAX_ID_LENGTH),
        block_id: z.string().max(MAX_ID_LENGTH).optional(),
        value: z.string().max(2000).optional(),
      }),
    )
    .min(1),
});

const viewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user,
  team,
  view,
});

const blockSuggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  user,
  team,
  action_id: z.string().max(MAX_ID_LENGTH),
  value: z.string().max(2000),
});

const messageEvent = z.looseObject({
  type: z.literal('message'),
  channel: id.optional(),
  user: id.optional(),
  text: text.optional(),
  ts: id.optional(),
  thread_ts: id.optional(),
});
const event = z.union([
  messageEvent,
  z.looseObject({
    type: z
      .string()
      .max(100)
      .refine((t) => t !== 'message'),
  }),
]);

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: id,
  event,
});

const urlVerification = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string().max(500),
});

/** Anything else Slack may send (shortcuts, app_rate_limited…): an object with a type. */
const otherTyped = z.looseObject({ type: z.string().min(1).max(100) });

const KNOWN: Record<string, z.ZodType> = {
  block_actions: blockActions,
  view_submission: viewPayload,
  view_closed: viewPayload,
  block_suggestion: blockSuggestion,
  event_callback: eventCallback,
  url_verification: urlVerification,
};

/** Undefined when `body` could have come from Slack; else a short reason (for the log, no user text). */
export function slackBodyProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body is not an object';
  const b = body as Record<string, unknown>;
  const schema =
    'command' in b ? slashCommand : typeof b.type === 'string' ? (KNOWN[b.type] ?? otherTyped) : undefined;
  if (!schema) return 'the body has neither a command nor a type';
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
