// What every use case receives: the database, the program calendar and the clock (passed in so
// tests can fix it), and who is acting through which channel.
import type { Db, DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Calendar } from '../rules/calendar.js';
import { dateInZone, type IsoDate } from '../rules/dates.js';

export interface ServiceContext {
  db: Db;
  calendar: Calendar;
  now: () => Date;
}

export type Channel = 'slack' | 'teams' | 'console' | 'cli' | 'system';

export type Actor =
  | { kind: 'staff'; staffId: number; channel: Channel }
  | { kind: 'requester'; requesterId: number; channel: Channel }
  | { kind: 'system'; channel: Channel };

/** Today's date in the program time zone (R0). */
export function today(ctx: ServiceContext): IsoDate {
  return dateInZone(ctx.now(), ctx.calendar.timeZone);
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  changes: Record<string, unknown>;
}

/** R25: record who did what, when, through which channel — inside the caller's transaction. */
export async function writeAudit(
  tx: DbOrTx,
  ctx: ServiceContext,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values({
    at: ctx.now(),
    actorStaffId: actor.kind === 'staff' ? actor.staffId : null,
    actorRequesterId: actor.kind === 'requester' ? actor.requesterId : null,
    channel: actor.channel,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    changes: entry.changes,
  });
}
