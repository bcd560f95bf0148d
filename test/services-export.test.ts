// R24 export: every search criterion carried into the CSV, quoting that survives a CSV parser
// (commas, quotes, newlines, non-ASCII names), the Quick Guide column order, R25 audit and refusal.
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog, deliveries, responseNotes, staff } from '../db/schema.js';
import { EXPORT_HEADERS } from '../src/rules/export-row.js';
import { DEMO, seedDemo } from '../src/seed/demo.js';
import type { Actor } from '../src/services/context.js';
import { exportActivitiesCsv } from '../src/services/export-activities.js';
import { findStaffByEmail } from '../src/services/lookups.js';
import { searchActivities } from '../src/services/search-activities.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const NOW = new Date('2026-11-23T15:00:00Z');

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  get bytes() {
    return Buffer.concat(this.chunks);
  }
}

async function actorOf(email: string): Promise<Extract<Actor, { kind: 'staff' }>> {
  const who = await findStaffByEmail(t.ctx.db, email);
  if (!who) throw new Error(`no ${email}`);
  return { kind: 'staff', staffId: who.id, channel: 'console' };
}

async function exportRows(actor: Actor, criteria: unknown, chunkSize?: number) {
  const out = new Collect();
  const result = await exportActivitiesCsv(t.ctx, actor, criteria, out, chunkSize ? { chunkSize } : {});
  if (!result.ok) throw new Error(result.error.message);
  const rows = parse(out.bytes, { bom: true }) as string[][];
  return { bytes: out.bytes, header: rows[0]!, rows: rows.slice(1), count: result.value.rows };
}

describe('CSV export', () => {
  it('R24 every search criterion gives the same records as /ta find', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const me = await actorOf(DEMO.specialist);
    const pat = await actorOf(DEMO.provider);
    const cases: Record<string, unknown>[] = [
      {},
      { requestId: 3 },
      { stateCode: 'MD' },
      { region: 9 },
      { goalCategory: 'quality_improvement' },
      { goalCategory: 'quality_improvement', strategicArea: 'Quality rating and improvement system (QRIS)' },
      { primaryCenter: 'ECQA' },
      { collaboratingCenter: 'SCBC' },
      { staffId: pat.staffId },
      { activityType: 'tailored' },
      { activityStatus: 'approved' },
      { completionStatus: 'closed' },
      { otherCollaborator: 'regional_office' },
      { opened: { from: '2026-10-01' } },
      { closed: { from: '2026-09-01', to: '2026-11-30' } },
      { responseNotes: { from: '2026-09-01' } },
      { summaries: { from: '2026-09-01', to: '2026-11-30' } },
      { stateCode: 'GU', region: 5 }, // contradictory: nothing, not an error
    ];
    for (const criteria of cases) {
      const found = await searchActivities(t.ctx, me, { ...criteria, limit: 500 });
      if (!found.ok) throw new Error(found.error.message);
      const exported = await exportRows(me, criteria, 2); // chunks of 2: the keyset paging is exercised
      const label = JSON.stringify(criteria);
      expect(
        exported.rows.map((r) => Number(r[0])),
        label,
      ).toEqual(found.value.map((h) => h.id));
      expect(exported.count, label).toBe(found.value.length);
      if (!('region' in criteria && 'stateCode' in criteria))
        expect(found.value.length, label).toBeGreaterThan(0);
    }
    const all = await exportRows(me, {});
    const some = await exportRows(me, { stateCode: 'MD' });
    expect(some.rows.length).toBeLessThan(all.rows.length);
  });

  it('R24 a malformed criterion is refused before anything is written; requesters cannot export (R25)', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const out = new Collect();
    const bad = await exportActivitiesCsv(
      t.ctx,
      await actorOf(DEMO.provider),
      { activityType: 'bogus' },
      out,
    );
    expect(bad.ok).toBe(false);
    expect(out.bytes.length).toBe(0);
    const requester = await exportActivitiesCsv(
      t.ctx,
      { kind: 'requester', requesterId: 1, channel: 'slack' },
      {},
      out,
    );
    expect(requester.ok || requester.error.code).toBe('forbidden');
  });

  it('R24 round-trips through a CSV parser: BOM, Quick Guide order, commas, quotes, newlines, non-ASCII, MM/DD/YY notes', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const pat = await actorOf(DEMO.provider);
    const tricky = 'Zoë "Jo" Ñúñez, Jr.';
    await t.ctx.db.update(staff).set({ name: tricky }).where(eq(staff.id, pat.staffId));
    const plan = 'State will:\n1. adopt "tiers", then\n2. report — by June, 2027; ok?';
    await t.ctx.db.update(activities).set({ outcomePlan: plan }).where(eq(activities.id, 1));
    await t.ctx.db.insert(responseNotes).values({
      activityId: 1,
      noteDate: '2026-11-20',
      text: 'Called the Lead Agency, "QRIS" team; agreed on 3 dates.\nFollow-up: naïve café ✓',
      authorStaffId: pat.staffId,
    });
    const { bytes, header, rows } = await exportRows(pat, { requestId: 1 });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(header).toEqual([...EXPORT_HEADERS]);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0]![i]]));
    expect(row['TA request #']).toBe('1');
    expect(row['State/Territory']).toBe('Maryland (MD)');
    expect(row.Region).toBe('Region III');
    expect(row['Primary staff person']).toBe(`${tricky} <pat.provider@tatbot.example>`);
    expect(row['State/Territory outcome plan']).toBe(plan);
    expect(row['TA response notes']).toBe(
      '11/20/26: Called the Lead Agency, "QRIS" team; agreed on 3 dates.\nFollow-up: naïve café ✓',
    );
    expect(row['TA activity description notes']).toMatch(/^\d\d\/\d\d\/\d\d: \(Initial plan\) /);
    expect(row['Date opened']).toMatch(/^\d\d\/\d\d\/\d\d$/);
    expect(rows[0]).toHaveLength(EXPORT_HEADERS.length);
  });

  it('R24 deliveries with methods, summaries and feedback are written as dated lines; R25 each export is audited', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const me = await actorOf(DEMO.specialist);
    const { header, rows } = await exportRows(me, { requestId: 3 });
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0]![i]]));
    expect(row['TA delivered (dates and delivery methods)']).toBe(
      '09/24/26: Remote/virtual, Information product\n11/10/26: Remote/virtual, Data analysis',
    );
    expect(row['Summary of TA delivered notes']).toMatch(
      /^\d\d\/\d\d\/26: State received a policy options memo/,
    );
    expect(row['Requester feedback/closing comments']).toMatch(
      /^\d\d\/\d\d\/26: received from Alex Rivera, CCDF Administrator: "Thanks! This is exactly/,
    );
    expect(row['Collaborating centers']).toBe('NCSIA');
    expect(row['Other collaborators']).not.toBe('');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'export_activities'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorStaffId: me.staffId, channel: 'console' });
    expect(audits[0]!.changes).toEqual({ criteria: { requestId: 3 }, rows: 1 });
  });

  it("R24 a delivery over several days reads start-end; each chunk carries its own activities' lists", async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const me = await actorOf(DEMO.specialist);
    await t.ctx.db
      .update(deliveries)
      .set({ startDate: '2026-09-21' })
      .where(and(eq(deliveries.activityId, 3), eq(deliveries.endDate, '2026-09-24')));
    const one = await exportRows(me, { requestId: 3 });
    const cell = (rows: string[][], header: string[], id: string, column: string) =>
      rows.find((r) => r[0] === id)![header.indexOf(column)];
    const delivered = 'TA delivered (dates and delivery methods)';
    expect(cell(one.rows, one.header, '3', delivered)).toBe(
      '09/21/26-09/24/26: Remote/virtual, Information product\n11/10/26: Remote/virtual, Data analysis',
    );
    // Chunks of one and two activities give the same file as one chunk of everything.
    const whole = await exportRows(me, {});
    for (const chunkSize of [1, 2]) expect((await exportRows(me, {}, chunkSize)).bytes).toEqual(whole.bytes);
    const sparse = await exportRows(me, { completionStatus: 'open' }, 2);
    expect(cell(sparse.rows, sparse.header, '3', delivered)).toBe(cell(one.rows, one.header, '3', delivered));
  });
});
