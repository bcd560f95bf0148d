// R24 search: each criterion alone, combinations (AND), contradictory criteria (nothing, not an error),
// validation of malformed criteria, paging, and date ranges read in the program time zone (R0).
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  activityCollaboratingCenters,
  activityOtherCollaborators,
  deliveries,
  goals,
  responseNotes,
} from '../db/schema.js';
import { ErrorCode } from '../src/errors.js';
import type { Actor } from '../src/services/context.js';
import { searchActivities } from '../src/services/search-activities.js';
import {
  centerIdByCode,
  createActivity,
  createDelivery,
  createGoal,
  createRequester,
  createStaff,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

type Key = 'gu' | 'md' | 'tx' | 'il';
let ids: Record<Key, number>;
let staffIds: { ecqa: number; ncsia: number; collaborator: number; viewer: number };
let viewer: Actor;

/**
 * gu: GU (region 9) quality_improvement / QRIS, ECQA primary, NCSIA collaborating, universal, approved, open
 * md: MD (region 3) program_integrity (related financial_assistance), NCSIA primary, targeted, on hold, closed
 * tx: TX (region 6) financial_assistance / Continuity of care, ECQA primary, tailored, planning, cancelled
 * il: IL (region 5) workforce, NCSIA primary, targeted, denied, open
 */
beforeEach(async () => {
  const db = t.ctx.db;
  const ecqa = await createStaff(db, { name: 'Pat Provider', centerCode: 'ECQA', states: ['GU', 'TX'] });
  const ncsia = await createStaff(db, { name: 'Lee Okafor', centerCode: 'NCSIA', states: ['MD', 'IL'] });
  const collaborator = await createStaff(db, { name: 'Riley Chen', centerCode: 'NCECW', states: ['GU'] });
  const view = await createStaff(db, { role: 'specialist', states: ['VT'] });
  staffIds = { ecqa: ecqa.id, ncsia: ncsia.id, collaborator: collaborator.id, viewer: view.id };
  viewer = { kind: 'staff', staffId: view.id, channel: 'console' };

  const gu = await createGoal(db, {
    stateCode: 'GU',
    categoryCode: 'quality_improvement',
    areaName: 'Quality rating and improvement system (QRIS)',
  });
  const md = await createGoal(db, {
    stateCode: 'MD',
    categoryCode: 'program_integrity',
    areaName: 'Fraud prevention and improper payments',
  });
  await db.update(goals).set({ relatedCategoryCode: 'financial_assistance' }).where(eq(goals.id, md.goal.id));
  const tx = await createGoal(db, {
    stateCode: 'TX',
    categoryCode: 'financial_assistance',
    areaName: 'Continuity of care',
  });
  const il = await createGoal(db, { stateCode: 'IL', categoryCode: 'workforce' });

  const a = {
    gu: await createActivity(db, {
      primaryStaff: ecqa,
      ...gu,
      activityType: 'universal',
      tracking: true,
      dateOpened: '2026-10-01',
      collaboratingStaffIds: [collaborator.id],
    }),
    md: await createActivity(db, {
      primaryStaff: ncsia,
      ...md,
      activityType: 'targeted',
      activityStatus: 'on_hold',
      dateOpened: '2026-09-15',
      completionStatus: 'closed',
      completionDate: '2026-11-15',
      outcomeReport: 'State adopted revised payment procedures.',
    }),
    tx: await createActivity(db, {
      primaryStaff: ecqa,
      ...tx,
      activityType: 'tailored',
      dateOpened: '2026-10-10',
      completionStatus: 'cancelled',
      completionDate: '2026-10-20',
    }),
    il: await createActivity(db, {
      primaryStaff: ncsia,
      ...il,
      activityType: 'targeted',
      activityStatus: 'denied',
      dateOpened: '2026-11-02',
    }),
  };
  ids = { gu: a.gu.id, md: a.md.id, tx: a.tx.id, il: a.il.id };
  await db
    .insert(activityCollaboratingCenters)
    .values({ activityId: a.gu.id, centerId: await centerIdByCode(db, 'NCSIA') });
  await db.insert(activityOtherCollaborators).values({ activityId: a.gu.id, collaboratorCode: 'consultant' });
  await db.insert(responseNotes).values([
    {
      activityId: a.gu.id,
      noteDate: '2026-11-05',
      text: 'Planning call.',
      authorStaffId: ecqa.id,
      createdAt: new Date('2026-11-05T15:00:00Z'),
    },
    {
      activityId: a.tx.id,
      noteDate: '2026-10-15',
      text: 'Requester paused.',
      authorStaffId: ecqa.id,
      createdAt: new Date('2026-10-15T15:00:00Z'),
    },
  ]);
  // Entered 22:30 in New York on 11/10 (03:30 UTC on 11/11): a summary of 11/10 in the program zone.
  await createDelivery(db, {
    activityId: a.gu.id,
    endDate: '2026-11-09',
    summary: 'Territory received a remote consultation from ECQA.',
    summaryEnteredAt: new Date('2026-11-11T03:30:00Z'),
  });
  await createDelivery(db, {
    activityId: a.md.id,
    endDate: '2026-10-20',
    summary: 'State staff attended an NCSIA webinar.',
    summaryEnteredAt: new Date('2026-10-22T15:00:00Z'),
  });
  await createDelivery(db, { activityId: a.il.id, endDate: '2026-11-16' }); // no summary yet
});

async function search(criteria: unknown): Promise<Key[]> {
  const result = await searchActivities(t.ctx, viewer, criteria);
  if (!result.ok) throw new Error(result.error.message);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k as Key]));
  return result.value.map((hit) => byId[hit.id]!);
}

describe('R24 search, each criterion alone', () => {
  it.each<[string, () => unknown, Key[]]>([
    ['no criteria', () => ({}), ['gu', 'md', 'tx', 'il']],
    ['TA request #', () => ({ requestId: ids.tx }), ['tx']],
    ['State', () => ({ stateCode: 'gu' }), ['gu']],
    ['region (number)', () => ({ region: 3 }), ['md']],
    ['region (Roman numeral)', () => ({ region: 'Region V' }), ['il']],
    ['goal category', () => ({ goalCategory: 'quality_improvement' }), ['gu']],
    [
      'goal category matching a related category',
      () => ({ goalCategory: 'financial_assistance' }),
      ['md', 'tx'],
    ],
    [
      'goal category + strategic area',
      () => ({ goalCategory: 'financial_assistance', strategicArea: 'continuity of care' }),
      ['tx'],
    ],
    ['primary center by code', () => ({ primaryCenter: 'ecqa' }), ['gu', 'tx']],
    ['collaborating center', () => ({ collaboratingCenter: 'NCSIA' }), ['gu']],
    ['primary staff', () => ({ staffId: staffIds.ncsia }), ['md', 'il']],
    ['collaborating staff', () => ({ staffId: staffIds.collaborator }), ['gu']],
    ['activity type', () => ({ activityType: 'Tailored/individualized' }), ['tx']],
    ['activity status', () => ({ activityStatus: 'on hold' }), ['md']],
    ['completion status', () => ({ completionStatus: 'open' }), ['gu', 'il']],
    ['other collaborator', () => ({ otherCollaborator: 'consultant' }), ['gu']],
    ['date opened range', () => ({ opened: { from: '2026-10-01', to: '2026-10-31' } }), ['gu', 'tx']],
    ['date opened from', () => ({ opened: { from: '2026-10-02' } }), ['tx', 'il']],
    ['date closed range', () => ({ closed: { from: '2026-10-01', to: '2026-10-31' } }), ['tx']],
    ['date closed, any', () => ({ closed: {} }), ['md', 'tx']],
    ['response notes range', () => ({ responseNotes: { from: '2026-11-01', to: '2026-11-30' } }), ['gu']],
    ['summaries range', () => ({ summaries: { from: '2026-10-01', to: '2026-10-31' } }), ['md']],
    ['summaries, any', () => ({ summaries: {} }), ['gu', 'md']],
  ])('R24 by %s', async (_label, criteria, expected) => {
    expect(await search(criteria())).toEqual(expected);
  });

  it('R24 R0 summary dates are read in the program time zone', async () => {
    expect(await search({ summaries: { from: '2026-11-10', to: '2026-11-10' } })).toEqual(['gu']);
    expect(await search({ summaries: { from: '2026-11-11', to: '2026-11-11' } })).toEqual([]);
  });
});

describe('R24 search, combined and contradictory criteria', () => {
  it.each<[string, () => unknown, Key[]]>([
    ['State + status', () => ({ stateCode: 'GU', activityStatus: 'approved' }), ['gu']],
    [
      'primary + collaborating center',
      () => ({ primaryCenter: 'ECQA', collaboratingCenter: 'NCSIA' }),
      ['gu'],
    ],
    ['staff + completion', () => ({ staffId: staffIds.ecqa, completionStatus: 'cancelled' }), ['tx']],
    ['region + type', () => ({ region: 5, activityType: 'targeted' }), ['il']],
    [
      'category + opened',
      () => ({ goalCategory: 'financial_assistance', opened: { to: '2026-09-30' } }),
      ['md'],
    ],
  ])('R24 %s (AND)', async (_label, criteria, expected) => {
    expect(await search(criteria())).toEqual(expected);
  });

  it.each<[string, () => unknown]>([
    ['State Guam + Region V (the Quick Guide example)', () => ({ stateCode: 'GU', region: 5 })],
    ['a date range ending before it starts', () => ({ opened: { from: '2026-11-01', to: '2026-10-01' } })],
    ['a State and a request of another State', () => ({ stateCode: 'MD', requestId: ids.gu })],
    [
      'a strategic area of another category',
      () => ({ goalCategory: 'workforce', strategicArea: 'Continuity of care' }),
    ],
    [
      'an open activity closed in a range',
      () => ({ completionStatus: 'open', closed: { from: '2026-01-01' } }),
    ],
    [
      'a staff person with a center they are not primary in',
      () => ({ staffId: staffIds.ncsia, primaryCenter: 'ECQA' }),
    ],
  ])('R24 contradictory criteria find nothing, without an error: %s', async (_label, criteria) => {
    const result = await searchActivities(t.ctx, viewer, criteria());
    expect(result).toEqual({ ok: true, value: [] });
  });
});

describe('R24 search results and validation', () => {
  it('R24 returns hits sorted by TA request # with State, focus, status and primary staff', async () => {
    const result = await searchActivities(t.ctx, viewer, { primaryCenter: 'NCSIA' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((h) => h.id)).toEqual([ids.md, ids.il]);
    expect(result.value[0]).toMatchObject({
      stateCode: 'MD',
      stateName: 'Maryland',
      region: 3,
      goalCategory: 'program_integrity',
      strategicArea: 'Fraud prevention and improper payments',
      activityStatus: 'on_hold',
      completionStatus: 'closed',
      completionDate: '2026-11-15',
      primaryCenterCode: 'NCSIA',
      primaryStaffId: staffIds.ncsia,
      primaryStaffName: 'Lee Okafor',
    });
    expect(typeof result.value[0]!.focus).toBe('string');
  });

  it('R24 pages with limit and offset', async () => {
    expect(await search({ limit: 2 })).toEqual(['gu', 'md']);
    expect(await search({ limit: 2, offset: 2 })).toEqual(['tx', 'il']);
    expect(await search({ limit: 2, offset: 4 })).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a strategic area without a goal category',
      { strategicArea: 'Continuity of care' },
      /needs a goal category/,
    ],
    ['an unknown criterion', { state: 'MD' }, /Unknown search criteria state; use requestId, stateCode/],
    ['a bad date', { opened: { from: '2026-02-30' } }, /Date opened from must be a real date/],
    ['a bad status', { activityStatus: 'finished' }, /Activity status must be one of/],
    ['a bad region', { region: 12 }, /Region must be an ACF region/],
    ['a bad State code', { stateCode: 'Guam' }, /two-letter State or Territory code/],
    ['too large a page', { limit: 10_000 }, /Limit must be at most 500/],
  ])('R24 refuses %s with a message saying how to fix it', async (_label, criteria, message) => {
    const result = await searchActivities(t.ctx, viewer, criteria);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(ErrorCode.InvalidInput);
    expect(result.error.message).toMatch(message);
  });

  it('R25 only staff search', async () => {
    const requester = await createRequester(t.ctx.db, { stateCode: 'GU' });
    const result = await searchActivities(
      t.ctx,
      { kind: 'requester', requesterId: requester.id, channel: 'slack' },
      {},
    );
    expect(result.ok || result.error.code).toBe(ErrorCode.Forbidden);
  });

  it('R24 an unsummarized delivery does not count as a summary', async () => {
    const [row] = await t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, ids.il));
    expect(row?.summary).toBeNull();
    expect(await search({ stateCode: 'IL', summaries: {} })).toEqual([]);
  });
});
