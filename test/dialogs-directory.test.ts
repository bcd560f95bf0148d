// The directory and goal verbs as tables of turns on the console driver: for each, a role that may
// and a role that may not (R25), with the final state checked (R7, R21, R26).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  goalNotes,
  goalStrategicAreas,
  goals,
  requesters,
  staff,
  staffStates,
} from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createGoal, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function people() {
  const admin = await createStaff(t.ctx.db, {
    role: 'admin',
    states: [],
    name: 'Lee Nakamura',
    email: 'lee@tat.example.org',
  });
  const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'], name: 'Sam Ortiz' });
  const guSpecialist = await createStaff(t.ctx.db, {
    role: 'specialist',
    states: ['GU'],
    name: 'Aiyana Begay',
  });
  const provider = await createStaff(t.ctx.db, {
    role: 'provider',
    states: ['MD'],
    name: 'Robin Reyes',
    email: 'robin@tat.example.org',
  });
  const engine = engineFor(t.ctx);
  return { admin, specialist, guSpecialist, provider, engine };
}

const audits = async (action: string) => t.ctx.db.select().from(auditLog).where(eq(auditLog.action, action));

describe('/ta staff (admins)', () => {
  it('R25 R26 an admin lists, adds, changes and deactivates staff; a specialist may not', async () => {
    const { admin, specialist, provider, engine } = await people();
    await converse(engine, speakerFor(specialist), [
      ['/ta staff', { error: /Only a TAT administrator can list the staff directory/ }],
    ]);
    const me = speakerFor(admin);
    await converse(engine, me, [
      [
        '/ta staff',
        { messages: /Staff \(4\):[\s\S]*Robin Reyes <robin@tat\.example\.org> — provider, SCBC, MD/ },
      ],
      ['/ta staff add', { prompt: 'email' }],
      ['jose.nunez@tat.example.org', { prompt: 'name' }],
      ['José Núñez', { prompt: 'title' }],
      ['Subsidy Specialist', { prompt: 'centerCode' }],
      ['NCSIA', { prompt: 'role' }],
      ['specialist', { prompt: 'states' }],
      ['skip', { prompt: 'confirm' }],
      ['yes', { prompt: 'states', error: /covers at least one State/ }],
      ['GU MD', { prompt: 'confirm', preview: { States: /^GU MD$/ } }],
      [
        'yes',
        {
          done: 'completed',
          messages:
            /Added: #\d+ José Núñez <jose\.nunez@tat\.example\.org> — State Systems Specialist, NCSIA, GU MD/,
        },
      ],
      ['/ta staff change robin@tat.example.org', { prompt: 'what' }],
      ['States covered', { prompt: 'states' }],
      ['MD, DC', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Changed: .*Robin Reyes.*DC MD/ }],
      [`/ta staff deactivate #${provider.id}`, { prompt: 'confirm', warnings: /keep them as author/ }],
      ['yes', { done: 'completed', messages: /Deactivated: .*Robin Reyes.*\(inactive\)/ }],
      [`/ta staff deactivate #${admin.id}`, { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: /cannot deactivate yourself/ }],
      ['cancel', { done: 'cancelled' }],
    ]);
    const [robin] = await t.ctx.db.select().from(staff).where(eq(staff.id, provider.id));
    expect(robin?.active).toBe(false);
    const links = await t.ctx.db.select().from(staffStates).where(eq(staffStates.staffId, provider.id));
    expect(links.map((l) => l.stateCode).sort()).toEqual(['DC', 'MD']);
    expect(
      (await audits('add_staff')).length +
        (await audits('change_staff')).length +
        (await audits('deactivate_staff')).length,
    ).toBe(3);
  });
});

describe('/ta contacts <State>', () => {
  it('R25 R26 the specialist of the State lists and adds a contact; the specialist of another State and a provider may not', async () => {
    const { specialist, guSpecialist, provider, engine } = await people();
    await createRequester(t.ctx.db, { stateCode: 'MD', name: 'Morgan Ellis', isCcdfAdministrator: true });
    await converse(engine, speakerFor(guSpecialist), [
      ['/ta contacts MD', { error: /Only the State Systems Specialist for MD or a TAT administrator/ }],
    ]);
    await converse(engine, speakerFor(provider), [
      ['/ta contacts MD add', { error: /Only the State Systems Specialist for MD/ }],
    ]);
    await converse(engine, speakerFor(specialist), [
      ['/ta contacts md', { messages: /Morgan Ellis, .* — CCDF Administrator/ }],
      ['/ta contacts MD add', { prompt: 'name' }],
      ['Dana Whitfield', { prompt: 'title' }],
      ['Regional Program Manager', { prompt: 'email' }],
      ['dana.whitfield@acf.example.gov', { prompt: 'role' }],
      ['RPM', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Added #\d+ Dana Whitfield.* — RPM, Region 3/ }],
    ]);
    const [dana] = await t.ctx.db.select().from(requesters).where(eq(requesters.name, 'Dana Whitfield'));
    expect(dana).toMatchObject({
      stateCode: null,
      region: 3,
      isRpm: true,
      approvalStatus: 'approved',
      approvedByRole: 'directory',
    });
    expect(await audits('add_contact')).toHaveLength(1);
  });
});

describe('/ta goal', () => {
  it('R21 the specialist of the State enters a goal, a strategic area and a note; a provider may not', async () => {
    const { specialist, provider, engine } = await people();
    await converse(engine, speakerFor(provider), [
      ['/ta goal new MD', { error: /Only the State Systems Specialist of the State/ }],
    ]);
    const replies = await converse(engine, speakerFor(specialist), [
      ['/ta goal new MD', { prompt: 'categoryCode' }],
      ['Support continuous quality improvement', { prompt: 'relatedCategoryCode' }],
      ['none', { prompt: 'title' }],
      ['Maryland will raise QRIS participation to 60 percent by 2028.', { prompt: 'readiness' }],
      ['somewhat', { prompt: 'startDate' }],
      ['2026-01-15', { prompt: 'area' }],
      ['Infant and toddler quality', { prompt: 'areaNotes' }],
      ['skip', { prompt: 'confirm', preview: { Category: /quality_improvement/ } }],
      ['yes', { done: 'completed', messages: /Saved goal #\d+ for MD/ }],
    ]);
    const goalId = replies.at(-1)!.done!.recordId!;
    await converse(engine, speakerFor(specialist), [
      [`/ta goal area #${goalId}`, { prompt: 'area' }],
      ['Other', { prompt: 'areaNotes' }],
      ['Family child care networks', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Added "Other"/ }],
      [`/ta goal note #${goalId} The State moved the target to 2029.`, { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Added the note/ }],
    ]);
    expect(
      await t.ctx.db.select().from(goalStrategicAreas).where(eq(goalStrategicAreas.goalId, goalId)),
    ).toHaveLength(2);
    expect(await t.ctx.db.select().from(goalNotes).where(eq(goalNotes.goalId, goalId))).toHaveLength(1);
  });

  it('R21 the specialist of another State is refused at saving', async () => {
    const { guSpecialist, engine } = await people();
    await converse(engine, speakerFor(guSpecialist), [
      ['/ta goal new MD', { prompt: 'categoryCode' }],
      ['workforce', { prompt: 'relatedCategoryCode' }],
      ['none', { prompt: 'title' }],
      ['Maryland will credential 500 directors.', { prompt: 'readiness' }],
      ['most', { prompt: 'startDate' }],
      ['today', { prompt: 'area' }],
      ['Recruitment and retention', { prompt: 'areaNotes' }],
      ['skip', { prompt: 'confirm' }],
      ['yes', { error: /You do not cover MD/ }],
    ]);
    expect(await t.ctx.db.select().from(goals)).toEqual([]);
  });

  it('R21 only an admin closes a goal, with a note, once every activity under it is closed or cancelled', async () => {
    const { admin, specialist, provider, engine } = await people();
    const { goal, area } = await createGoal(t.ctx.db, { stateCode: 'MD' });
    const open = await createActivity(t.ctx.db, { primaryStaff: provider, goal, area });
    await converse(engine, speakerFor(specialist), [
      [`/ta goal close #${goal.id}`, { error: /Only a TAT administrator can close a goal/ }],
    ]);
    await converse(engine, speakerFor(admin), [
      [`/ta goal close #${goal.id}`, { prompt: 'closeNote' }],
      ['All done.', { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: new RegExp(`cannot be closed yet.*#${open.id}`) }],
      ['cancel', { done: 'cancelled' }],
    ]);
    expect((await t.ctx.db.select().from(goals).where(eq(goals.id, goal.id)))[0]?.status).toBe('open');
  });
});

describe('/ta requesters', () => {
  it('R7 R25 the specialist approves a pending requester by picking the recorded approver; a provider may not', async () => {
    const { specialist, guSpecialist, provider, engine } = await people();
    await createRequester(t.ctx.db, { stateCode: 'MD', name: 'Morgan Ellis', isCcdfAdministrator: true });
    await createRequester(t.ctx.db, { stateCode: 'GU', name: 'Maria Cruz', isCcdfAdministrator: true });
    const pending = await createRequester(t.ctx.db, { stateCode: 'MD', name: 'Jamie Fox', approved: false });
    await converse(engine, speakerFor(provider), [
      [
        `/ta requesters approve #${pending.id}`,
        { error: /Only a State Systems Specialist or a TAT administrator/ },
      ],
    ]);
    await converse(engine, speakerFor(guSpecialist), [
      ['/ta requesters', { messages: /No requesters are waiting/ }],
      [`/ta requesters approve #${pending.id}`, { error: /is not on the list/ }],
    ]);
    await converse(engine, speakerFor(specialist), [
      ['/ta requesters approve', { prompt: 'requesterId' }],
      ['Jamie', { prompt: 'approverId' }],
      ['Maria Cruz', { prompt: 'approverId', error: /not an approval \(R7\)/ }],
      ['1', { prompt: 'confirm', preview: { 'Approved by': /Morgan Ellis \(CCDF Administrator, MD\)/ } }],
      ['yes', { done: 'completed' }],
    ]);
    const [row] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, pending.id));
    expect(row).toMatchObject({ approvalStatus: 'approved', approvedBy: 'Morgan Ellis' });
  });
});
