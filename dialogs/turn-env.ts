// The FlowEnv of one turn: who is talking (their active staff profile), the clock, the program date,
// and the reads shared within the turn (cleared before and after a commit writes).
import type { StaffNotifier } from '../src/reminders/notify.js';
import { type ServiceContext, today } from '../src/services/context.js';
import type { StaffRow } from '../src/services/permissions.js';
import type { FeedbackRequester, FlowEnv } from './flow.js';
import type { Speaker } from './types.js';

const turnReads = new WeakMap<FlowEnv, Map<string, Promise<unknown>>>();

/** What the engine adds to every turn's env besides the speaker's profile. */
export interface TurnExtras {
  feedbackRequester?: FeedbackRequester | undefined;
  notifyStaff?: StaffNotifier | undefined;
}

/**
 * The env of a turn for the speaker's staff row (read with the dialog, in the turn's first
 * statement), or why the speaker cannot use the bot.
 */
export function turnEnv(
  ctx: ServiceContext,
  speaker: Speaker,
  me: StaffRow | undefined,
  extras: TurnExtras = {},
): FlowEnv | string {
  if (!me?.active)
    return 'Your staff profile was not found or is inactive. Ask a TAT administrator to add you.';
  const now = ctx.now();
  const cache = new Map<string, Promise<unknown>>();
  const env: FlowEnv = {
    memo: <T>(key: string, load: () => Promise<T>) => {
      if (!cache.has(key)) cache.set(key, load());
      return cache.get(key) as Promise<T>;
    },
    ctx,
    actor: { kind: 'staff', staffId: me.id, channel: speaker.channel },
    me,
    speaker,
    now,
    timeZone: me.timeZone,
    // R0: the program's calendar date, which the services check dates against ("not in the
    // future", R1/R2), not the user's: at 09:30 Tuesday in Guam it is still Monday in New York.
    today: today(ctx),
    ...(extras.feedbackRequester ? { feedbackRequester: extras.feedbackRequester } : {}),
    ...(extras.notifyStaff ? { notifyStaff: extras.notifyStaff } : {}),
  };
  turnReads.set(env, cache);
  return env;
}

/** Forgets the turn's shared reads (a write is about to change, or has changed, what they saw). */
export const clearTurnReads = (env: FlowEnv) => turnReads.get(env)?.clear();
