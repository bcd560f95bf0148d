// `/ta log` answers a new provider got wrong (issue 12 part 3): relative and year-less dates, a
// misspelled method, an empty answer to `edit summary`, and the same delivery logged twice.
// Today is Monday 11/23/26 in New York (the test clock).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Robin Reyes' });
  const md = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking: true,
    dateOpened: '2025-01-06',
    focus: 'QRIS strategic planning',
  });
  return { me, md, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const rows = (activityId: number) =>
  t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, activityId));

describe('/ta log dates: TA delivered is in the past', () => {
  it.each([
    ['next Friday', /12\/04\/26 is in the future/],
    ['this Friday', /11\/27\/26 is in the future/],
    ['tomorrow', /11\/24\/26 is in the future/],
    ['in 2 days', /11\/25\/26 is in the future/],
  ])('R1 "%s" is refused as future, never moved to a past date', async (said, error) => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta log #${md.id}`, { prompt: 'dates' }],
      [said, { prompt: 'dates', error }],
    ]);
  });

  it.each([
    ['5/1', '05/01/26'],
    ['Dec 5', '12/05/25'],
    ['friday', '11/20/26'],
    ['11/18', '11/18/26'],
  ])('R1 a date without a year ("%s") is the most recent past one: %s', async (said, shown) => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta log #${md.id}`, { prompt: 'dates' }],
      [
        said,
        { prompt: 'methods', noError: true, messages: new RegExp(`Summary (due|was due) ${shown}|${shown}`) },
      ],
      ['phone', { prompt: 'summary' }],
      [
        'State received a phone consultation on QRIS planning from SCBC.',
        { prompt: 'confirm', preview: { Delivered: new RegExp(`^${shown}$`) } },
      ],
    ]);
  });

  it('R1 "next Friday" in the first line is not taken as the delivery date', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [
        `/ta log #${md.id} phone call next Friday`,
        { prompt: 'dates', messages: /12\/04\/26 is in the future/ },
      ],
    ]);
  });
});

describe('/ta log methods', () => {
  // ("holodeck" stands for any word that names no method, however close a typo-tolerant match gets.)
  it('R16 a method that is not understood is named, never dropped', async () => {
    const { md, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta log #${md.id} yesterday`, { prompt: 'methods' }],
      ['onsite, holodeck', { prompt: 'methods', error: /"holodeck"/ }],
      ['onsite, training', { prompt: 'summary', noError: true }],
      [
        'State received an onsite training on QRIS standards from SCBC.',
        { prompt: 'confirm', preview: { Methods: /^Onsite, Training$/ } },
      ],
    ]);
  });
});

describe('/ta log edit summary', () => {
  it('R15 an empty answer to edit summary keeps the summary typed, not the generated draft', async () => {
    const { md, engine, speaker } = await setup();
    const mine = 'State received a phone consultation on QRIS tier design from SCBC.';
    await converse(engine, speaker, [
      [`/ta log #${md.id} held a phone call with MD on QRIS planning yesterday`, { prompt: 'summary' }],
      [mine, { prompt: 'confirm', preview: { Summary: new RegExp(`^${mine}$`) } }],
      ['edit summary', { prompt: 'summary' }],
      ['', { prompt: 'confirm', preview: { Summary: new RegExp(`^${mine}$`) } }],
      ['yes', { done: 'completed' }],
    ]);
    expect((await rows(md.id))[0]?.summary).toBe(mine);
  });
});

describe('/ta log twice', () => {
  it('R16 the same dates, methods and summary again: asks before saving a second delivery', async () => {
    const { md, engine, speaker } = await setup();
    const summary = 'State received a phone consultation on QRIS planning from SCBC.';
    await createDelivery(t.ctx.db, {
      activityId: md.id,
      endDate: '2026-11-18',
      methods: ['phone'],
      summary,
    });
    await converse(engine, speaker, [
      [`/ta log #${md.id} phone call 11/18`, { prompt: 'summary' }],
      [summary, { prompt: 'confirm', warnings: /already logged.*11\/18\/26/ }],
      ['yes', { prompt: 'confirm', error: /looks like the TA already logged/ }],
    ]);
    expect(await rows(md.id)).toHaveLength(1);
    await converse(engine, speaker, [['save as a second delivery', { done: 'completed' }]]);
    expect(await rows(md.id)).toHaveLength(2);
  });

  it('R16 a different summary for the same day is saved without asking', async () => {
    const { md, engine, speaker } = await setup();
    await createDelivery(t.ctx.db, {
      activityId: md.id,
      endDate: '2026-11-18',
      methods: ['phone'],
      summary: 'State received a phone consultation on QRIS planning from SCBC.',
    });
    await converse(engine, speaker, [
      [`/ta log #${md.id} phone call 11/18`, { prompt: 'summary' }],
      ['State received a phone consultation on licensing from SCBC.', { prompt: 'confirm' }],
      ['yes', { done: 'completed' }],
    ]);
    expect(await rows(md.id)).toHaveLength(2);
  });
});
