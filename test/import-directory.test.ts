// R26 directory imports: all rows or none, every bad row by its physical line, re-import changes
// nothing, a dropped person is deactivated (their history keeps its author), quoted fields round-trip.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  goalStrategicAreas,
  goals,
  requesters,
  responseNotes,
  staff,
  staffStates,
} from '../db/schema.js';
import { importContacts } from '../src/import/contacts-import.js';
import { importGoals } from '../src/import/goals-import.js';
import { importStaff } from '../src/import/staff-import.js';
import type { Actor } from '../src/services/context.js';
import { createActivity } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const cli: Actor = { kind: 'system', channel: 'cli' };
const example = (kind: string) => readFileSync(new URL(`../examples/${kind}.csv`, import.meta.url), 'utf8');
const HEADER = 'name,email,title,center,role,states,slack_user_id,teams_aad_object_id';

function staffFile(n: number, bad: Record<number, string> = {}): string {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    lines.push(bad[i] ?? `Person ${i},person${i}@tat.example.org,TA Specialist,SCBC,provider,MD;DC,,`);
  }
  return `${lines.join('\n')}\n`;
}

describe('tat import staff', () => {
  it('R26 a file with 3 bad rows among 1,000 reports exactly those 3 lines and writes nothing', async () => {
    const text = staffFile(1000, {
      17: 'Person 17,not-an-email,TA Specialist,SCBC,provider,MD,,',
      500: 'Person 500,person500@tat.example.org,TA Specialist,NOPE,provider,MD,,',
      998: 'Person 998,person998@tat.example.org,TA Specialist,SCBC,boss,MD,,',
    });
    const r = await importStaff(t.ctx, text, { file: 'staff.csv', actor: cli });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Record i is on line i + 1 (the header is line 1).
    expect(r.errors).toEqual([
      'staff.csv:18: email: not an e-mail address; write it like name@agency.gov',
      expect.stringMatching(/^staff\.csv:501: center: "NOPE" is not a center; use one of SCBC, /),
      'staff.csv:999: role: "boss" is not accepted; use provider, specialist or admin',
    ]);
    expect(await t.ctx.db.select().from(staff)).toEqual([]);
    expect(await t.ctx.db.select().from(auditLog)).toEqual([]);
  });

  it('R26 imports, and re-importing the same file changes nothing', async () => {
    const text = staffFile(50);
    const first = await importStaff(t.ctx, text, { file: 'staff.csv', actor: cli });
    expect(first).toEqual({
      ok: true,
      dryRun: false,
      summary: { added: 50, updated: 0, deactivated: 0, unchanged: 0 },
    });
    const before = await t.ctx.db.select().from(staff);
    const again = await importStaff(t.ctx, text, { file: 'staff.csv', actor: cli });
    expect(again.ok && again.summary).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: 50 });
    expect(await t.ctx.db.select().from(staff)).toEqual(before);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import_staff'));
    expect(audits.map((a) => [a.channel, a.entityId, a.changes.added])).toEqual([
      ['cli', 'staff.csv', 50],
      ['cli', 'staff.csv', 0],
    ]);
  });

  it('R26 a person dropped from a later file is deactivated, never deleted, and their history keeps its author', async () => {
    await importStaff(t.ctx, staffFile(3), { file: 'staff.csv', actor: cli });
    const [gone] = await t.ctx.db.select().from(staff).where(eq(staff.email, 'person3@tat.example.org'));
    const activity = await createActivity(t.ctx.db, { primaryStaff: gone!, stateCode: 'MD' });
    await t.ctx.db.insert(responseNotes).values({
      activityId: activity.id,
      noteDate: '2026-11-02',
      text: 'Met the team.',
      authorStaffId: gone!.id,
    });
    const changed = staffFile(2).replace('Person 2,', 'Person Two,');
    const r = await importStaff(t.ctx, changed, { file: 'staff-v2.csv', actor: cli });
    expect(r.ok && r.summary).toEqual({ added: 0, updated: 1, deactivated: 1, unchanged: 1 });
    expect(r.ok && r.notes).toEqual([
      '1 open TA activity has a deactivated person as primary staff: reassign it to someone active (R9).',
    ]);
    const [after] = await t.ctx.db.select().from(staff).where(eq(staff.id, gone!.id));
    expect(after).toMatchObject({ name: 'Person 3', active: false });
    const [note] = await t.ctx.db
      .select()
      .from(responseNotes)
      .where(eq(responseNotes.activityId, activity.id));
    expect(note?.authorStaffId).toBe(gone!.id);
    // Back in a later file: active again.
    const back = await importStaff(t.ctx, staffFile(3), { file: 'staff.csv', actor: cli });
    expect(back.ok && back.summary).toEqual({ added: 0, updated: 2, deactivated: 0, unchanged: 1 });
  });

  it('R26 TAT_ADMIN_EMAILS people are never deactivated by an import', async () => {
    await importStaff(t.ctx, staffFile(2), { file: 'staff.csv', actor: cli });
    const r = await importStaff(t.ctx, staffFile(1), {
      file: 'staff.csv',
      actor: cli,
      keepActive: ['PERSON2@tat.example.org'],
    });
    expect(r.ok && r.summary.deactivated).toBe(0);
  });

  it('R26 quoted fields with commas, line breaks and non-ASCII names round-trip; lines stay right after them', async () => {
    const text = [
      HEADER,
      '"Núñez, José",Jose.Nunez@TAT.example.org,"Lead, Subsidy\nand Integrity",NCSIA,provider,"GU; MD",U01ABCDEF,',
      '"Søren ""Sam"" Ødegård",soren@tat.example.org,"Specialist\r\n(Region III)",SCBC,specialist,MD,,',
      'Zoë Ł,zoe@tat.example.org,TA Specialist,SCBC,specialist,,,',
    ].join('\r\n');
    const bad = await importStaff(t.ctx, text, { file: 'people.csv', actor: cli });
    expect(bad.ok || bad.errors).toEqual([
      'people.csv:6: states: empty; a State Systems Specialist covers at least one State, e.g. MD;DC',
    ]);
    const good = text.replace('SCBC,specialist,,,', 'SCBC,specialist,VA,,');
    const r = await importStaff(t.ctx, good, { file: 'people.csv', actor: cli });
    expect(r.ok && r.summary.added).toBe(3);
    const rows = await t.ctx.db.select().from(staff).orderBy(staff.id);
    expect(rows.map((s) => [s.name, s.email, s.title, s.slackUserId])).toEqual([
      ['Núñez, José', 'jose.nunez@tat.example.org', 'Lead, Subsidy\nand Integrity', 'U01ABCDEF'],
      ['Søren "Sam" Ødegård', 'soren@tat.example.org', 'Specialist\n(Region III)', null],
      ['Zoë Ł', 'zoe@tat.example.org', 'TA Specialist', null],
    ]);
    const links = await t.ctx.db.select().from(staffStates).where(eq(staffStates.staffId, rows[0]!.id));
    expect(links.map((l) => l.stateCode).sort()).toEqual(['GU', 'MD']);
  });

  it('R26 a dry run reports the counts and writes nothing', async () => {
    const r = await importStaff(t.ctx, staffFile(5), { file: 'staff.csv', actor: cli, dryRun: true });
    expect(r).toEqual({
      ok: true,
      dryRun: true,
      summary: { added: 5, updated: 0, deactivated: 0, unchanged: 0 },
    });
    expect(await t.ctx.db.select().from(staff)).toEqual([]);
  });

  it('R26 the same e-mail twice, an unknown column and an unclosed quote are each reported by line', async () => {
    const twice = staffFile(3).replace('person3@', 'PERSON1@');
    const r1 = await importStaff(t.ctx, twice, { file: 's.csv', actor: cli });
    expect(r1.ok || r1.errors).toEqual([
      's.csv:4: email: person1@tat.example.org is already on line 2; give each person once',
    ]);
    const r2 = await importStaff(t.ctx, `${HEADER},shoe size\n`, { file: 's.csv', actor: cli });
    expect(r2.ok || r2.errors[0]).toMatch(/^s\.csv:1: header: unknown column "shoe size"/);
    const r3 = await importStaff(t.ctx, `${HEADER}\nA,a@x.org,"T,SCBC,provider,MD,,\n`, {
      file: 's.csv',
      actor: cli,
    });
    expect(r3.ok || r3.errors[0]).toMatch(/^s\.csv:\d+: file: .*double quotes/);
  });
});

describe('tat import contacts and goals', () => {
  it('R26 R7 the example contacts are on record (approved by the directory), RPMs with their region', async () => {
    const r = await importContacts(t.ctx, example('contacts'), { file: 'contacts.csv', actor: cli });
    expect(r.ok && r.summary).toEqual({ added: 6, updated: 0, deactivated: 0, unchanged: 0 });
    const [rpm] = await t.ctx.db.select().from(requesters).where(eq(requesters.name, 'Dana Whitfield'));
    expect(rpm).toMatchObject({
      stateCode: null,
      region: 3,
      isRpm: true,
      approvalStatus: 'approved',
      approvedByRole: 'directory',
    });
    const [maria] = await t.ctx.db.select().from(requesters).where(eq(requesters.name, 'María Cruz'));
    expect(maria).toMatchObject({ stateCode: 'GU', region: 9, isCcdfAdministrator: true, isCcdfStaff: true });
    const again = await importContacts(t.ctx, example('contacts'), { file: 'contacts.csv', actor: cli });
    expect(again.ok && again.summary).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: 6 });
  });

  it('R26 contacts: an RPM needs a region, others a State that matches the region', async () => {
    const text = [
      'name,title,email,state,role,region',
      'A Person,RPM,a@acf.example.gov,,RPM,',
      'B Person,Manager,b@md.example.gov,MD,CCDF staff,IX',
      'C Person,Manager,c@md.example.gov,,other,',
    ].join('\n');
    const r = await importContacts(t.ctx, text, { file: 'c.csv', actor: cli });
    expect(r.ok || r.errors).toEqual([
      'c.csv:2: region: empty; an RPM needs the region they manage, e.g. III',
      'c.csv:3: region: MD is in Region 3, not IX; correct it or leave the region empty',
      "c.csv:4: state: empty; give the contact's State or Territory code, e.g. MD (only an RPM may have a region instead)",
    ]);
    expect(await t.ctx.db.select().from(requesters)).toEqual([]);
  });

  it('R21 R26 the example goals import with their strategic areas; re-import changes nothing', async () => {
    const r = await importGoals(t.ctx, example('goals'), { file: 'goals.csv', actor: cli });
    expect(r.ok && r.summary).toEqual({ added: 3, updated: 0, deactivated: 0, unchanged: 0 });
    const md = await t.ctx.db.select().from(goals).where(eq(goals.stateCode, 'MD'));
    expect(md).toHaveLength(2);
    const qris = md.find((g) => g.categoryCode === 'quality_improvement')!;
    expect(qris).toMatchObject({
      relatedCategoryCode: 'workforce',
      readiness: 'somewhat',
      startDate: '2026-01-15',
    });
    const areas = await t.ctx.db
      .select()
      .from(goalStrategicAreas)
      .where(eq(goalStrategicAreas.goalId, qris.id));
    expect(areas.map((a) => [a.name, a.notes])).toEqual([
      [
        'Quality rating and improvement system (QRIS)',
        'Revise the tiers; align them with licensing, and report yearly',
      ],
      ['Infant and toddler quality', null],
    ]);
    const again = await importGoals(t.ctx, example('goals'), { file: 'goals.csv', actor: cli });
    expect(again.ok && again.summary).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: 3 });
  });

  it('R21 R26 goals: bad category, area of another category, future start date and contradicting rows are reported', async () => {
    const text = [
      'state,title,category,related_category,readiness,start_date,strategic_area,strategic_area_notes',
      'MD,Goal A,quality_improvement,,somewhat,2026-01-15,Licensing requirements,',
      'MD,Goal B,nonsense,,somewhat,2026-01-15,,',
      'MD,Goal C,workforce,,very,2099-01-01,,',
      'MD,Goal D,workforce,,most,2026-01-15,,',
      'MD,Goal D,leadership,,,,,',
    ].join('\n');
    const r = await importGoals(t.ctx, text, { file: 'g.csv', actor: cli });
    expect(r.ok || r.errors.map((e) => e.split(': ').slice(0, 2).join(': '))).toEqual([
      'g.csv:2: strategic_area',
      'g.csv:3: category',
      'g.csv:4: readiness',
      'g.csv:4: start_date',
      'g.csv:6: category',
    ]);
    expect(await t.ctx.db.select().from(goals)).toEqual([]);
  });
});
