// R3 monthly review report: figures on the demo data checked against numbers worked out by hand from
// src/seed/demo-activities.ts with today = Mon 2026-11-23; R25 scopes; the chart PNG and its numbers.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema.js';
import { CHART_WIDTH, renderReportChart } from '../src/reports/report-chart.js';
import { parseReportArgs } from '../src/rules/report-args.js';
import { reportFigures, reportText, summaryStanding } from '../src/rules/report-figures.js';
import { DEMO, seedDemo } from '../src/seed/demo.js';
import type { Actor } from '../src/services/context.js';
import { findStaffByEmail } from '../src/services/lookups.js';
import { monthlyReport } from '../src/services/monthly-report.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const NOW = new Date('2026-11-23T15:00:00Z');

async function actorOf(email: string): Promise<Actor> {
  const who = await findStaffByEmail(t.ctx.db, email);
  if (!who) throw new Error(`no ${email}`);
  return { kind: 'staff', staffId: who.id, channel: 'console' };
}

async function report(email: string, args: string) {
  const parsed = parseReportArgs(args, '2026-11-23');
  if (!parsed.ok) throw new Error(parsed.error);
  return monthlyReport(t.ctx, await actorOf(email), parsed.month, parsed.scope);
}

async function figures(email: string, args: string) {
  const r = await report(email, args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('monthly review report', () => {
  // Demo deliveries (today Mon 11/23): TX 09/24 and 11/10 (due 11/25, pending); VT 09/29 and 11/03
  // (due 11/17, never summarized); MD 10/14 and 11/23 (due 11/30); GU 09/24; MD 10/09. Opened in
  // November: MD 11/10; in October: GU 10/14 (entered late) and TX 10/02. GU closed 11/03.
  it('R3 program figures for November match the hand-computed numbers (admin)', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const f = await figures(DEMO.admin, '2026-11');
    expect(f.scopeLabel).toBe('the whole program');
    expect(f.asOf).toBe('2026-11-23');
    expect(f.months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(f.deliveredTotals).toEqual([0, 0, 0, 3, 2, 3]);
    const november = Object.fromEntries(f.delivered.map((d) => [d.method, d.counts[5]]));
    expect(november).toMatchObject({
      onsite: 2,
      remote: 1,
      data_analysis: 1,
      training: 1,
      meeting_facilitation: 1,
    });
    expect(f.summaries).toEqual({ onTime: 0, late: 0, missing: 1, notYetDue: 2, total: 3 });
    expect([f.opened, f.lateEntries, f.closed, f.cancelled]).toEqual([1, 0, 1, 0]);
    expect(f.closedIncomplete).toEqual([]);
    expect(f.overdueByStaff).toEqual([{ staffName: 'Riley Chen', n: 1 }]);
  });

  it('R3 October: summaries entered on time, one late entry (R2), as of the month end', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const f = await figures(DEMO.admin, '2026-10');
    expect(f.asOf).toBe('2026-10-31');
    expect(f.summaries).toEqual({ onTime: 2, late: 0, missing: 0, notYetDue: 0, total: 2 });
    expect([f.opened, f.lateEntries, f.closed, f.cancelled]).toEqual([2, 1, 0, 0]);
    expect(f.overdueByStaff).toEqual([]);
  });

  it("R3 R25 a specialist's default report covers their States; others are refused; each report is audited", async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const f = await figures(DEMO.specialist, '2026-11');
    expect(f.scopeLabel).toBe('MD, VT');
    expect(f.deliveredTotals.at(-1)).toBe(2);
    expect(f.summaries).toEqual({ onTime: 0, late: 0, missing: 1, notYetDue: 1, total: 2 });
    const provider = await figures(DEMO.provider, '2026-11');
    expect(provider.scopeLabel).toBe('ECQA (primary center)');
    for (const [email, args, code] of [
      [DEMO.specialist, '2026-11 state:TX', 'forbidden'],
      [DEMO.provider, '2026-11 program', 'forbidden'],
      [DEMO.provider, '2026-11 center:SCBC', 'forbidden'],
      [DEMO.admin, '2026-11 state:ZZ', 'invalid_input'],
    ] as const) {
      const r = await report(email, args);
      expect(r.ok ? 'ok' : r.error.code, `${email} ${args}`).toBe(code);
    }
    expect((await figures(DEMO.admin, '2026-11 state:GU')).scopeLabel).toBe('GU');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'monthly_report'));
    expect(audits.map((a) => a.entityId)).toEqual(['2026-11', '2026-11', '2026-11']);
  });

  it('R1 a summary is on time by its due date, late after it, missing once the due date passed', () => {
    expect(summaryStanding('2026-11-17', '2026-11-17', '2026-11-30')).toBe('on_time');
    expect(summaryStanding('2026-11-17', '2026-11-18', '2026-11-30')).toBe('late');
    expect(summaryStanding('2026-11-17', null, '2026-11-18')).toBe('missing');
    expect(summaryStanding('2026-11-17', null, '2026-11-17')).toBe('not_yet_due');
    // Entered after the month it was due in: late, not missing.
    expect(summaryStanding('2026-10-30', '2026-11-02', '2026-11-23')).toBe('late');
  });

  it('R3 report arguments: month, States, center or program; refusals say how to fix them', () => {
    expect(parseReportArgs('', '2026-11-23')).toEqual({
      ok: true,
      month: '2026-10',
      scope: { kind: 'default' },
    });
    expect(parseReportArgs('2026-01 state:md state:VT', '2026-11-23')).toEqual({
      ok: true,
      month: '2026-01',
      scope: { kind: 'states', stateCodes: ['MD', 'VT'] },
    });
    expect(parseReportArgs('center:scbc', '2026-01-05')).toMatchObject({ month: '2025-12' });
    for (const bad of ['2026-13', '2026-12', 'state:MD center:SCBC', 'next week']) {
      const r = parseReportArgs(bad, '2026-11-23');
      expect(r.ok, bad).toBe(false);
    }
  });

  it('R3 the chart renders as a PNG of the expected size whose labels carry the numbers of the text', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const f = await figures(DEMO.admin, '2026-11');
    const chart = await renderReportChart(f);
    const png = Buffer.from(chart.png);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH); // IHDR width
    expect(png.readUInt32BE(20)).toBe(chart.height);
    expect(chart.height).toBeGreaterThan(250);
    expect(chart.height).toBeLessThan(600);
    expect(png.length).toBeGreaterThan(10_000);
    const labels = (layer: string) => {
      const group = chart.svg.slice(chart.svg.indexOf(`${layer}_marks`));
      const end = group.indexOf('</g>');
      return [...group.slice(0, end).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => Number(m[1]));
    };
    expect(labels('concat_0_layer_1')).toEqual(f.deliveredTotals);
    const s = f.summaries;
    expect(labels('concat_1_layer_1')).toEqual([s.onTime, s.late, s.missing, s.notYetDue]);
    const text = reportText(f);
    expect(text).toContain(`${f.deliveredTotals.at(-1)} deliveries this month`);
    expect(text).toContain(
      `${s.onTime} on time, ${s.late} late, ${s.missing} missing, ${s.notYetDue} not yet due`,
    );
    expect(text).toContain('Riley Chen 1');
  });

  it('R3 figures from grouped counts: methods per month, totals and overdue ordering', () => {
    const f = reportFigures({
      month: '2026-03',
      today: '2026-04-02',
      scopeLabel: 'x',
      deliveredByMonthMethod: [
        { month: '2026-03', method: 'phone', n: 2 },
        { month: '2026-01', method: 'phone', n: 1 },
        { month: '2025-09', method: 'phone', n: 9 }, // outside the six months
      ],
      deliveredByMonth: [
        { month: '2026-03', n: 2 },
        { month: '2026-01', n: 1 },
      ],
      summaries: [{ due: '2026-03-31', entered: null, n: 2 }],
      opened: 0,
      lateEntries: 0,
      closed: 0,
      cancelled: 0,
      closedIncomplete: [],
      overdueByStaff: [
        { staffName: 'B', n: 1 },
        { staffName: 'A', n: 3 },
      ],
    });
    expect(f.months).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(f.delivered).toEqual([{ method: 'phone', label: 'Phone', counts: [0, 0, 0, 1, 0, 2] }]);
    expect(f.summaries.missing).toBe(2);
    expect(f.overdueByStaff.map((o) => o.staffName)).toEqual(['A', 'B']);
    expect(f.overdueTotal).toBe(4);
  });
});
