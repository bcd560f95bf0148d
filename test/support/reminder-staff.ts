// A staff row as the reminder planner and channel ports see it, for tests that need no database.
import type { ReminderStaff } from '../../src/reminders/channel-port.js';

export function reminderStaff(id: number, overrides: Partial<ReminderStaff> = {}): ReminderStaff {
  return {
    id,
    name: `Person ${id}`,
    title: 'TA Specialist',
    email: `p${id}@example.org`,
    centerId: 1,
    role: 'provider',
    slackUserId: null,
    teamsUserId: null,
    timeZone: 'America/New_York',
    workStartMinute: 540,
    workEndMinute: 1020,
    reminderMode: 'separate',
    reminderDailyCap: 10,
    preferredChannel: 'console',
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}
