// The real dialogs through the real Slack app over HTTP: `new` as a modal driven by view
// submissions (a refused answer shown on its field), `log` as an ephemeral message driven by block
// actions, a stale click, `/ta help`, and App Home. Slack is the fake Web API on 127.0.0.1.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activities, activityRequesters, deliveries, feedback } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { checkView } from './support/fake-slack.js';
import {
  createActivity,
  createDelivery,
  createGoal,
  createRequester,
  createStaff,
} from './support/fixtures.js';
import {
  commandFields,
  eventEnvelope,
  modalField as fieldOf,
  fillModal as fill,
  type Harness,
  modalInputs as inputsOf,
  lastModal,
  messageAction,
  startHarness,
  textOf,
  viewAction,
  viewClosed,
  viewSubmission,
} from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

type Json = Record<string, unknown>;
type View = Json & { id: string; blocks: Json[] };

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  return h;
}

async function provider(slackUserId: string) {
  const me = await createStaff(t.ctx.db, {
    name: 'Robin Provider',
    email: `${slackUserId.toLowerCase()}@center.example.org`,
  });
  h!.fake.addUser({ id: slackUserId, email: me.email });
  return me;
}

/** The value of the option of an input whose label matches. */
function optionValue(view: View, field: string, label: RegExp): string {
  const el = inputsOf(view).get(field)?.element as Json | undefined;
  const options = (el?.options as { text: { text: string }; value: string }[] | undefined) ?? [];
  const found = options.find((o) => label.test(o.text.text));
  if (!found)
    throw new Error(`no option ${label} for ${field} in ${JSON.stringify(options.map((o) => o.text.text))}`);
  return found.value;
}

describe('Slack dialogs', () => {
  it('/ta help lists the commands in an ephemeral reply', async () => {
    await start();
    await provider('U0HELP');
    await h!.slack.command(commandFields(h!, 'U0HELP', 'help'));
    const reply = await h!.fake.waitFor(() => h!.fake.responses[0], 'the help reply');
    expect(reply.body.response_type).toBe('ephemeral');
    const text = textOf(reply.body.blocks);
    for (const verb of ['/ta new', '/ta log', '/ta close', '/ta mine', '/ta find'])
      expect(text).toContain(verb);
  });

  it('R10 runs /ta new as a modal: page by page, a refused answer shown on its field, saved at the end', async () => {
    await start();
    const me = await provider('U0NEW');
    const { goal, area } = await createGoal(t.ctx.db, {
      stateCode: 'CA',
      categoryCode: 'quality_improvement',
    });
    const requester = await createRequester(t.ctx.db, {
      stateCode: 'CA',
      name: 'Dana Director',
      title: 'CCDF Administrator',
    });
    const fields = commandFields(h!, 'U0NEW', 'new', 'C0TEAM');
    const ack = await h!.slack.command(fields);
    expect(ack.status).toBe(200);

    // The modal opens with the trigger_id before any database work, then fills in.
    const opened = await h!.fake.waitFor(() => h!.fake.callsOf('views.open')[0], 'views.open');
    expect(opened.args.trigger_id).toBe(fields.trigger_id);
    expect(textOf((opened.args.view as Json).blocks)).toContain('One moment');
    await h!.fake.waitFor(() => h!.fake.callsOf('views.update')[0], 'the first page');
    let view = lastModal(h!) as View;

    const submit = async (values: Record<string, string | string[]>) => {
      const res = await h!.slack.interaction(viewSubmission(h!, 'U0NEW', view, fill(view, values)));
      expect(res.status).toBe(200);
      const body = res.json() as Json;
      if (body.response_action === 'update') {
        view = { ...(body.view as View), id: view.id };
        expect(checkView(view)).toBeUndefined();
      }
      return body;
    };
    const answers: [string, () => Record<string, string | string[]>][] = [
      ['focus', () => ({ focus: optionValue(view, 'focus', /QRIS strategic planning/) })],
      ['dateOpened', () => ({})], // empty: today
      ['priority', () => ({ priority: 'high' })],
      ['requesterIds', () => ({ requesterIds: [String(requester.id)] })],
      ['primaryStaffId', () => ({})], // empty: me
      ['collaborators', () => ({})], // optional
      ['otherCollaborators', () => ({})], // optional
      ['activityType', () => ({ activityType: 'targeted' })],
    ];
    for (const [field, values] of answers) {
      expect(fieldOf(view)).toBe(field);
      expect((await submit(values())).response_action).toBe('update');
    }

    expect(fieldOf(view)).toBe('outcomePlan');
    const refused = await submit({ outcomePlan: 'Better QRIS' });
    expect(refused.response_action).toBe('errors');
    const [blockId, message] = Object.entries(refused.errors as Record<string, string>)[0]!;
    expect(blockId).toBe(String(inputsOf(view).get('outcomePlan')!.block_id));
    expect(message).toContain('too short');
    const plan = 'The State will adopt a revised QRIS framework with measurable tiers by June 2027.';
    expect((await submit({ outcomePlan: plan })).response_action).toBe('update');
    expect(fieldOf(view)).toBe('initialPlan');
    expect((await submit({})).response_action).toBe('update');

    // The preview, then Save (the modal's submit button).
    expect(textOf(view.blocks)).toContain(plan);
    expect((view.submit as Json).text).toBe('Save');
    const done = await submit({});
    expect(done.response_action).toBe('update');
    expect(view.submit).toBeUndefined();

    const [created] = await t.ctx.db.select().from(activities).where(eq(activities.primaryStaffId, me.id));
    expect(created).toMatchObject({
      stateCode: 'CA',
      goalId: goal.id,
      strategicAreaId: area.id,
      focus: 'QRIS strategic planning',
      priority: 'high',
      activityType: 'targeted',
      outcomePlan: plan,
    });
    const linked = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, created!.id));
    expect(linked.map((r) => r.requesterId)).toEqual([requester.id]);
    expect(textOf(view.blocks)).toContain(`#${created!.id}`);
    // The outcome is also posted (ephemerally) in the channel /ta new was typed in.
    const announced = await h!.fake.waitFor(
      () => h!.fake.responses.find((r) => r.id === fields.response_url!.split('/').pop()),
      'the announcement',
    );
    expect(textOf(announced.body.blocks)).toContain(`#${created!.id}`);
  });

  it('Back in a modal returns to the previous question, and closing the modal cancels the dialog', async () => {
    await start();
    await provider('U0BACK');
    await createGoal(t.ctx.db, { stateCode: 'CA', categoryCode: 'quality_improvement' });
    await h!.slack.command(commandFields(h!, 'U0BACK', 'new'));
    await h!.fake.waitFor(() => h!.fake.callsOf('views.update')[0], 'the first page');
    let view = lastModal(h!) as View;
    const focus = optionValue(view, 'focus', /QRIS/);
    const next = await h!.slack.interaction(viewSubmission(h!, 'U0BACK', view, fill(view, { focus })));
    view = { ...((next.json() as Json).view as View), id: view.id };
    expect(fieldOf(view)).toBe('dateOpened');
    const back = (view.blocks.find((b) => b.type === 'actions') as Json).elements as Json[];
    await h!.slack.interaction(
      viewAction(h!, 'U0BACK', view, {
        ...(back[0] as Json),
        block_id: String(view.blocks.find((b) => b.type === 'actions')!.block_id),
      }),
    );
    await h!.fake.waitFor(() => h!.fake.callsOf('views.update')[1], 'the page after Back');
    view = lastModal(h!) as View;
    expect(fieldOf(view)).toBe('focus');
    await h!.slack.interaction(viewClosed(h!, 'U0BACK', view));
    await h!.fake.waitFor(
      async () => (await t.ctx.db.query.dialogStates.findMany()).length === 0,
      'the cancel',
    );
  });

  it('R1 runs /ta log in an ephemeral message updated in place by clicks, then saves the delivery', async () => {
    await start();
    const me = await provider('U0LOG');
    const activity = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    const channel = 'C0LOG';
    await h!.slack.command(commandFields(h!, 'U0LOG', 'log', channel));
    let reply = await h!.fake.waitFor(() => h!.fake.responses[0], 'the first question');
    expect(reply.body.response_type).toBe('ephemeral');

    const blocksOf = (r: typeof reply) => r.body.blocks as Json[];
    const element = (r: typeof reply, pred: (el: Json, block: Json) => boolean) => {
      for (const b of blocksOf(r)) {
        const els = (b.elements as Json[] | undefined) ?? (b.element ? [b.element as Json] : []);
        for (const el of els) if (pred(el, b)) return { el, block: b };
      }
      throw new Error(`no matching element in ${JSON.stringify(blocksOf(r))}`);
    };
    const click = async (clicked: Json, state?: Record<string, Record<string, unknown>>) => {
      const before = h!.fake.responses.length;
      const res = await h!.slack.interaction(
        messageAction(h!, 'U0LOG', clicked, { channel, ...(state ? { state } : {}) }),
      );
      expect(res.status).toBe(200);
      const next = await h!.fake.waitFor(() => h!.fake.responses[before], 'the updated message');
      expect(next.body.replace_original).toBe(true);
      return next;
    };

    // When: the datepicker.
    expect(textOf(blocksOf(reply))).toContain('When was the TA delivered');
    const picker = element(reply, (el) => el.type === 'datepicker');
    reply = await click({ ...picker.el, block_id: picker.block.block_id, selected_date: '2026-11-20' });

    // How: pick methods, then Continue (the picks travel in state.values).
    expect(textOf(blocksOf(reply))).toContain('How was it delivered');
    const methods = element(reply, (el) => el.type === 'multi_static_select' || el.type === 'checkboxes');
    const cont = element(reply, (el) => el.type === 'button' && el.action_id === 'tat_submit');
    reply = await click(cont.el, {
      [String(methods.block.block_id)]: {
        tat_pick: { type: methods.el.type, selected_options: [{ value: 'onsite' }] },
      },
    });

    // The summary: typed into the text box, sent with Enter.
    expect(textOf(blocksOf(reply))).toContain('Summary of TA delivered');
    const box = element(reply, (el) => el.action_id === 'tat_text');
    const summary = 'SCBC facilitated an onsite QRIS planning session with the State licensing team.';
    reply = await click({
      ...box.el,
      block_id: box.block.block_id,
      type: 'plain_text_input',
      value: summary,
    });

    // The preview: due date (R1: delivered Fri 2026-11-20 → due 2026-11-30), then Save.
    const preview = textOf(blocksOf(reply));
    expect(preview).toContain(summary);
    expect(preview).toContain('11/30/26');
    const save = element(reply, (el) => el.type === 'button' && el.value === 'yes');
    reply = await click({ ...save.el, block_id: save.block.block_id });
    expect(textOf(blocksOf(reply))).not.toContain('Save this?');

    const [row] = await t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, activity.id));
    expect(row).toMatchObject({
      startDate: '2026-11-20',
      endDate: '2026-11-20',
      dueDate: '2026-11-30',
      summary,
      methods: ['onsite'],
    });
    // Saving refreshes the user's App Home.
    const home = await h!.fake.waitFor(() => h!.fake.callsOf('views.publish')[0], 'the Home refresh');
    expect(home.args.user_id).toBe('U0LOG');

    // A click on a button of an earlier step gets a polite answer, and records nothing more.
    const stale = await click({ ...save.el, block_id: save.block.block_id });
    expect(textOf(blocksOf(stale))).toMatch(/ended|earlier step/);
    expect(await t.ctx.db.select().from(deliveries)).toHaveLength(1);
  });

  it('a text question in a message can be answered in a modal, which moves the message on', async () => {
    await start();
    const me = await provider('U0FORM');
    await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    // Dates and method come from the words; the summary is what is left to ask.
    await h!.slack.command(commandFields(h!, 'U0FORM', 'log onsite visit 11/20'));
    const question = await h!.fake.waitFor(() => h!.fake.responses[0], 'the summary question');
    expect(textOf(question.body.blocks)).toContain('Summary of TA delivered');
    const blocks = question.body.blocks as Json[];
    const row = blocks.find((b) =>
      (b.elements as Json[] | undefined)?.some((e) => e.action_id === 'tat_modal'),
    )!;
    const open = (row.elements as Json[]).find((e) => e.action_id === 'tat_modal')!;
    const origin = messageAction(h!, 'U0FORM', { ...open, block_id: String(row.block_id) });
    await h!.slack.interaction(origin);
    const opened = await h!.fake.waitFor(() => h!.fake.callsOf('views.open')[0], 'the modal');
    expect(opened.args.trigger_id).toBe(origin.trigger_id);
    const view = lastModal(h!) as View;
    const summary = 'SCBC facilitated an onsite QRIS planning session with the State licensing team.';
    const res = await h!.slack.interaction(viewSubmission(h!, 'U0FORM', view, fill(view, { summary })));
    expect(res.json()).toEqual({ response_action: 'clear' });
    const moved = await h!.fake.waitFor(
      () => h!.fake.responses.find((r) => r.id === origin.response_url.split('/').pop()),
      'the message update',
    );
    expect(moved.body.replace_original).toBe(true);
    expect(textOf(moved.body.blocks)).toContain(summary);
    expect(textOf(moved.body.blocks)).toContain('Save this?');
  });

  it('a click on an earlier step’s button shows where the dialog is now', async () => {
    await start();
    const me = await provider('U0STALE');
    await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    await h!.slack.command(commandFields(h!, 'U0STALE', 'log'));
    const first = await h!.fake.waitFor(() => h!.fake.responses[0], 'the first question');
    const picker = (first.body.blocks as Json[]).find((b) =>
      (b.elements as Json[] | undefined)?.some((e) => e.type === 'datepicker'),
    )!;
    const el = (picker.elements as Json[]).find((e) => e.type === 'datepicker')!;
    await h!.slack.interaction(
      messageAction(h!, 'U0STALE', {
        ...(el as Json),
        block_id: String(picker.block_id),
        selected_date: '2026-11-20',
      }),
    );
    await h!.fake.waitFor(() => h!.fake.responses[1], 'the second question');
    await h!.slack.interaction(
      messageAction(h!, 'U0STALE', {
        ...(el as Json),
        block_id: String(picker.block_id),
        selected_date: '2026-11-19',
      }),
    );
    const stale = await h!.fake.waitFor(() => h!.fake.responses[2], 'the stale answer');
    const text = textOf(stale.body.blocks);
    expect(text).toContain('earlier step');
    expect(text).toContain('How was it delivered');
  });

  it('publishes App Home with open activities, summaries due, and recent feedback', async () => {
    await start();
    const me = await provider('U0HOME');
    const activity = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-10-01' }); // overdue
    await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-20' }); // due 11/30, next week
    await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-09' }); // due 11/24, this week
    await t.ctx.db.insert(feedback).values({
      activityId: activity.id,
      fromName: 'Dana Director',
      fromTitle: 'CCDF Administrator',
      noteDate: '2026-11-20',
      text: 'The sessions were very useful.',
    });
    await h!.slack.event(
      eventEnvelope(h!, { type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home' }),
    );
    const published = await h!.fake.waitFor(() => h!.fake.callsOf('views.publish')[0], 'views.publish');
    expect(published.response?.ok).toBe(true);
    expect(published.args.user_id).toBe('U0HOME');
    const view = published.args.view as View;
    const text = textOf(view.blocks);
    expect(text).toContain(`TA request #${activity.id}`);
    expect(text).toContain('overdue');
    expect(text).toContain('summary due 11/24/26');
    expect(text).not.toContain('summary due 11/30/26'); // due next week: not under this week
    expect(text).toContain('The sessions were very useful.');
    const logButtons = view.blocks
      .map((b) => b.accessory as Json | undefined)
      .filter((a) => a?.value === `log ${activity.id}`);
    expect(logButtons.length).toBeGreaterThanOrEqual(2);

    // The Log button on Home starts the log dialog in the user's DM.
    await h!.slack.interaction(
      viewAction(h!, 'U0HOME', view, { ...(logButtons[0] as Json), block_id: 'home' }),
    );
    const dm = await h!.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[0], 'the DM');
    expect(dm.args.channel).toBe('D0HOME');
    expect(textOf(dm.args.blocks)).toContain('Is this the summary for TA already recorded');
  });

  it('an App Home for someone who is not staff says how to get access', async () => {
    await start();
    h!.fake.addUser({ id: 'U0GUEST', email: 'guest@state.example.gov' });
    await h!.slack.event(
      eventEnvelope(h!, { type: 'app_home_opened', user: 'U0GUEST', channel: 'D0G', tab: 'home' }),
    );
    const published = await h!.fake.waitFor(() => h!.fake.callsOf('views.publish')[0], 'views.publish');
    expect(textOf((published.args.view as View).blocks)).toMatch(
      /I'm TAT Bot[\s\S]*ask whoever runs TAT Bot .* to add guest@state\.example\.gov/,
    );
  });
});
