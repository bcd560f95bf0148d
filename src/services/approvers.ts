// R7/R8: who may approve a new requester or an indirect request. The approver is never a typed name:
// it is a recorded, approved contact who is the CCDF Administrator of the State in question or the
// Regional Program Manager (RPM) of its region.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requesters, states } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { ApproverRole } from '../rules/requester-schemas.js';

export interface Approver {
  id: number;
  name: string;
  title: string;
  role: ApproverRole;
  stateCode: string | null;
  region: number | null;
}

/** Where the approval is needed: a State (its CCDF Administrator or its region's RPM) or a region. */
export interface ApprovalPlace {
  stateCode: string | null;
  region: number | null;
}

export const APPROVER_ROLE_LABEL: Record<ApproverRole, string> = {
  ccdf_administrator: 'CCDF Administrator',
  rpm: 'RPM',
};

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
export const regionLabel = (region: number | null) => `Region ${ROMAN[(region ?? 0) - 1] ?? region}`;

/** "Morgan Ellis (CCDF Administrator, MD)" / "Dana Whitfield (RPM, Region III)". */
export const approverLabel = (a: Approver) =>
  `${a.name} (${APPROVER_ROLE_LABEL[a.role]}, ${a.role === 'rpm' ? regionLabel(a.region) : a.stateCode})`;

async function regionOf(db: DbOrTx, place: ApprovalPlace): Promise<number | null> {
  if (!place.stateCode) return place.region;
  const [row] = await db
    .select({ region: states.region })
    .from(states)
    .where(eq(states.code, place.stateCode));
  return row?.region ?? place.region;
}

/** The recorded approvers for a place: the State's CCDF Administrator(s) first, then the RPM(s). */
export async function recordedApprovers(db: DbOrTx, place: ApprovalPlace): Promise<Approver[]> {
  const region = await regionOf(db, place);
  const rows = await db
    .select()
    .from(requesters)
    .where(
      and(
        eq(requesters.approvalStatus, 'approved'),
        or(
          place.stateCode
            ? and(eq(requesters.isCcdfAdministrator, true), eq(requesters.stateCode, place.stateCode))
            : undefined,
          region !== null ? and(eq(requesters.isRpm, true), eq(requesters.region, region)) : undefined,
        ) ?? sql`false`,
      ),
    )
    .orderBy(sql`${requesters.isCcdfAdministrator} desc`, asc(requesters.name), asc(requesters.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    role: r.isCcdfAdministrator && r.stateCode === place.stateCode ? 'ccdf_administrator' : 'rpm',
    stateCode: r.stateCode,
    region: r.region,
  }));
}

/** The chosen approver, if they are on record for the place; else what to choose instead. */
export async function requireRecordedApprover(
  db: DbOrTx,
  approverId: number,
  place: ApprovalPlace,
): Promise<Result<Approver>> {
  const candidates = await recordedApprovers(db, place);
  const found = candidates.find((c) => c.id === approverId);
  if (found) return ok(found);
  const where = place.stateCode ?? regionLabel(place.region);
  const region = await regionOf(db, place);
  const choose =
    candidates.length > 0
      ? `Choose one of: ${candidates.map(approverLabel).join('; ')}.`
      : `No CCDF Administrator of ${where} nor RPM of ${regionLabel(region)} is on record: ask a TAT administrator to add them (tat import contacts, or /ta contacts ${place.stateCode ?? '<State>'} add).`;
  const [chosen] = await db.select().from(requesters).where(eq(requesters.id, approverId));
  const who = chosen
    ? `${chosen.name} is not the recorded CCDF Administrator of ${where} nor the RPM of ${regionLabel(region)}`
    : `Contact #${approverId} does not exist`;
  return fail(ErrorCode.InvalidInput, `${who}, so cannot approve (R7, R8). ${choose}`, {
    field: 'approverId',
    approverIds: candidates.map((c) => c.id),
  });
}
