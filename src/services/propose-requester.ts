// R7: add a new requester. E-mail is unique case-insensitively: an existing one is refused and offered
// instead. A new requester is saved as pending until the State's CCDF Administrator or the RPM
// approves (recorded with approveRequester).
import { requesters } from '../../db/schema.js';
import { ErrorCode, fail, type Result } from '../errors.js';
import { ProposeRequesterInput } from '../rules/requester-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { findRequesterByEmail, findState, type RequesterRow } from './lookups.js';
import { requireStaff } from './permissions.js';
import { inTransaction } from './transaction.js';

function requesterExists(existing: RequesterRow): Result<never> {
  const where = existing.stateCode ?? `Region ${existing.region}`;
  const pending = existing.approvalStatus === 'pending' ? ', still waiting for approval' : '';
  return fail(
    ErrorCode.RequesterExists,
    `A requester with the e-mail ${existing.email} already exists: ${existing.name}, ${existing.title} (${where}${pending}). Choose ${existing.name} instead of adding a new requester.`,
    { existingRequesterId: existing.id },
  );
}

/** Postgres unique violation (both drivers; drizzle may wrap the driver error in `cause`). */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export async function proposeRequester(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<RequesterRow>> {
  const parsed = parseInput(ProposeRequesterInput, input);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  try {
    return await inTransaction(ctx, async (tx) => {
      const who = unwrap(await requireStaff(tx, actor));
      let region = r.region ?? null;
      if (r.stateCode) {
        const state = await findState(tx, r.stateCode);
        if (!state) {
          refuse(
            ErrorCode.InvalidInput,
            `${r.stateCode} is not a State or Territory code. Use one like MD or GU.`,
          );
        }
        if (region !== null && region !== state!.region) {
          unwrap(
            fail(
              ErrorCode.InvalidInput,
              `${state!.name} is in Region ${state!.region}, not Region ${region}. Leave the region empty or correct it.`,
              { field: 'region' },
            ),
          );
        }
        region = state!.region;
      }
      const existing = await findRequesterByEmail(tx, r.email);
      if (existing) unwrap(requesterExists(existing));
      const [row] = await tx
        .insert(requesters)
        .values({
          name: r.name,
          email: r.email,
          title: r.title,
          stateCode: r.stateCode ?? null,
          region,
          isCcdfAdministrator: r.isCcdfAdministrator,
          isCcdfStaff: r.isCcdfStaff || r.isCcdfAdministrator,
          approvalStatus: 'pending',
          proposedByStaffId: who.id,
        })
        .returning();
      await writeAudit(tx, ctx, actor, {
        action: 'propose_requester',
        entity: 'requester',
        entityId: row!.id,
        changes: { ...r, region, approvalStatus: 'pending' },
      });
      return row!;
    });
  } catch (err) {
    // Someone added the same e-mail at the same moment: offer theirs, as if we had seen it first.
    if (!isUniqueViolation(err)) throw err;
    const existing = await findRequesterByEmail(ctx.db, r.email);
    if (!existing) throw err;
    return requesterExists(existing);
  }
}
