// The shape of what the Bot Framework posts to /api/messages, checked at the boundary (zod) before
// botbuilder sees it: an activity no channel could send (no `from`, `value` a string, ids with NUL or
// kilobytes long…) is answered 400 instead of reaching a handler that would crash on it (500) or a
// dedupe key that cannot be stored. Only the fields our handlers read are checked; the rest passes.
import { z } from 'zod';

/** Bot Framework ids (Teams conversation ids run to a few hundred characters): bounded, printable. */
export const MAX_ID_LENGTH = 1000;
const id = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

const account = z.looseObject({
  id,
  aadObjectId: id.optional(),
  name: z.string().max(MAX_ID_LENGTH).optional(),
});
const object = z.record(z.string(), z.unknown());
const objects = z.array(object);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date');

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(100),
  id: id.optional(),
  channelId: id,
  serviceUrl: z.url().max(2000),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id,
    conversationType: z.string().max(100).optional(),
    tenantId: id.optional(),
  }),
  name: z.string().max(200).optional(),
  text: z.string().optional(),
  // A card submit or an invoke carries an object; JSON null is what some serializers write for "none".
  value: object.nullable().optional(),
  replyToId: id.optional(),
  timestamp: date.optional(),
  localTimestamp: date.optional(),
  entities: objects.optional(),
  attachments: objects.optional(),
  channelData: object.optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
});

/** Undefined for a possible activity, else where it is impossible (field paths only: no user text). */
export function activityProblem(body: unknown): string | undefined {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
}
