// An in-memory channel port that records what it was asked to send. Tests script its answers
// (`respond`) to simulate failures and 429s; it also works as a no-network stand-in.
import type { ChannelName, ChannelPort, NudgeMessage, ReminderStaff, SendResult } from './channel-port.js';

export interface RecordedSend {
  staffId: number;
  message: NudgeMessage;
  /** 1-based order of all send attempts on this port, failed ones included. */
  seq: number;
  result: SendResult;
}

export interface RecordingPortOptions {
  /** Who the port can reach (default: everyone). */
  canReach?: (staff: ReminderStaff) => boolean;
  /** The answer to each attempt (default `{ ok: true }`); may wait to simulate a slow platform. */
  respond?: (
    staff: ReminderStaff,
    message: NudgeMessage,
    attempt: number,
  ) => SendResult | Promise<SendResult>;
}

export interface RecordingPort extends ChannelPort {
  /** Every attempt, in order. */
  readonly attempts: RecordedSend[];
  /** Successful sends only. */
  sent(): RecordedSend[];
}

export function createRecordingPort(channel: ChannelName, options: RecordingPortOptions = {}): RecordingPort {
  const attempts: RecordedSend[] = [];
  return {
    channel,
    attempts,
    canReach: (staff) => options.canReach?.(staff) ?? true,
    async send(staff, message) {
      const attempt = attempts.filter((a) => a.staffId === staff.id).length + 1;
      const entry: RecordedSend = {
        staffId: staff.id,
        message,
        seq: attempts.length + 1,
        result: { ok: true },
      };
      attempts.push(entry);
      entry.result = options.respond ? await options.respond(staff, message, attempt) : { ok: true };
      return entry.result;
    },
    sent: () => attempts.filter((a) => a.result.ok),
  };
}
