// `/ta edit` and `/ta reassign` through the real Slack app over HTTP: both run as modals (like `new`
// and `close`); the edit saves the changes (R9, audited with channel slack); the reassignment tells
// the new primary staff by DM through the Slack channel port (R9).
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activities, auditLog } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createStaffNotifier, type StaffNotifier } from '../src/reminders/notify.js';
import { checkView, dmOf } from './support/fake-slack.js';
import { createActivity, createStaff } from './support/fixtures.js';
import {
  commandFields,
  fillModal,
  type Harness,
  lastModal,
  type ModalView,
  modalField,
  startHarness,
  textOf,
  viewSubmission,
} from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
type Json = Record<string, unknown>;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  let notify: StaffNotifier | undefined;
  const engine = createDialogEngine({
    ctx: t.ctx,
    idleMinutes: 30,
    staffNotifier: (id, message) => notify!(id, message),
  });
  h = await startHarness({ engine, ctx: t.ctx });
  notify = createStaffNotifier(t.ctx.db, [h.app.port]);
  return h;
}

async function staffOnSlack(slackUserId: string, name: string, centerCode = 'SCBC') {
  const me = await createStaff(t.ctx.db, {
    name,
    email: `${slackUserId.toLowerCase()}@center.example.org`,
    slackUserId,
    centerCode,
  });
  h!.fake.addUser({ id: slackUserId, email: me.email });
  return me;
}

/** Opens the modal of a command and returns a submit function that follows its pages. */
async function modal(user: string, text: string) {
  await h!.slack.command(commandFields(h!, user, text));
  await h!.fake.waitFor(() => h!.fake.callsOf('views.update')[0], 'the first page');
  let view = lastModal(h!) as ModalView;
  const submit = async (values: Record<string, string | string[]>) => {
    const res = await h!.slack.interaction(viewSubmission(h!, user, view, fillModal(view, values)));
    expect(res.status).toBe(200);
    const body = res.json() as Json;
    if (body.response_action === 'update') {
      view = { ...(body.view as ModalView), id: view.id };
      expect(checkView(view)).toBeUndefined();
    }
    return body;
  };
  return { submit, view: () => view };
}

describe('Slack /ta edit and /ta reassign', () => {
  it('R9 R25 /ta edit runs as a modal and saves the change, audited through Slack', async () => {
    await start();
    const me = await staffOnSlack('U0EDIT', 'Robin Provider');
    const a = await createActivity(t.ctx.db, { primaryStaff: me });
    const m = await modal('U0EDIT', `edit ${a.id}`);
    expect(modalField(m.view())).toBe('fields');
    expect(m.view().title).toMatchObject({ text: 'Change TA activity' });
    expect((await m.submit({ fields: ['priority', 'activityType'] })).response_action).toBe('update');
    expect(modalField(m.view())).toBe('priority');
    await m.submit({ priority: 'high' });
    expect(modalField(m.view())).toBe('activityType');
    await m.submit({ activityType: 'universal' });
    expect(textOf(m.view().blocks)).toMatch(/high \(was medium\)/);
    expect((m.view().submit as Json).text).toBe('Save');
    await m.submit({});
    expect(textOf(m.view().blocks)).toContain(`Updated #${a.id}`);
    const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, a.id));
    expect(row).toMatchObject({ priority: 'high', activityType: 'universal' });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'activity.update'));
    expect(audit).toMatchObject({ actorStaffId: me.id, channel: 'slack' });
  });

  it('R9 /ta reassign runs as a modal and DMs the new primary staff in Slack', async () => {
    await start();
    const me = await staffOnSlack('U0OLD', 'Pat Primary');
    const jo = await staffOnSlack('U0NEWP', 'Jo Newprimary', 'NCSIA');
    const a = await createActivity(t.ctx.db, { primaryStaff: me });
    const m = await modal('U0OLD', `reassign ${a.id}`);
    expect(modalField(m.view())).toBe('centerCode');
    const ncsia = (m.view().blocks as Json[])
      .flatMap((b) => ((b.element as Json | undefined)?.options as Json[] | undefined) ?? [])
      .find((o) => /^NCSIA/.test(String((o.text as Json).text)))!;
    await m.submit({ centerCode: String(ncsia.value) });
    expect(modalField(m.view())).toBe('staffId');
    const staffAnswer = await m.submit({ 'staffId#text': 'Jo Newprimary' });
    expect(JSON.stringify(staffAnswer.errors ?? {})).toBe('{}');
    expect(modalField(m.view())).toBe('keepPrevious');
    await m.submit({ keepPrevious: 'no' });
    expect(textOf(m.view().blocks)).toMatch(/Effective at once/);
    await m.submit({});
    expect(textOf(m.view().blocks)).toMatch(/told them in Slack/);
    const dm = await h!.fake.waitFor(
      () => h!.fake.callsOf('chat.postMessage').find((c) => c.args.channel === dmOf('U0NEWP')),
      'the DM to the new primary staff',
    );
    expect(JSON.stringify(dm.args)).toContain(`You are now the primary staff of TA request #${a.id}`);
    const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, a.id));
    expect(row!.primaryStaffId).toBe(jo.id);
  });
});
