// A one-off chat message to a staff person through the same channel ports (and routing) the nudges
// use, e.g. "you are now the primary staff of #12" (R9). Not a nudge: no ledger, sent once, now.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { staff } from '../../db/schema.js';
import type { ChannelName, ChannelPort, NudgeMessage } from './channel-port.js';
import { createChannelRouter } from './router.js';

export type NotifyResult = { sent: true; channel: ChannelName } | { sent: false; reason: string };

export type StaffNotifier = (staffId: number, message: NudgeMessage) => Promise<NotifyResult>;

/** A notifier over `ports` (read at each call, so ports added after start-up are used). */
export function createStaffNotifier(db: DbOrTx, ports: readonly ChannelPort[]): StaffNotifier {
  return async (staffId, message) => {
    const [person] = await db.select().from(staff).where(eq(staff.id, staffId));
    if (!person?.active) return { sent: false, reason: 'not an active staff person' };
    const port = createChannelRouter(ports).route(person);
    if (!port) return { sent: false, reason: 'no channel reaches them' };
    const r = await port.send(person, message);
    return r.ok ? { sent: true, channel: port.channel } : { sent: false, reason: r.error };
  };
}
