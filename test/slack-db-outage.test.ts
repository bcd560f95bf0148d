// A real PostgreSQL outage (a TCP proxy in front of the server, cut and restored) seen from Slack:
// every turn is answered ("the database is unavailable; nothing you sent was saved"), /healthz says
// 503, and service resumes by itself. Runs only against a real server (TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../dialogs/engine.js';
import { createStaff } from './support/fixtures.js';
import { commandFields, eventEnvelope, type Harness, startHarness, textOf } from './support/slack-harness.js';
import { type DatabaseBehindProxy, openDatabaseBehindProxy } from './support/tcp-proxy.js';

const base = process.env.TEST_DATABASE_URL;

describe.runIf(base)('Slack during a PostgreSQL outage (real server behind a TCP proxy)', () => {
  let db: DatabaseBehindProxy;
  let h: Harness;

  beforeAll(async () => {
    db = await openDatabaseBehindProxy(base!);
    h = await startHarness({
      engine: createDialogEngine({ ctx: db.ctx, idleMinutes: 30 }),
      ctx: db.ctx,
      dbHandle: db.handle,
    });
    const me = await createStaff(db.ctx.db, { name: 'Robin Provider', email: 'u0down@center.example.org' });
    h.fake.addUser({ id: 'U0DOWN', email: me.email });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const healthz = async () => (await fetch(`${h.slack.baseUrl}/healthz`)).status;

  it('answers every turn, says 503 on /healthz, and resumes by itself', async () => {
    await h.slack.command(commandFields(h, 'U0DOWN', 'help'));
    const before = await h.fake.waitFor(() => h.fake.responses[0], 'the help reply');
    expect(textOf(before.body.blocks)).toContain('/ta log');
    expect(await healthz()).toBe(200);

    await db.proxy.cut();
    expect(await healthz()).toBe(503);
    await h.slack.command(commandFields(h, 'U0DOWN', 'help'));
    const down = await h.fake.waitFor(() => h.fake.responses[1], 'an answer during the outage', 30_000);
    expect(JSON.stringify(down.body)).toContain(
      'The database is unavailable right now, so nothing you sent was saved',
    );

    const dm = eventEnvelope(h, {
      type: 'message',
      channel_type: 'im',
      channel: 'D0DOWN',
      user: 'U0DOWN',
      text: 'help',
      ts: '1764000000.000200',
    });
    await h.slack.event(dm);
    const posted = await h.fake.waitFor(
      () => h.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'D0DOWN'),
      'a DM answer during the outage',
      30_000,
    );
    expect(String(posted.args.text)).toContain('The database is unavailable right now');

    await db.proxy.restore();
    const until = Date.now() + 30_000;
    while ((await healthz()) !== 200) {
      if (Date.now() > until) throw new Error('/healthz did not recover');
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.slack.command(commandFields(h, 'U0DOWN', 'help'));
    const after = await h.fake.waitFor(() => h.fake.responses[2], 'the help reply after the outage', 30_000);
    expect(textOf(after.body.blocks)).toContain('/ta log');
  }, 120_000);
});
