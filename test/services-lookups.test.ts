// Read-only lookups the dialogs and adapters use: reference lists, people, a State's goals.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { goals, staff } from '../db/schema.js';
import {
  deliveryMethods,
  findRequesterByEmail,
  findStaffByEmail,
  findStaffBySlackId,
  findStaffByTeamsId,
  focusOptions,
  goalsForState,
  listCenters,
  listGoalCategories,
  listStates,
  otherCollaboratorOptions,
  requestersForState,
  searchPeople,
  staffStates,
  strategicAreaOptions,
} from '../src/services/lookups.js';
import { createGoal, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('reference lookups', () => {
  it('lists States by name, centers, and the nine goal categories in Preprint order', async () => {
    const states = await listStates(t.ctx);
    expect(states).toHaveLength(56);
    expect(states[0]?.name).toBe('Alabama');
    expect((await listCenters(t.ctx.db)).map((c) => c.code)).toContain('SCBC');
    const categories = await listGoalCategories(t.ctx.db);
    expect(categories.map((c) => c.code)).toEqual([
      'leadership',
      'family_engagement',
      'financial_assistance',
      'equal_access',
      'health_safety',
      'workforce',
      'quality_improvement',
      'program_integrity',
      'cross_systems',
    ]);
  });

  it.each([
    'leadership',
    'family_engagement',
    'financial_assistance',
    'equal_access',
    'health_safety',
    'workforce',
    'quality_improvement',
    'program_integrity',
    'cross_systems',
  ])(
    'R5 R21 %s has strategic areas and TA focus options, each list ending with "Other"',
    async (category) => {
      const areas = await strategicAreaOptions(t.ctx, category);
      const focus = await focusOptions(t.ctx, category);
      expect(areas.length).toBeGreaterThan(3);
      expect(focus.length).toBeGreaterThan(3);
      expect(areas.at(-1)).toBe('Other');
      expect(focus.at(-1)).toBe('Other');
      expect(areas.filter((a) => a === 'Other')).toHaveLength(1);
    },
  );

  it('R16 lists the delivery methods in order, and the other-collaborator options with "other" last', async () => {
    const methods = (await deliveryMethods(t.ctx)).map((m) => m.label);
    expect(methods).toEqual([
      'Onsite',
      'Remote/virtual',
      'Phone',
      'E-mail',
      'Peer-to-peer',
      'Webinar',
      'Training',
      'Information product',
      'Data analysis',
      'Meeting planning/facilitation',
      'Other',
    ]);
    expect((await otherCollaboratorOptions(t.ctx)).at(-1)?.code).toBe('other');
  });
});

describe('people lookups', () => {
  it('finds staff by e-mail (case-insensitive), Slack id and Teams id', async () => {
    const pat = await createStaff(t.ctx.db, {
      email: 'Pat.Provider@tatbot.example',
      slackUserId: 'U123',
      teamsUserId: '29:abc',
    });
    expect((await findStaffByEmail(t.ctx, ' pat.provider@TATBOT.example '))?.id).toBe(pat.id);
    expect((await findStaffBySlackId(t.ctx, 'U123'))?.id).toBe(pat.id);
    expect((await findStaffByTeamsId(t.ctx, '29:abc'))?.id).toBe(pat.id);
    expect(await findStaffBySlackId(t.ctx, 'U999')).toBeUndefined();
    const requester = await createRequester(t.ctx.db, { email: 'Morgan@MD.example.gov' });
    expect((await findRequesterByEmail(t.ctx, 'morgan@md.example.gov'))?.id).toBe(requester.id);
  });

  it('lists the States a staff member covers', async () => {
    const s = await createStaff(t.ctx.db, { states: ['TX', 'GU', 'MD'] });
    expect((await staffStates(t.ctx, s.id)).map((x) => x.code)).toEqual(['GU', 'MD', 'TX']);
  });

  it('searches active staff by name or e-mail, optionally covering a State', async () => {
    const lee = await createStaff(t.ctx.db, {
      name: 'Lee Okafor',
      email: 'lee@ncsia.example',
      states: ['TX'],
    });
    await createStaff(t.ctx.db, { name: 'Leena Park', email: 'lpark@ecqa.example', states: ['MD'] });
    const gone = await createStaff(t.ctx.db, {
      name: 'Lee Gone',
      email: 'gone@ncsia.example',
      states: ['TX'],
    });
    await t.ctx.db.update(staff).set({ active: false }).where(eq(staff.id, gone.id));
    expect((await searchPeople(t.ctx, 'staff', 'lee')).map((p) => p.name)).toEqual([
      'Lee Okafor',
      'Leena Park',
    ]);
    expect((await searchPeople(t.ctx, 'staff', 'NCSIA.example')).map((p) => p.id)).toEqual([lee.id]);
    const inTexas = await searchPeople(t.ctx, 'staff', 'ncsia', { stateCode: 'tx' });
    expect(inTexas).toEqual([expect.objectContaining({ kind: 'staff', id: lee.id, centerCode: 'SCBC' })]);
    expect(await searchPeople(t.ctx, 'staff', '%')).toEqual([]);
  });

  it("R7 lists a State's requesters with its region's regional contacts, CCDF Administrator first", async () => {
    const staffMember = await createRequester(t.ctx.db, { name: 'Aaron Staff', stateCode: 'MD', region: 3 });
    const admin = await createRequester(t.ctx.db, {
      name: 'Morgan Ellis',
      stateCode: 'MD',
      region: 3,
      isCcdfAdministrator: true,
    });
    const regional = await createRequester(t.ctx.db, { name: 'Dana Whitfield', stateCode: null, region: 3 });
    const pending = await createRequester(t.ctx.db, {
      name: 'Penny Pending',
      stateCode: 'MD',
      approved: false,
    });
    await createRequester(t.ctx.db, { name: 'Other Region', stateCode: null, region: 5 });
    await createRequester(t.ctx.db, { name: 'Virginia Person', stateCode: 'VA', region: 3 });
    expect((await requestersForState(t.ctx, 'md')).map((r) => r.id)).toEqual([
      admin.id,
      staffMember.id,
      regional.id,
      pending.id,
    ]);
    expect((await requestersForState(t.ctx, 'MD', { approvedOnly: true })).map((r) => r.id)).not.toContain(
      pending.id,
    );
    const people = await searchPeople(t.ctx, 'requesters', 'PEN', { stateCode: 'MD' });
    expect(people.map((p) => [p.name, p.approved])).toEqual([['Penny Pending', false]]);
    const regionalOnes = await searchPeople(t.ctx, 'requesters', 'whitfield', { stateCode: 'MD' });
    expect(regionalOnes.map((p) => [p.name, p.stateCode, p.region])).toEqual([['Dana Whitfield', null, 3]]);
    expect(await searchPeople(t.ctx, 'requesters', 'whitfield', { stateCode: 'IL' })).toEqual([]);
  });
});

describe("a State's goals", () => {
  it('R21 lists open goals with their strategic areas; closed ones on request', async () => {
    const open = await createGoal(t.ctx.db, { stateCode: 'GU', categoryCode: 'health_safety' });
    const closed = await createGoal(t.ctx.db, { stateCode: 'GU', categoryCode: 'leadership' });
    await createGoal(t.ctx.db, { stateCode: 'MD' });
    await t.ctx.db
      .update(goals)
      .set({ status: 'closed', closedAt: new Date() })
      .where(eq(goals.id, closed.goal.id));
    const list = await goalsForState(t.ctx, 'gu');
    expect(list).toEqual([
      expect.objectContaining({
        id: open.goal.id,
        categoryName: 'Health and safety standards and monitoring',
        strategicAreas: [{ id: open.area.id, name: open.area.name, notes: null }],
      }),
    ]);
    const all = await goalsForState(t.ctx, 'GU', { includeClosed: true });
    expect(all.map((g) => g.id)).toEqual([closed.goal.id, open.goal.id]); // leadership sorts first
  });
});
