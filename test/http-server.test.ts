// One HTTP server for every channel (adapters/http-server.ts): a signed Slack command, a JWT-signed
// Teams activity and GET /healthz on the same port, each channel keeping its own refusals (Slack
// 400/401/413 from its request guard, Teams 401 for a bad token and 413 over 1 MB).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChannelHttpServer, createChannelHttpServer } from '../adapters/http-server.js';
import type { Engine } from '../adapters/slack/deps.js';
import { MAX_SLACK_BODY_BYTES } from '../adapters/slack/request-guard.js';
import type { Reply } from '../dialogs/types.js';
import { createLogger } from '../src/logger.js';
import { engineFor } from './support/dialog-driver.js';
import { startTeamsHarness, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createStaff } from './support/fixtures.js';
import { commandFields, type Harness, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

const answering: Engine = {
  async handle(turn): Promise<Reply> {
    return { messages: [`got ${turn.text ?? turn.command ?? ''}`] };
  },
};

let server: ChannelHttpServer;
let slack: Harness;
let teams: TeamsHarness;
let databaseUp = true;
const logs: string[] = [];
const url = (path: string) => `http://127.0.0.1:${server.listeningPort()}${path}`;

beforeEach(async () => {
  databaseUp = true;
  server = createChannelHttpServer({
    ping: async () => databaseUp,
    logger: createLogger('debug', (line) => logs.push(line)),
  });
  await server.listen(0, '127.0.0.1');
  slack = await startHarness({ engine: answering, ctx: t.ctx, server });
  teams = await startTeamsHarness({ engine: engineFor(t.ctx), ctx: t.ctx, tenantId: TENANT_ID, server });
});
afterEach(async () => {
  await server.stop();
  await slack?.stop();
  await teams?.stop();
});

describe('one HTTP server for Slack and Teams', () => {
  it('serves a signed Slack command, a JWT-signed Teams activity and /healthz on one port', async () => {
    expect(slack.app.listeningPort()).toBeUndefined();
    expect(teams.app.listeningPort()).toBeUndefined();

    await createStaff(t.ctx.db, { email: 'pat@center.example.org', name: 'Pat Slack' });
    slack.fake.addUser({ id: 'U0PAT', email: 'pat@center.example.org' });
    const ack = await slack.slack.command(commandFields(slack, 'U0PAT', 'help'));
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const posted = await slack.fake.waitFor(() => slack.fake.responses[0], 'the Slack reply');
    expect(textOf(posted.body.blocks)).toContain('got /ta help');

    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin', name: 'Robin Reyes' });
    const sent = await teams.say({ aad: 'aad-robin' }, { text: 'help' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.activity.text).toMatch(/log/i);

    const health = await fetch(url('/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'reachable' });
  });

  it('answers /healthz 503 once for the whole process when the database does not answer', async () => {
    databaseUp = false;
    const res = await fetch(url('/healthz'));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', database: 'unreachable' });
  });

  it('keeps Slack refusals: 401 for a wrong signature, 413 over its limit, 400 for an impossible body', async () => {
    const forged = await slack.slack.command(commandFields(slack, 'U0PAT', 'help'), { secret: 'nope' });
    expect(forged.status).toBe(401);
    const big = await slack.slack.post(
      `text=${'x'.repeat(MAX_SLACK_BODY_BYTES + 1)}`,
      'application/x-www-form-urlencoded',
    );
    expect(big.status).toBe(413);
    const impossible = await slack.slack.post('null', 'application/json');
    expect(impossible.status).toBe(400);
  });

  it('keeps Teams refusals: 401 for a forged token, 413 over 1 MB, 405 for GET', async () => {
    const activity = teams.activity({ aad: 'aad-nobody' }, { text: 'help' });
    expect((await teams.post(activity, 'Bearer not-a-jwt')).status).toBe(401);
    const big = await fetch(url('/api/messages'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, text: 'x'.repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await fetch(url('/api/messages'))).status).toBe(405);
  });

  it('answers 404 to other paths and 405 to GET /slack/events, and keeps serving', async () => {
    expect((await fetch(url('/nowhere'))).status).toBe(404);
    expect((await fetch(url('/slack/events'))).status).toBe(405);
    expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(405);
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });
});
