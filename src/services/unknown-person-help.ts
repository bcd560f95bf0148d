// What a person TAT Bot does not know yet is told, in every channel: what the bot does, who the TAT
// administrators are (names from the directory) and what to ask them — not only "I don't know you".
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { staff } from '../../db/schema.js';

export const WHAT_TAT_BOT_DOES =
  "I'm TAT Bot: I help technical-assistance staff keep their Technical Assistance Tracker (TAT) records — open TA requests, log TA delivered and its summaries, record requester feedback — and I remind them when summaries are due.";

export async function adminNames(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ name: staff.name, email: staff.email })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true)))
    .orderBy(asc(staff.name))
    .limit(10);
  return rows.map((r) => `${r.name} <${r.email}>`);
}

/** `platform` names where the e-mail was read from ("your Slack profile", "your Teams account"). */
export async function unknownPersonHelp(
  db: DbOrTx,
  email: string | undefined,
  platform: string,
): Promise<string> {
  const admins = await adminNames(db);
  const who = admins.length
    ? `a TAT administrator (${admins.join(', ')})`
    : 'whoever runs TAT Bot (no TAT administrator is on record yet: they set TAT_ADMIN_EMAILS, see the README)';
  const ask = email
    ? `I don't know you yet: ask ${who} to add ${email} as staff, then message me again.`
    : `I couldn't read an e-mail address on ${platform}: ask ${who} to add you as staff with your work e-mail, then message me again.`;
  return `${WHAT_TAT_BOT_DOES}\n${ask}`;
}
