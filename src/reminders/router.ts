// Picks the channel a nudge goes through: the person's preferred channel if it can reach them,
// else the first port (in the order given) that can.
import type { ChannelPort, ReminderStaff } from './channel-port.js';

export interface ChannelRouter {
  route(staff: ReminderStaff): ChannelPort | undefined;
}

export function createChannelRouter(ports: readonly ChannelPort[]): ChannelRouter {
  return {
    route(staff) {
      const preferred = ports.find((p) => p.channel === staff.preferredChannel);
      if (preferred?.canReach(staff)) return preferred;
      return ports.find((p) => p.canReach(staff));
    },
  };
}
