// Exactly once on Slack across a crash mid-sweep: each nudge carries its ledger ids in message
// metadata, and before a stale claim is sent again the DM's recent history is searched for them.
// A nudge that arrived before its sender died is recorded, not re-sent; one that never left is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { reminderLedger } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import type { ChannelPort } from '../src/reminders/channel-port.js';
import { runSweep } from '../src/reminders/sweep.js';
import { dmOf } from './support/fake-slack.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { type Harness, startHarness } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const DUE_SOON = new Date('2026-11-13T15:00:00Z'); // 2 business days before 11/17
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
const ledger = () => t.handle.db.select().from(reminderLedger).orderBy(reminderLedger.id);

async function setUp() {
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  const alice = await createStaff(t.ctx.db, { name: 'Alice Able', slackUserId: 'U0CRASH' });
  h.fake.addUser({ id: 'U0CRASH', email: alice.email });
  const activity = await createActivity(t.ctx.db, { primaryStaff: alice, tracking: true });
  await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-02' });
  return { alice, harness: h };
}

describe('Slack nudges across a crash mid-sweep', () => {
  it('R1 a nudge posted but not recorded as sent is found in the DM and not posted again', async () => {
    const { harness } = await setUp();
    // This process posts the nudge, then dies before recording the send.
    const dying: ChannelPort = {
      ...harness.app.port,
      send: async (staff, message) => {
        await harness.app.port.send(staff, message);
        return new Promise<never>(() => {});
      },
    };
    void runSweep(t.ctx, [dying], DUE_SOON);
    const [first] = await harness.fake.waitFor(
      () => harness.fake.callsOf('chat.postMessage').length === 1 && harness.fake.callsOf('chat.postMessage'),
      'the first post',
    );
    const [row] = await ledger();
    expect(row).toMatchObject({ status: 'claimed' });
    expect(first!.args.metadata).toEqual({
      event_type: 'tat_nudge',
      event_payload: { ledger_ids: [row!.id] },
    });

    const later = await runSweep(t.ctx, [harness.app.port], minutes(DUE_SOON, 10));
    expect(later).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
    const history = harness.fake.callsOf('conversations.history');
    expect(history).toHaveLength(1);
    expect(history[0]!.args).toMatchObject({ channel: 'D0CRASH', include_all_metadata: 'true' });
    expect(await ledger()).toMatchObject([{ status: 'sent' }]);
  });

  it('R1 a stale claim whose nudge never reached Slack is sent once', async () => {
    const { alice, harness } = await setUp();
    const dying: ChannelPort = { ...harness.app.port, send: () => new Promise<never>(() => {}) };
    void runSweep(t.ctx, [dying], DUE_SOON);
    for (let i = 0; (await ledger()).length === 0; i++) {
      if (i > 400) throw new Error('never claimed');
      await new Promise((r) => setTimeout(r, 10));
    }
    const later = await runSweep(t.ctx, [harness.app.port], minutes(DUE_SOON, 10));
    expect(later).toMatchObject({ claimed: 1, sent: 1 });
    const posts = harness.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe(dmOf(alice.slackUserId!));
    expect(await ledger()).toMatchObject([{ status: 'sent' }]);
  });

  it('when the history cannot be read, the nudge is not re-sent now but retried after backoff', async () => {
    const { harness } = await setUp();
    const dying: ChannelPort = { ...harness.app.port, send: () => new Promise<never>(() => {}) };
    void runSweep(t.ctx, [dying], DUE_SOON);
    for (let i = 0; (await ledger()).length === 0; i++) {
      if (i > 400) throw new Error('never claimed');
      await new Promise((r) => setTimeout(r, 10));
    }
    harness.fake.failOnce('conversations.history', 'missing_scope');
    const later = await runSweep(t.ctx, [harness.app.port], minutes(DUE_SOON, 10));
    expect(later).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await ledger()).toMatchObject([{ status: 'failed' }]);
    const retry = await runSweep(t.ctx, [harness.app.port], minutes(DUE_SOON, 20));
    expect(retry).toMatchObject({ sent: 1 });
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });
});
