// R22 in a Slack modal: the duplicate-activity page pre-selects a choice that saves ("Add to
// existing"), so submitting it as shown saves instead of showing the same page again.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activities, activityRequesters } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createGoal, createRequester, createStaff } from './support/fixtures.js';
import {
  commandFields,
  type Harness,
  lastModal,
  startHarness,
  textOf,
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

/** The state Slack sends: each input's pick, or its initial option(s) when left as shown. */
function state(view: View, values: Record<string, string | string[]>) {
  const out: Record<string, Record<string, Json>> = {};
  for (const b of view.blocks) {
    const m = /^tat\|[^|]+\|([^|]+)\|(main|text)$/.exec(String(b.block_id ?? ''));
    if (!m || b.type !== 'input') continue;
    const el = b.element as Json;
    const v = values[m[2] === 'text' ? `${m[1]}#text` : m[1]!];
    let value: Json;
    if (el.type === 'radio_buttons' || el.type === 'static_select')
      value = { selected_option: v !== undefined ? { value: v } : (el.initial_option ?? null) };
    else if (el.type === 'checkboxes' || el.type === 'multi_static_select')
      value = {
        selected_options:
          v !== undefined ? (v as string[]).map((x) => ({ value: x })) : (el.initial_options ?? []),
      };
    else if (el.type === 'datepicker') value = { selected_date: v ?? el.initial_date ?? null };
    else value = { value: v ?? el.initial_value ?? null };
    out[String(b.block_id)] = { [String(el.action_id)]: { type: el.type, ...value } };
  }
  return out;
}

describe('Slack duplicate page', () => {
  it('R22 submitting the duplicate page as shown saves (adds to the existing activity)', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { email: 'u0dup@center.example.org' });
    h.fake.addUser({ id: 'U0DUP', email: me.email });
    const { goal, area } = await createGoal(t.ctx.db, {
      stateCode: 'CA',
      categoryCode: 'quality_improvement',
    });
    const dana = await createRequester(t.ctx.db, {
      stateCode: 'CA',
      name: 'Dana Director',
      title: 'CCDF Administrator',
    });
    const existing = await createActivity(t.ctx.db, {
      primaryStaff: me,
      goal,
      area,
      focus: 'QRIS strategic planning',
      requesters: [],
    });
    await h.slack.command(commandFields(h, 'U0DUP', 'new'));
    await h.fake.waitFor(() => h!.fake.callsOf('views.update')[0], 'the first page');
    let view = lastModal(h) as View;
    const submit = async (values: Record<string, string | string[]> = {}) => {
      const res = await h!.slack.interaction(viewSubmission(h!, 'U0DUP', view, state(view, values)));
      const body = res.json() as Json;
      if (body.response_action === 'update') view = { ...(body.view as View), id: view.id };
      return body;
    };
    const focus = (view.blocks.find((b) => String(b.block_id).includes('|focus|'))!.element as Json)
      .options as {
      text: { text: string };
      value: string;
    }[];
    await submit({ focus: focus.find((o) => /QRIS strategic planning/.test(o.text.text))!.value });
    await submit(); // date opened: today
    await submit({ priority: 'high' });
    await submit({ requesterIds: [String(dana.id)] });
    await submit(); // primary: me
    await submit(); // collaborators
    await submit(); // other collaborators: none
    await submit({ activityType: 'targeted' });
    await submit({
      outcomePlan: 'The State will adopt a revised QRIS framework with measurable tiers by June 2027.',
    });
    await submit(); // initial plan
    expect(textOf(view.blocks)).toContain('Save this?');
    await submit(); // Save → refused as a duplicate
    expect(textOf(view.blocks)).toContain(`#${existing.id} is already open`);
    const done = await submit(); // the page as shown
    expect(done.response_action).toBe('update');
    expect(textOf(view.blocks)).toMatch(/instead of creating a duplicate \(R22\)/);
    expect(await t.ctx.db.select().from(activities)).toHaveLength(1);
    const linked = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, existing.id));
    expect(linked.map((r) => r.requesterId)).toEqual([dana.id]);
  });
});
