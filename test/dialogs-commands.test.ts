// The one-reply commands: mine, show, find, help, the nudge verbs no-ta and snooze, and unknown verbs.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { noTaMonths, reminderSnoozes } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD', 'TX'], name: 'Robin Reyes' });
  const md = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking: true,
    focus: 'QRIS strategic planning',
  });
  const tx = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'TX', focus: 'QRIS validation' });
  return { me, md, tx, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

describe('one-reply commands', () => {
  it('R1 mine lists open activities with due and overdue summaries, each open one with a Log button', async () => {
    const { md, tx, engine, speaker } = await setup();
    await createDelivery(t.ctx.db, { activityId: md.id, endDate: '2026-11-02' });
    await createDelivery(t.ctx.db, { activityId: md.id, endDate: '2026-11-19' });
    const [reply] = await converse(engine, speaker, [
      ['mine', { prompt: null, messages: /2 summaries pending, 1 overdue/ }],
    ]);
    const text = reply!.messages.join('\n');
    expect(text).toMatch(/summary OVERDUE 11\/17\/26 for TA delivered 11\/02\/26/);
    expect(text).toMatch(/summary due 11\/30\/26 for TA delivered 11\/19\/26/);
    expect(text).toMatch(new RegExp(`#${tx.id} TX — QRIS validation[^\\n]*\\n\\s+not open for tracking`));
    expect(reply!.actions).toEqual([
      { id: `log-${md.id}`, label: `Log #${md.id}`, command: `log ${md.id}`, style: 'primary' },
    ]);
  });

  it('R14 show prints the activity with dated notes; an unknown # says how to find one', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [
        `/ta show ${md.id}`,
        { messages: /Plan descriptions:\n\s+11\/02\/26: Final plan: two facilitated sessions/ },
      ],
      ['/ta show 999', { error: /#999 does not exist.*\/ta mine or \/ta find/ }],
      ['/ta show', { error: /Which one\?/ }],
    ]);
  });

  it('R24 find reads criteria, resolves staff:me, and reports nothing found or a bad criterion', async () => {
    const { md, tx, engine, speaker } = await setup();
    const [found] = await converse(engine, speaker, [
      ['/ta find state:MD status:approved staff:me', { messages: /Found 1:/ }],
    ]);
    expect(found!.messages.join('\n')).toContain(`#${md.id} MD — QRIS strategic planning`);
    expect(found!.messages.join('\n')).not.toContain(`#${tx.id}`);
    await converse(engine, speaker, [
      ['/ta find state:GU region:1', { messages: /No TA activities match/ }],
      ['/ta find colour:red', { error: /not a search criterion/ }],
      ['/ta find type:weird', { error: /Activity type must be/ }],
    ]);
  });

  it('R4 no-ta marks a month without TA (the nudge button command)', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [{ command: `no-ta ${md.id} 2026-11` }, { messages: /no TA was delivered on #\d+ in 2026-11/ }],
      [{ command: `no-ta ${md.id} 2026-11` }, { messages: /already marked/ }],
      ['/ta no-ta', { error: /Which activity\?/ }],
    ]);
    expect(await t.ctx.db.select().from(noTaMonths).where(eq(noTaMonths.activityId, md.id))).toHaveLength(1);
  });

  it('snooze pauses reminders until the next business day or a given date', async () => {
    const { me, md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [{ command: `snooze ${md.id}` }, { messages: /until 11\/24\/26/ }],
      [`/ta snooze ${md.id} until 2026-11-30`, { messages: /until 11\/30\/26/ }],
      [`/ta snooze ${md.id} whenever`, { error: /could not read a date/ }],
    ]);
    const [row] = await t.ctx.db.select().from(reminderSnoozes).where(eq(reminderSnoozes.staffId, me.id));
    expect(row!.until).toBe('2026-11-30');
  });

  it('help lists every verb; an unknown verb gets help and the closest verb', async () => {
    const { engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['help', { messages: /\/ta new[\s\S]*\/ta log[\s\S]*\/ta snooze/ }],
      ['/ta stauts 12', { messages: /Did you mean `\/ta status`/ }],
      ['thanks a lot', { messages: /no question waiting/ }],
    ]);
  });

  it('a nudge button during a dialog asks before replacing it; a read-only command does not', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['/ta note', { prompt: 'activityId' }],
      [
        { command: 'mine' },
        { prompt: 'activityId', messages: /Your open activities[\s\S]*still in \/ta note/ },
      ],
      [{ command: `log ${md.id}` }, { prompt: 'switch', messages: /Drop it and start `\/ta log \d+`/ }],
      ['yes', { prompt: 'dates', messages: /Dropped \/ta note/ }],
    ]);
  });
});
