// R7: record that the State's CCDF Administrator or the Regional Program Manager approved a new
// requester (who, in which role, when). The approver is chosen from the recorded contacts, never typed. Recorded by the State Systems Specialist of the requester's
// State (for a regional contact: of a State in that region) or by a TAT administrator.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requesters, staffStates, states } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { dateInZone, formatNoteDate } from '../rules/dates.js';
import { ApproveRequesterInput } from '../rules/requester-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { requireRecordedApprover } from './approvers.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import type { RequesterRow } from './lookups.js';
import { requireStaff, type StaffRow } from './permissions.js';
import { inTransaction } from './transaction.js';

const ROLE_LABEL = {
  ccdf_administrator: 'CCDF Administrator',
  rpm: 'Regional Program Manager',
  directory: 'TAT directory',
} as const;

async function specialistFor(db: DbOrTx, who: StaffRow, requester: RequesterRow): Promise<boolean> {
  if (who.role !== 'specialist') return false;
  const covered = requester.stateCode
    ? sql`${staffStates.stateCode} = ${requester.stateCode}`
    : sql`${staffStates.stateCode} in (select ${states.code} from ${states} where ${states.region} = ${requester.region})`;
  const rows = await db
    .select({ s: staffStates.stateCode })
    .from(staffStates)
    .where(sql`${staffStates.staffId} = ${who.id} and ${covered}`)
    .limit(1);
  return rows.length > 0;
}

export async function approveRequester(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<RequesterRow>> {
  const parsed = parseInput(ApproveRequesterInput, input);
  if (!parsed.ok) return parsed;
  const { requesterId, approverId } = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const who = unwrap(await requireStaff(tx, actor));
    const [requester] = await tx
      .select()
      .from(requesters)
      .where(eq(requesters.id, requesterId))
      .for('update');
    if (!requester) {
      refuse(ErrorCode.NotFound, `Requester #${requesterId} does not exist. Look them up by name or e-mail.`);
    }
    const r = requester!;
    const where = r.stateCode ?? `Region ${r.region}`;
    if (who.role !== 'admin' && !(await specialistFor(tx, who, r))) {
      refuse(
        ErrorCode.Forbidden,
        `Only the State Systems Specialist for ${where} or a TAT administrator can record a requester's approval. Ask them to record it.`,
      );
    }
    if (r.approvalStatus === 'approved') {
      const on = r.approvedAt ? ` on ${formatNoteDate(dateInZone(r.approvedAt, ctx.calendar.timeZone))}` : '';
      const role =
        r.approvedByRole && r.approvedByRole !== 'directory' ? ` (${ROLE_LABEL[r.approvedByRole]})` : '';
      refuse(
        ErrorCode.AlreadyApproved,
        `${r.name} was already approved by ${r.approvedBy}${role}${on}. Nothing to change.`,
      );
    }
    const approver = unwrap(
      await requireRecordedApprover(tx, approverId, { stateCode: r.stateCode, region: r.region }),
    );
    const approvedAt = ctx.now();
    const approvedBy = approver.name;
    const approvedByRole = approver.role;
    const [row] = await tx
      .update(requesters)
      .set({
        approvalStatus: 'approved',
        approvedBy,
        approvedByRole,
        approvedAt,
        approvedByRequesterId: approver.id,
      })
      .where(eq(requesters.id, requesterId))
      .returning();
    await writeAudit(tx, ctx, actor, {
      action: 'approve_requester',
      entity: 'requester',
      entityId: requesterId,
      changes: {
        approvalStatus: { from: 'pending', to: 'approved' },
        approvedBy,
        approvedByRole,
        approvedByRequesterId: approver.id,
        approvedAt,
      },
    });
    return row!;
  });
}
