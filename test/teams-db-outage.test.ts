// A database outage seen from Teams: every turn (a typed message, a card submit) is answered with
// the shared "the database is unavailable; nothing you sent was saved" text, /healthz says 503, and
// service resumes by itself. The wiring runs everywhere (an engine failing as postgres.js does); the
// real outage (PostgreSQL behind a TCP proxy that is cut and restored) only with TEST_DATABASE_URL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE_TEXT } from '../adapters/database-unavailable.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { startTeamsHarness, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { type DatabaseBehindProxy, openDatabaseBehindProxy } from './support/tcp-proxy.js';
import { cardAction, cardOf } from './support/teams-cards.js';
import { useTestDb } from './support/test-db.js';

const robin = { aad: 'aad-down', name: 'Robin Provider' };
const textOf = (sent: { activity: { text?: string } }[]) => sent.map((s) => s.activity.text ?? '').join('\n');
const healthz = async (h: TeamsHarness) =>
  (await fetch(`http://127.0.0.1:${h.app.listeningPort()}/healthz`)).status;

describe('Teams when the database connection fails', () => {
  const t = useTestDb();
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.stop();
  });

  it('answers a turn with the shared outage text (no incident reference) and /healthz 503', async () => {
    await createStaff(t.ctx.db, { teamsUserId: robin.aad, name: robin.name });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    h = await startTeamsHarness({
      engine: { handle: () => Promise.reject(refused) },
      ctx: t.ctx,
      tenantId: TENANT_ID,
      dbHandle: { ping: async () => false },
    });
    const sent = await h.say(robin, { text: 'help' });
    expect(textOf(sent)).toBe(DATABASE_UNAVAILABLE_TEXT);
    expect(h.logs.join('\n')).toContain('teams: database unavailable');
    expect(h.logs.join('\n')).not.toContain('teams: unexpected error');
    expect(await healthz(h)).toBe(503);
  });
});

const base = process.env.TEST_DATABASE_URL;

describe.runIf(base)('Teams during a PostgreSQL outage (real server behind a TCP proxy)', () => {
  let db: DatabaseBehindProxy;
  let h: TeamsHarness;

  beforeAll(async () => {
    db = await openDatabaseBehindProxy(base!);
    h = await startTeamsHarness({
      engine: createDialogEngine({ ctx: db.ctx, idleMinutes: 30 }),
      ctx: db.ctx,
      tenantId: TENANT_ID,
      dbHandle: db.handle,
    });
    const me = await createStaff(db.ctx.db, { teamsUserId: robin.aad, name: robin.name });
    for (const stateCode of ['MD', 'TX'])
      await createActivity(db.ctx.db, {
        primaryStaff: me,
        stateCode,
        tracking: true,
        focus: `QRIS in ${stateCode}`,
      });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  it('answers every turn, says 503 on /healthz, and resumes by itself', async () => {
    const help = await h.say(robin, { text: 'help' });
    expect(textOf(help)).not.toContain('database is unavailable');
    const started = await h.say(robin, { text: 'log' });
    const question = cardOf(started);
    // Two open activities: one button each; the click is a card submit.
    const button = cardAction(question, /MD/);
    expect(await healthz(h)).toBe(200);

    await db.proxy.cut();
    expect(await healthz(h)).toBe(503);
    const typed = await h.say(robin, { text: 'help' });
    expect(textOf(typed)).toBe(DATABASE_UNAVAILABLE_TEXT);
    const submitted = await h.say(robin, { value: { ...button.data } });
    expect(textOf(submitted)).toBe(DATABASE_UNAVAILABLE_TEXT);

    await db.proxy.restore();
    const until = Date.now() + 30_000;
    while ((await healthz(h)) !== 200) {
      if (Date.now() > until) throw new Error('/healthz did not recover');
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await h.say(robin, { text: 'help' });
    expect(textOf(after)).not.toContain('database is unavailable');
    expect(after.length).toBeGreaterThan(0);
    // The dialog begun before the outage is still there: the same click now moves it on.
    const resumed = await h.say(robin, { value: { ...button.data } });
    expect(textOf(resumed)).not.toContain('database is unavailable');
    expect(cardAction(cardOf(resumed), 'OK').data).toMatchObject({ field: 'dates' });
  }, 120_000);
});
