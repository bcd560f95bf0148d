// A button or select value in Slack is the choice's value, never a position in the list: clicking
// "#3 …" works on activity #3 even where #3 is not the third line, and a pending delivery picked
// after a Log button fills that delivery's summary (not a new delivery).
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createDelivery, createStaff, type StaffFixture } from './support/fixtures.js';
import {
  commandFields,
  eventEnvelope,
  type Harness,
  messageAction,
  startHarness,
  textOf,
  viewAction,
} from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
type Json = Record<string, unknown>;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(slackUserId: string) {
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  const me = await createStaff(t.ctx.db, {
    name: 'Robin Provider',
    email: `${slackUserId}@center.example.org`,
  });
  h.fake.addUser({ id: slackUserId, email: me.email });
  const other = await createStaff(t.ctx.db, { name: 'Sam Other', email: 'sam@center.example.org' });
  return { me, other };
}

/** Activities created in order, each for `mine[i] ? me : other`, so ids and list positions differ. */
async function activitiesFor(me: StaffFixture, other: StaffFixture, mine: boolean[]) {
  for (const m of mine) await createActivity(t.ctx.db, { primaryStaff: m ? me : other, tracking: true });
}

/** Every element of a message's blocks, with the block it sits in. */
function elements(blocks: Json[]): { el: Json; block: Json }[] {
  return blocks.flatMap((b) =>
    ((b.elements as Json[] | undefined) ?? (b.accessory ? [b.accessory as Json] : [])).map((el) => ({
      el,
      block: b,
    })),
  );
}

async function activityInDialog(): Promise<number> {
  const [row] = await t.ctx.db.query.dialogStates.findMany();
  return Number((row!.data as { values: { activityId: unknown } }).values.activityId);
}

describe('Slack picks are values', () => {
  it('R10 clicking the "#3" button logs on #3, not on the third activity listed', async () => {
    const { me, other } = await start('U0BTN');
    await activitiesFor(me, other, [false, true, true, false, true]); // mine: #2, #3, #5
    await h!.slack.command(commandFields(h!, 'U0BTN', 'log'));
    const first = await h!.fake.waitFor(() => h!.fake.responses[0], 'the activity question');
    const buttons = elements(first.body.blocks as Json[]).filter((x) =>
      x.el.action_id?.toString().startsWith('tat_answer'),
    );
    const at = buttons.findIndex((x) => x.el.value === '3');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).not.toBe(2); // otherwise the value and the position would agree
    await h!.slack.interaction(
      messageAction(h!, 'U0BTN', { ...buttons[at]!.el, block_id: String(buttons[at]!.block.block_id) }),
    );
    const next = await h!.fake.waitFor(() => h!.fake.responses[1], 'the next question');
    expect(textOf(next.body.blocks)).toContain('When was the TA delivered');
    expect(await activityInDialog()).toBe(3);
  });

  it('R10 picking "#3" in a select logs on #3', async () => {
    const { me, other } = await start('U0SEL');
    await activitiesFor(me, other, [false, true, true, true, true, true, true]); // mine: #2–#7
    await h!.slack.command(commandFields(h!, 'U0SEL', 'log'));
    const first = await h!.fake.waitFor(() => h!.fake.responses[0], 'the activity question');
    const select = elements(first.body.blocks as Json[]).find((x) => x.el.type === 'static_select')!;
    const options = (select.el.options as { value: string }[]).map((o) => o.value);
    expect(options.indexOf('3')).not.toBe(2);
    await h!.slack.interaction(
      messageAction(h!, 'U0SEL', {
        ...select.el,
        block_id: String(select.block.block_id),
        selected_option: { value: '3' },
      }),
    );
    await h!.fake.waitFor(() => h!.fake.responses[1], 'the next question');
    expect(await activityInDialog()).toBe(3);
  });

  it('R1 a pending delivery picked after Home’s Log button gets the summary, not a new delivery', async () => {
    const { me } = await start('U0DLV');
    const activity = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-03', summary: 'Done.' });
    const pending = await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-20' });
    expect(pending.id).toBe(2); // the value "2" is also the position of "New TA delivered"
    await h!.slack.event(
      eventEnvelope(h!, { type: 'app_home_opened', user: 'U0DLV', channel: 'D0DLV', tab: 'home' }),
    );
    const home = await h!.fake.waitFor(() => h!.fake.callsOf('views.publish')[0], 'views.publish');
    const view = home.args.view as Json & { blocks: Json[] };
    const log = elements(view.blocks).find((x) => x.el.value === `log ${activity.id}`)!;
    await h!.slack.interaction(viewAction(h!, 'U0DLV', view, { ...log.el, block_id: 'home' }));
    const dm = await h!.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[0], 'the DM');
    const blocks = dm.args.blocks as Json[];
    expect(textOf(blocks)).toContain('Is this the summary for TA already recorded');
    const pick = elements(blocks).find((x) => x.el.value === String(pending.id))!;
    await h!.slack.interaction(
      messageAction(h!, 'U0DLV', { ...pick.el, block_id: String(pick.block.block_id) }, { channel: 'D0DLV' }),
    );
    const next = await h!.fake.waitFor(() => h!.fake.responses[0], 'the next question');
    expect(textOf(next.body.blocks)).toContain('Summary of TA delivered');
    const [row] = await t.ctx.db.query.dialogStates.findMany();
    expect((row!.data as { values: Json }).values.deliveryId).toBe(String(pending.id));
  });
});
