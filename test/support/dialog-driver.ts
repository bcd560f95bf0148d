// Drives the dialog engine like a user: a table of utterances, each with what the reply must show.
// Used by the table-driven dialog tests (BotBuilder-Samples core-bot style).
import { expect } from 'vitest';
import { createDialogEngine, type DialogEngine } from '../../dialogs/engine.js';
import type { Reply, Speaker, Turn } from '../../dialogs/types.js';
import type { ServiceContext } from '../../src/services/context.js';

export interface Expect {
  /** The field of the next prompt ('confirm' for a preview); null = no prompt. */
  prompt?: string | null;
  error?: RegExp;
  noError?: boolean;
  messages?: RegExp;
  done?: 'completed' | 'cancelled' | 'expired';
  /** Preview field labels → expected value (regex). */
  preview?: Record<string, RegExp>;
  warnings?: RegExp;
}

export type Exchange = [utterance: string | Omit<Turn, 'speaker'>, expected: Expect];

export function speakerFor(staff: { id: number; email: string }, conversation = 'console'): Speaker {
  return { channel: 'console', workspace: 'local', conversation, userKey: staff.email, staffId: staff.id };
}

export function engineFor(ctx: ServiceContext, idleMinutes = 30): DialogEngine {
  return createDialogEngine({ ctx, idleMinutes });
}

const allText = (r: Reply) => [...r.messages, r.error ?? '', r.prompt?.text ?? ''].join('\n');

export function check(reply: Reply, e: Expect, label: string): void {
  const where = `${label}\n${JSON.stringify(reply, null, 1)}`;
  if (e.prompt !== undefined) expect(reply.prompt?.field ?? null, where).toBe(e.prompt);
  if (e.error) expect(reply.error ?? '', where).toMatch(e.error);
  if (e.noError) expect(reply.error, where).toBeUndefined();
  if (e.messages) expect(allText(reply), where).toMatch(e.messages);
  if (e.done) expect(reply.done?.outcome, where).toBe(e.done);
  if (e.preview) {
    for (const [label2, re] of Object.entries(e.preview)) {
      const f = reply.preview?.fields.find((x) => x.label === label2);
      expect(f?.value ?? '(no such preview field)', where).toMatch(re);
    }
  }
  if (e.warnings) expect((reply.preview?.warnings ?? []).join('\n'), where).toMatch(e.warnings);
  expect(reply.dialog, where).toBeDefined();
}

/** Plays the exchanges in order; returns the replies. */
export async function converse(
  engine: DialogEngine,
  speaker: Speaker,
  exchanges: Exchange[],
): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const [i, [say, e]] of exchanges.entries()) {
    const turn: Turn = typeof say === 'string' ? { speaker, text: say } : { speaker, ...say };
    const reply = await engine.handle(turn);
    check(reply, e, `turn ${i + 1}: ${JSON.stringify(say)}`);
    replies.push(reply);
  }
  return replies;
}
