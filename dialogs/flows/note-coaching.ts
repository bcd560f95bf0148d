// R15 for plan descriptions and response notes: the role-not-name, credit-the-center advice shown
// as preview warnings (coached, never refused).
import { coachNoteNames } from '../../src/rules/summary-coaching.js';
import { coachingPeople } from '../../src/services/activity-common.js';
import type { FlowEnv } from '../flow.js';
import { activityRow } from './common.js';

export async function noteNameWarnings(env: FlowEnv, activityId: number, text: unknown): Promise<string[]> {
  if (typeof text !== 'string') return [];
  const row = await activityRow(env, activityId);
  const people = row ? await coachingPeople(env.ctx.db, row) : [];
  return coachNoteNames(text, people).map((w) => w.message);
}
