// Hostile or broken requests on POST /slack/events, correctly signed unless said otherwise: none may
// end the process or reach a handler. Impossible shapes get 400, timestamps more than 5 minutes
// from now either way 401, bodies over the limit 413 — and the app keeps serving afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { dedupeKey } from '../adapters/slack/dedupe.js';
import type { Engine } from '../adapters/slack/deps.js';
import { checkSlackRequest, MAX_SLACK_BODY_BYTES } from '../adapters/slack/request-guard.js';
import type { Turn } from '../dialogs/types.js';
import {
  commandFields,
  eventEnvelope,
  type Harness,
  messageAction,
  startHarness,
} from './support/slack-harness.js';
import { signSlackRequest } from './support/slack-signing.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function recordingEngine(): Engine & { turns: Turn[] } {
  const turns: Turn[] = [];
  return {
    turns,
    async handle(turn) {
      turns.push(turn);
      return { messages: ['ok'] };
    },
  };
}

async function start() {
  const engine = recordingEngine();
  h = await startHarness({ engine, ctx: t.ctx });
  return { h, engine };
}

/** A form post of `payload=<raw>` (not JSON-encoded by us: the raw text is sent as is). */
const rawPayload = (raw: string) => new URLSearchParams({ payload: raw }).toString();
const FORM = 'application/x-www-form-urlencoded';

type Json = Record<string, unknown>;
const without = (o: Json, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('signed but impossible requests get 400 and never reach a handler', () => {
  it('a JSON body `null`, `payload=null` and other non-objects get 400; the app keeps serving', async () => {
    const { h, engine } = await start();
    for (const [body, type] of [
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['"text"', 'application/json'],
      ['42', 'application/json'],
      ['{not json', 'application/json'],
      [rawPayload('null'), FORM],
      [rawPayload('[1,2]'), FORM],
      [rawPayload('{oops'), FORM],
      [`${rawPayload('{}')}&payload=x`, FORM],
      ['hello', 'text/plain'],
    ] as const) {
      const res = await h.slack.post(body, type);
      expect(res.status, `${type} ${body}`).toBe(400);
    }
    const ok = await h.slack.command(commandFields(h, 'U0OK', 'help'));
    expect(ok.status).toBe(200);
    await h.fake.waitFor(() => engine.turns.length === 1 || h.fake.responses.length > 0, 'the reply');
  });

  it('impossible block_actions, view, suggestion, event and command shapes get 400', async () => {
    const { h, engine } = await start();
    const click = messageAction(h, 'U0BAD', { action_id: 'tat_nav', value: 'back', type: 'button' }) as Json;
    const view = { id: 'V1', type: 'modal', private_metadata: '{}', state: { values: {} } };
    const submission = { type: 'view_submission', user: { id: 'U0BAD' }, team: { id: h.teamId }, view };
    const suggestion = { type: 'block_suggestion', user: { id: 'U0BAD' }, action_id: 'tat_pick', value: 'd' };
    const dm = {
      type: 'message',
      channel_type: 'im',
      channel: 'D0BAD',
      user: 'U0BAD',
      text: 'hi',
      ts: '1.2',
    };
    const envelope = eventEnvelope(h, dm) as Json;
    const command = commandFields(h, 'U0BAD', 'help');
    const interactions: [string, unknown][] = [
      ['user null', { ...click, user: null }],
      ['user a string', { ...click, user: 'U0BAD' }],
      ['user without id', { ...click, user: {} }],
      ['user id a number', { ...click, user: { id: 7 } }],
      ['actions not an array', { ...click, actions: { action_id: 'tat_nav' } }],
      ['actions null', { ...click, actions: null }],
      ['actions empty', { ...click, actions: [] }],
      ['an action null', { ...click, actions: [null] }],
      ['action_id a number', { ...click, actions: [{ action_id: 5 }] }],
      ['value an object', { ...click, actions: [{ action_id: 'tat_nav', value: {} }] }],
      ['state.values an array', { ...click, state: { values: [] } }],
      ['state.values of strings', { ...click, state: { values: { b: 'x' } } }],
      ['team a string', { ...click, team: 'T0' }],
      ['channel null', { ...click, channel: null }],
      ['view a string', { ...click, view: 'V1' }],
      ['submission without view', without(submission, 'view')],
      ['submission view null', { ...submission, view: null }],
      ['submission view.id null', { ...submission, view: { ...view, id: null } }],
      ['submission metadata an object', { ...submission, view: { ...view, private_metadata: {} } }],
      ['submission state null', { ...submission, view: { ...view, state: null } }],
      ['view_closed user null', { ...submission, type: 'view_closed', user: null }],
      ['suggestion value null', { ...suggestion, value: null }],
      ['suggestion without user', without(suggestion, 'user')],
      ['type a number', { ...click, type: 1 }],
      ['no type', without(click, 'type')],
    ];
    const events: [string, unknown][] = [
      ['event null', { ...envelope, event: null }],
      ['event a string', { ...envelope, event: 'message' }],
      ['event without type', { ...envelope, event: without(dm, 'type') }],
      ['message user null', { ...envelope, event: { ...dm, user: null } }],
      ['message text an object', { ...envelope, event: { ...dm, text: { a: 1 } } }],
      ['event_id a number', { ...envelope, event_id: 12 }],
      ['team_id an object', { ...envelope, team_id: { id: 'T' } }],
      ['event_id with NUL', { ...envelope, event_id: 'Ev1\u0000x' }],
      ['event_id 10 kB long', { ...envelope, event_id: `Ev${'9'.repeat(10_000)}` }],
    ];
    const commands: [string, Record<string, string>][] = [
      ['command without user_id', without(command, 'user_id') as Record<string, string>],
      ['trigger_id with NUL', { ...command, trigger_id: 'tr\u0000igger' }],
      ['trigger_id 10 kB long', { ...command, trigger_id: 't'.repeat(10_000) }],
    ];
    for (const [what, payload] of interactions)
      expect((await h.slack.interaction(payload)).status, what).toBe(400);
    for (const [what, body] of events) expect((await h.slack.event(body)).status, what).toBe(400);
    for (const [what, fields] of commands) expect((await h.slack.command(fields)).status, what).toBe(400);
    expect(engine.turns).toEqual([]);
    expect(h.logs.join('\n')).not.toMatch(/unexpected error/);
    expect((await h.slack.event(envelope)).status).toBe(200);
  });
});

describe('signature window and size limit', () => {
  it('refuses a signature dated more than 5 minutes in the future (401); 4 minutes either way is fine', async () => {
    const { h } = await start();
    const now = Math.floor(Date.now() / 1000);
    const at = (sec: number) =>
      h.slack.command(commandFields(h, 'U0CLK', 'help'), { timestampSec: now + sec });
    expect((await at(6 * 60)).status).toBe(401);
    expect((await at(4 * 60)).status).toBe(200);
    expect((await at(-4 * 60)).status).toBe(200);
  });

  it('judges the window with the clock passed in', () => {
    const body = Buffer.from('{"type":"url_verification","challenge":"c"}');
    const headers = {
      'content-type': 'application/json',
      ...signSlackRequest('s', body.toString(), 1_000_000),
    };
    const at = (sec: number) =>
      checkSlackRequest(body, headers, { signingSecret: 's', now: () => sec * 1000 });
    expect(at(1_000_000 + 300)).toEqual({ ok: true });
    expect(at(1_000_000 - 300)).toEqual({ ok: true });
    expect(at(1_000_000 + 301)).toMatchObject({ ok: false, status: 401 });
    expect(at(1_000_000 - 301)).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 413 to a body over the limit, signed or not, and keeps serving', async () => {
    const { h } = await start();
    const huge = commandFields(h, 'U0BIG', `log ${'x'.repeat(MAX_SLACK_BODY_BYTES)}`);
    expect((await h.slack.command(huge)).status).toBe(413);
    expect((await h.slack.command(commandFields(h, 'U0BIG', 'help'))).status).toBe(200);
  });
});

describe('dedupe keys', () => {
  it('are bounded and free of control characters whatever the ids', () => {
    const key = dedupeKey({ team_id: 'T\u00001', event_id: `E\u0000${'9'.repeat(5000)}` })!;
    expect(key.length).toBeLessThanOrEqual(200);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking there are none
    expect(key).not.toMatch(/[\u0000-\u001f]/);
    expect(dedupeKey({ team_id: 'T1', event_id: `E${'9'.repeat(5000)}` })).not.toBe(
      dedupeKey({ team_id: 'T1', event_id: `E${'9'.repeat(4999)}8` }),
    );
  });
});
