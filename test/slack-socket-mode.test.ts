// The Slack channel in Socket Mode (SLACK_APP_TOKEN set): the real Bolt app gets its WebSocket URL
// from apps.connections.open on the fake Web API, connects to a fake Socket Mode server, acks a
// `/ta help` envelope over the socket and answers through response_url; /healthz is served on the
// configured port; stop() closes the socket with a normal closure and frees the port.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../adapters/slack/create-slack-app.js';
import type { DbHandle } from '../db/client.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createLogger } from '../src/logger.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from './support/fake-socket-mode.js';
import { createStaff } from './support/fixtures.js';
import { SIGNING_SECRET, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

interface SocketHarness {
  fake: FakeSlack;
  socket: FakeSocketMode;
  app: SlackApp;
  healthzUrl: string;
  logs: string[];
  /** Stops the app only (the fakes keep their records). */
  stopApp(): Promise<void>;
  stop(): Promise<void>;
}

let h: SocketHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A port nobody listens on: Bolt's Socket Mode HTTP server takes a fixed port, not 0. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startSocketMode(dbHandle: Pick<DbHandle, 'ping'> & Partial<Pick<DbHandle, 'kind'>>) {
  const socket = await startFakeSocketMode();
  const fake = await startFakeSlack({ socketModeUrl: socket.url });
  const port = await freePort();
  const logs: string[] = [];
  const app = createSlackApp({
    config: {
      botToken: fake.botToken,
      signingSecret: SIGNING_SECRET,
      appToken: fake.appToken,
      teamId: fake.teamId,
      apiUrl: fake.apiUrl,
      port,
    },
    engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }),
    ctx: t.ctx,
    dbHandle,
    logger: createLogger('debug', (line) => logs.push(line)),
  });
  let stopped = false;
  const stopApp = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
  };
  h = {
    fake,
    socket,
    app,
    healthzUrl: `http://127.0.0.1:${port}/healthz`,
    logs,
    stopApp,
    async stop() {
      await stopApp();
      await socket.close();
      await fake.close();
    },
  };
  await app.start();
  return h;
}

let triggers = 0;

/** A `/ta` slash command as Slack puts it in a Socket Mode envelope's payload. */
function slashCommand(harness: SocketHarness, user: string, text: string) {
  return {
    token: 'deprecated-verification-token',
    team_id: harness.fake.teamId,
    team_domain: 'tat',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/ta',
    text,
    api_app_id: 'A0TAT',
    is_enterprise_install: 'false',
    response_url: harness.fake.responseUrl(),
    trigger_id: `${++triggers}.${Date.now()}.trigger`,
  };
}

describe('Slack transport in Socket Mode', () => {
  it('connects with the app token through the configured Web API URL and answers /ta help', async () => {
    const s = await startSocketMode(t.handle);
    const opened = s.fake.callsOf('apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.token === s.fake.appToken).toBe(true);
    expect(s.app.listeningPort()).toBeUndefined();

    const me = await createStaff(t.ctx.db, { email: 'u0sock@center.example.org', name: 'Sam Socket' });
    s.fake.addUser({ id: 'U0SOCK', email: me.email });
    const payload = slashCommand(s, 'U0SOCK', 'help');
    const { envelopeId, ack } = await s.socket.deliver('slash_commands', payload);
    expect(ack.envelope_id).toBe(envelopeId);
    // Acked at once with no body: the reply goes through response_url, as over HTTP.
    expect(ack.payload ?? {}).toEqual({});

    const reply = await s.fake.waitFor(() => s.fake.responses[0], 'the help reply');
    expect(reply.id).toBe(payload.response_url.split('/').pop());
    expect(reply.body.response_type).toBe('ephemeral');
    const text = textOf(reply.body.blocks);
    for (const verb of ['/ta new', '/ta log', '/ta close', '/ta mine', '/ta find'])
      expect(text).toContain(verb);
    expect(s.logs.some((l) => l.includes('slack: channel started') && l.includes('socket'))).toBe(true);
    expect(s.logs.join('\n')).not.toContain(s.fake.appToken);
  });

  it('acks and drops a slash command without a user_id (impossible payload)', async () => {
    const s = await startSocketMode(t.handle);
    const { user_id: _dropped, ...noUser } = slashCommand(s, 'U0SOCK', 'help');
    const { envelopeId, ack } = await s.socket.deliver('slash_commands', noUser);
    expect(ack.envelope_id).toBe(envelopeId);
    await s.fake.waitFor(
      () => s.logs.some((l) => l.includes('slack: impossible payload dropped')),
      'the payload dropped',
    );
    expect(s.fake.responses).toEqual([]);
    expect(s.logs.join('\n')).not.toMatch(/unexpected error/);
  });

  it.each([
    { up: true, status: 200, database: 'reachable' },
    { up: false, status: 503, database: 'unreachable' },
  ])(
    'serves GET /healthz on the configured port: database $database ($status)',
    async ({ up, status, database }) => {
      const s = await startSocketMode({ ping: async () => up });
      const res = await fetch(s.healthzUrl);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ database });
    },
  );

  it('healthz reflects the real database handle in Socket Mode', async () => {
    const s = await startSocketMode(t.handle);
    const res = await fetch(s.healthzUrl);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'reachable' });
  });

  it('stop() closes the socket with a normal closure and frees the healthz port', async () => {
    const s = await startSocketMode(t.handle);
    await s.socket.connected();
    expect((await fetch(s.healthzUrl)).status).toBe(200);
    await s.stopApp();
    await s.socket.drained();
    expect(s.socket.closeCodes).toEqual([1000]);
    expect(s.socket.connections()).toBe(1);
    await expect(fetch(s.healthzUrl)).rejects.toThrow();
  });
});
