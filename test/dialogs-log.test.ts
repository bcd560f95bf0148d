// `/ta log`: utterance → reply → final state, including a bad answer at every step, the 3-turn
// free-text target, pending deliveries from nudges, R15 coaching and typed service errors.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activityRequesters, deliveries } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createDelivery, createRequester, createStaff } from './support/fixtures.js';
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
  const tx = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'TX',
    tracking: true,
    focus: 'QRIS validation',
  });
  return { me, md, tx, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const rows = (activityId: number) =>
  t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, activityId));

describe('/ta log', () => {
  it('R1 R16 target: free text with one matching activity completes in at most 3 turns', async () => {
    const { md, engine, speaker } = await setup();
    const replies = await converse(engine, speaker, [
      [
        '/ta log held a two-day onsite visit with MD on QRIS strategic planning Nov 3-4',
        { prompt: 'summary', messages: /Activity: #\d+ MD — QRIS strategic planning/ },
      ],
      [
        '',
        {
          prompt: 'confirm',
          preview: {
            Delivered: /11\/03\/26–11\/04\/26/,
            Methods: /Onsite — inferred/,
            Summary: /^Held a two-day onsite visit with Maryland on QRIS strategic planning\.$/,
            Due: /11\/19\/26.*late/,
          },
        },
      ],
      ['yes', { done: 'completed', prompt: null, messages: /Logged TA delivered 11\/03\/26–11\/04\/26/ }],
    ]);
    expect(replies.length).toBeLessThanOrEqual(3);
    const [row] = await rows(md.id);
    expect(row).toMatchObject({
      startDate: '2026-11-03',
      endDate: '2026-11-04',
      methods: ['onsite'],
      dueDate: '2026-11-19',
      summary: 'Held a two-day onsite visit with Maryland on QRIS strategic planning.',
    });
  });

  it('asks again after a bad answer at every step and keeps earlier answers', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['/ta log', { prompt: 'activityId' }],
      ['the purple one', { prompt: 'activityId', error: /could not tell which activity/ }],
      ['#999', { prompt: 'activityId', error: /#999 does not exist/ }],
      ['maryland qris', { prompt: 'dates', noError: true }],
      ['someday', { prompt: 'dates', error: /could not read a date/ }],
      ['next Friday', { prompt: 'dates', error: /in the future/ }],
      ['11/18', { prompt: 'methods', messages: /Summary due 11\/30\/26 \(end of the month/ }],
      ['telepathy', { prompt: 'methods', error: /not one of the choices/ }],
      ['1, 3', { prompt: 'summary' }],
      ['', { prompt: 'summary', error: /type the summary/ }],
      [
        'State received an onsite review of its QRIS standards and a phone consultation from SCBC.',
        { prompt: 'confirm', preview: { Methods: /^Onsite, Phone$/, Delivered: /^11\/18\/26$/ } },
      ],
      ['maybe', { prompt: 'confirm', error: /not one of the choices/ }],
      ['yes', { done: 'completed' }],
    ]);
    const [row] = await rows(md.id);
    expect(row).toMatchObject({
      startDate: '2026-11-18',
      endDate: '2026-11-18',
      methods: ['onsite', 'phone'],
    });
  });

  it('R15 coaches the summary with warnings and a suggested rewrite the user can accept', async () => {
    const { md, engine, speaker } = await setup();
    const requester = await createRequester(t.ctx.db, {
      stateCode: 'MD',
      name: 'Jamie Quinn',
      title: 'Licensing Director',
    });
    await t.ctx.db.insert(activityRequesters).values({ activityId: md.id, requesterId: requester.id });
    const replies = await converse(engine, speaker, [
      [`/ta log #${md.id} webinar yesterday`, { prompt: 'summary' }],
      [
        'Jamie Quinn attended a webinar on QRIS tiers. The State will draft new tiers next month.',
        {
          prompt: 'confirm',
          warnings: /future plans[\s\S]*title or role[\s\S]*Suggested rewrite/,
        },
      ],
    ]);
    const confirm = replies[1]!.prompt!;
    expect(confirm.choices?.map((c) => c.value)).toEqual(['yes', 'suggested', 'cancel']);
    await converse(engine, speaker, [['2', { done: 'completed' }]]);
    const [row] = await rows(md.id);
    expect(row!.summary).toBe('The Licensing Director attended a webinar on QRIS tiers.');
  });

  it('a nudge button `log <id>` writes the summary of a pending delivery (no new delivery)', async () => {
    const { md, engine, speaker } = await setup();
    const pending = await createDelivery(t.ctx.db, {
      activityId: md.id,
      endDate: '2026-11-10',
      methods: ['remote'],
    });
    await converse(engine, speaker, [
      [{ command: `log ${md.id}` }, { prompt: 'deliveryId' }],
      ['the other one', { prompt: 'deliveryId', error: /not one of the choices/ }],
      ['1', { prompt: 'summary' }],
      [
        'State received a remote consultation on QRIS tier design from SCBC.',
        { prompt: 'confirm', preview: { Delivered: /^11\/10\/26$/, Methods: /Remote/ } },
      ],
      ['yes', { done: 'completed', messages: /on time/ }],
    ]);
    const all = await rows(md.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: pending.id,
      summary: 'State received a remote consultation on QRIS tier design from SCBC.',
    });
  });

  it('R12 refuses to start on an activity that is not open for tracking, saying what is missing', async () => {
    const { me, engine, speaker } = await setup();
    const planning = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: false });
    await converse(engine, speaker, [
      [`/ta log ${planning.id}`, { prompt: null, error: /cannot log TA on #\d+ yet.*approved.*final plan/ }],
    ]);
    expect(await engine.active(speaker)).toBeUndefined();
  });

  it('a typed service error keeps the dialog at the preview with nothing lost; edit fixes it', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta log #${md.id} phone call Oct 20`, { prompt: 'summary' }],
      ['State received a phone consultation on QRIS planning from SCBC.', { prompt: 'confirm' }],
      [
        'yes',
        {
          prompt: 'confirm',
          error: /before the request was opened/,
          preview: { Summary: /phone consultation/ },
        },
      ],
      ['edit delivered', { prompt: 'dates' }],
      ['Nov 5', { prompt: 'confirm', preview: { Delivered: /^11\/05\/26$/, Summary: /phone consultation/ } }],
      ['yes', { done: 'completed' }],
    ]);
    expect((await rows(md.id))[0]).toMatchObject({ endDate: '2026-11-05', methods: ['phone'] });
  });

  it('resumes a half-done log after a restart (new engine, same database)', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [[`/ta log #${md.id} on site visit yesterday`, { prompt: 'summary' }]]);
    const restarted = engineFor(t.ctx);
    await converse(restarted, speaker, [
      ['State received an onsite visit on QRIS planning from SCBC.', { prompt: 'confirm' }],
      ['yes', { done: 'completed' }],
    ]);
    expect((await rows(md.id))[0]).toMatchObject({ endDate: '2026-11-22', methods: ['onsite'] });
  });

  it('R0 R1 a user in Guam, already on Tuesday while the program (New York) is on Monday, logs "today"', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Gus Guam', timeZone: 'Pacific/Guam' });
    const md = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    t.clock.now = new Date('2026-11-23T23:30:00Z'); // Tue 11/24 09:30 in Guam, Mon 11/23 18:30 in New York
    await converse(engineFor(t.ctx), speakerFor(me), [
      ['/ta log', { prompt: 'dates' }],
      ['today', { prompt: 'methods', noError: true, messages: /Summary due 11\/30\/26/ }],
      ['1', { prompt: 'summary' }],
      ['State received an onsite review of its QRIS standards from SCBC.', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Logged TA delivered 11\/23\/26/ }],
    ]);
    expect(await rows(md.id)).toMatchObject([{ endDate: '2026-11-23', dueDate: '2026-11-30' }]);
  });

  it('with no activity open for tracking, says what to do instead of asking', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    await converse(engineFor(t.ctx), speakerFor(me), [
      ['/ta log yesterday onsite', { prompt: null, messages: /None of your open activities is ready.*R12/ }],
    ]);
  });
});
