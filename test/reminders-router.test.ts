// The channel router: the person's preferred channel when it can reach them, else the first port
// that can; and the recording port used by tests and local runs.
import { describe, expect, it } from 'vitest';
import type { ReminderStaff } from '../src/reminders/channel-port.js';
import { createRecordingPort } from '../src/reminders/recording-port.js';
import { createChannelRouter } from '../src/reminders/router.js';
import { reminderStaff } from './support/reminder-staff.js';

const person = (overrides: Partial<ReminderStaff>): ReminderStaff =>
  reminderStaff(1, { name: 'Alice Able', email: 'alice@example.org', preferredChannel: null, ...overrides });

describe('channel router', () => {
  const slack = createRecordingPort('slack', { canReach: (s) => s.slackUserId !== null });
  const teams = createRecordingPort('teams', { canReach: (s) => s.teamsUserId !== null });
  const consolePort = createRecordingPort('console', { canReach: (s) => s.email.endsWith('@example.org') });
  const router = createChannelRouter([slack, teams, consolePort]);

  it.each([
    [
      'the preferred channel when it can reach them',
      { preferredChannel: 'teams', slackUserId: 'U1', teamsUserId: 'T1' },
      'teams',
    ],
    [
      'the first port that can, when the preferred one cannot',
      { preferredChannel: 'teams', slackUserId: 'U1' },
      'slack',
    ],
    ['the first port that can, with no preference', { teamsUserId: 'T1' }, 'teams'],
    ['the console as the last resort', {}, 'console'],
  ] as const)('picks %s', (_what, overrides, expected) => {
    expect(router.route(person(overrides))?.channel).toBe(expected);
  });

  it('finds no channel when no port can reach the person', () => {
    expect(createChannelRouter([slack, teams]).route(person({}))).toBeUndefined();
  });

  it('the recording port records every attempt, failed ones too, in order', async () => {
    const port = createRecordingPort('console', {
      respond: (_s, _m, attempt) => (attempt === 1 ? { ok: false, error: 'busy' } : { ok: true }),
    });
    const message = { kind: 'summary_due' as const, text: 'hi', items: [], buttons: [] };
    expect(await port.send(person({}), message)).toEqual({ ok: false, error: 'busy' });
    expect(await port.send(person({}), message)).toEqual({ ok: true });
    expect(port.attempts.map((a) => [a.seq, a.result.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(port.sent()).toHaveLength(1);
  });
});
