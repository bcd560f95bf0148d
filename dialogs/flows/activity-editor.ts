// R25 before a dialog about one activity starts: only its primary and collaborating staff, the
// State's specialist and admins change it, so anyone else is told at once, not after every answer.
import { activityRole } from '../../src/services/permissions.js';
import { errorReply, type FlowEnv, type Start } from '../flow.js';
import { activityRow } from './common.js';

/** The refusal for someone who may not change the activity, or undefined. */
export async function notEditorReply(env: FlowEnv, activityId: number): Promise<Start | undefined> {
  const row = await activityRow(env, activityId);
  if (!row || (await activityRole(env.ctx.db, env.me, row))) return undefined;
  return errorReply(
    `You are not primary or collaborating staff on TA request #${row.id}, nor the State Systems Specialist for ${row.stateCode}. Ask its primary staff to add you as a collaborator.`,
  );
}
