// `tat import goals`: a State's goals (R21) with their strategic areas, one row per strategic area
// (the goal's columns repeat, or stay empty, on its later rows). Upserted by State + goal title
// (case-insensitive); strategic areas are added or get their notes updated, never removed (activities
// sit under them). A closed goal is not changed. All rows or none.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  activities,
  goalCategories,
  goalStrategicAreas,
  goals,
  states,
  strategicAreaOptions,
} from '../../db/schema.js';
import { type IsoDate, isIsoDate } from '../rules/dates.js';
import { OTHER_STRATEGIC_AREA } from '../rules/goal-schemas.js';
import { type ServiceContext, today } from '../services/context.js';
import { type CsvRow, problemAt, readCsv } from './csv-rows.js';
import { byLine, type ImportOptions, type ImportOutcome, runImport, validateRow } from './import-run.js';
import { GoalRow, READINESS_WORDS } from './row-schemas.js';

export const GOAL_COLUMNS = [
  { name: 'state', required: true },
  { name: 'title', aliases: ['goal', 'description', 'title/description', 'goal title'], required: true },
  { name: 'category', aliases: ['goal category'], required: true },
  { name: 'related_category', aliases: ['related goal category'] },
  { name: 'readiness', required: true },
  { name: 'start_date', aliases: ['start'], required: true },
  { name: 'strategic_area', aliases: ['area'] },
  { name: 'strategic_area_notes', aliases: ['notes', 'area notes'] },
];

type Readiness = (typeof READINESS_WORDS)[keyof typeof READINESS_WORDS];

interface GoalIn {
  line: number;
  stateCode: string;
  title: string;
  categoryCode: string;
  relatedCategoryCode: string | null;
  readiness: Readiness;
  startDate: IsoDate;
  areas: { line: number; name: string; notes: string | null }[];
}

/** 2026-03-01, 3/1/2026 or 03/01/26 → 2026-03-01. */
function parseDate(text: string): IsoDate | undefined {
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (!m) return undefined;
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const iso = `${year}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

export async function importGoals(
  ctx: ServiceContext,
  text: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const file = options.file;
  const read = readCsv(text, file, GOAL_COLUMNS);
  if (read.errors.length) return { ok: false, errors: read.errors };
  return runImport(ctx, 'goals', options, async (tx) => {
    const errors: string[] = [];
    const wanted = await validateGoals(tx, read.rows, file, today(ctx), errors);
    if (errors.length) return { errors: byLine(errors) };
    const codes = [...new Set(wanted.map((g) => g.stateCode))];
    const current = codes.length
      ? await tx.select().from(goals).where(inArray(goals.stateCode, codes)).for('update')
      : [];
    const areaRows = current.length
      ? await tx
          .select()
          .from(goalStrategicAreas)
          .where(
            inArray(
              goalStrategicAreas.goalId,
              current.map((g) => g.id),
            ),
          )
      : [];
    const summary = { added: 0, updated: 0, deactivated: 0, unchanged: 0 };
    const touched: number[] = [];
    for (const g of wanted) {
      const matches = current.filter(
        (c) => c.stateCode === g.stateCode && c.title.toLowerCase() === g.title.toLowerCase(),
      );
      if (matches.length > 1) {
        errors.push(
          problemAt(
            file,
            g.line,
            'title',
            `${g.stateCode} has ${matches.length} goals with this title (#${matches.map((m) => m.id).join(', #')}); rename one in chat before importing`,
          ),
        );
        continue;
      }
      const existing = matches[0];
      if (!existing) {
        const [row] = await tx
          .insert(goals)
          .values({
            stateCode: g.stateCode,
            categoryCode: g.categoryCode,
            relatedCategoryCode: g.relatedCategoryCode,
            title: g.title,
            readiness: g.readiness,
            startDate: g.startDate,
          })
          .returning();
        if (g.areas.length)
          await tx
            .insert(goalStrategicAreas)
            .values(g.areas.map((a) => ({ goalId: row!.id, name: a.name, notes: a.notes })));
        summary.added++;
        touched.push(row!.id);
        continue;
      }
      const areas = areaRows.filter((a) => a.goalId === existing.id);
      const goalChanged =
        existing.categoryCode !== g.categoryCode ||
        existing.relatedCategoryCode !== g.relatedCategoryCode ||
        existing.readiness !== g.readiness ||
        existing.startDate !== g.startDate ||
        existing.title !== g.title;
      const newAreas = g.areas.filter(
        (a) => !areas.some((x) => x.name.toLowerCase() === a.name.toLowerCase()),
      );
      const noteChanges = g.areas.flatMap((a) => {
        const x = areas.find((y) => y.name.toLowerCase() === a.name.toLowerCase());
        return x && (x.notes ?? null) !== a.notes ? [{ id: x.id, notes: a.notes }] : [];
      });
      if (!goalChanged && newAreas.length === 0 && noteChanges.length === 0) {
        summary.unchanged++;
        continue;
      }
      if (existing.status === 'closed') {
        errors.push(
          problemAt(
            file,
            g.line,
            'title',
            `goal #${existing.id} is closed and cannot change; remove its rows or match what is on record`,
          ),
        );
        continue;
      }
      if (existing.categoryCode !== g.categoryCode) {
        const [used] = await tx
          .select({ id: activities.id })
          .from(activities)
          .where(eq(activities.goalId, existing.id))
          .limit(1);
        if (used || areas.length > 0) {
          errors.push(
            problemAt(
              file,
              g.line,
              'category',
              `goal #${existing.id} is in ${existing.categoryCode} and already has strategic areas; its category cannot change: create a new goal instead`,
            ),
          );
          continue;
        }
      }
      if (goalChanged)
        await tx
          .update(goals)
          .set({
            title: g.title,
            categoryCode: g.categoryCode,
            relatedCategoryCode: g.relatedCategoryCode,
            readiness: g.readiness,
            startDate: g.startDate,
          })
          .where(eq(goals.id, existing.id));
      if (newAreas.length)
        await tx
          .insert(goalStrategicAreas)
          .values(newAreas.map((a) => ({ goalId: existing.id, name: a.name, notes: a.notes })));
      for (const n of noteChanges)
        await tx
          .update(goalStrategicAreas)
          .set({ notes: n.notes })
          .where(and(eq(goalStrategicAreas.id, n.id), eq(goalStrategicAreas.goalId, existing.id)));
      summary.updated++;
      touched.push(existing.id);
    }
    if (errors.length) return { errors: byLine(errors) };
    return { summary, details: { goalIds: touched } };
  });
}

async function validateGoals(
  tx: Tx,
  rows: CsvRow[],
  file: string,
  todayDate: IsoDate,
  errors: string[],
): Promise<GoalIn[]> {
  const stateCodes = new Set((await tx.select({ code: states.code }).from(states)).map((s) => s.code));
  const categories = await tx.select().from(goalCategories);
  const options = await tx.select().from(strategicAreaOptions);
  const categoryOf = (text: string) =>
    categories.find(
      (c) => c.code.toLowerCase() === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase(),
    );
  const categoryList = categories.map((c) => c.code).join(', ');
  const byKey = new Map<string, GoalIn>();
  const out: GoalIn[] = [];
  for (const row of rows) {
    const v = validateRow(GoalRow, row, file, errors);
    if (!v) continue;
    const at = (column: string, message: string) => errors.push(problemAt(file, row.line, column, message));
    const before = errors.length;
    const stateCode = v.state.toUpperCase();
    if (!stateCode) at('state', 'empty; give the State or Territory code, e.g. MD');
    else if (!stateCodes.has(stateCode))
      at('state', `"${v.state}" is not a State code; use a two-letter code such as MD or GU`);
    if (errors.length > before) continue;
    const key = `${stateCode}|${v.title.toLowerCase()}`;
    let goal = byKey.get(key);
    const given = (text: string, column: string, fix: string) => {
      if (!text && !goal) at(column, `empty; ${fix}`);
      return text;
    };
    const category = given(
      v.category,
      'category',
      `give the goal category code or name, e.g. ${categories[0]?.code}`,
    )
      ? categoryOf(v.category)
      : undefined;
    if (v.category && !category)
      at('category', `"${v.category}" is not a goal category; use one of ${categoryList}`);
    const related = v.related_category ? categoryOf(v.related_category) : undefined;
    if (v.related_category && !related)
      at(
        'related_category',
        `"${v.related_category}" is not a goal category; use one of ${categoryList}, or leave it empty`,
      );
    const mainCode = category?.code ?? goal?.categoryCode;
    if (related && related.code === mainCode)
      at('related_category', 'the same as the category; a related category must differ, or leave it empty');
    const readinessKey = v.readiness.toLowerCase().replace(/[\s-]+/g, '_');
    const readiness = given(v.readiness, 'readiness', 'use least, somewhat or most')
      ? (READINESS_WORDS as Record<string, Readiness>)[readinessKey]
      : undefined;
    if (v.readiness && !readiness)
      at('readiness', `"${v.readiness}" is not accepted; use least, somewhat or most`);
    const startDate = given(v.start_date, 'start_date', 'give the date the goal was agreed, e.g. 2026-03-01')
      ? parseDate(v.start_date)
      : undefined;
    if (v.start_date && !startDate)
      at('start_date', `"${v.start_date}" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01`);
    else if (startDate && startDate > todayDate)
      at(
        'start_date',
        `${startDate} is in the future; use the date the goal was agreed with the State, or today`,
      );
    if (goal) {
      // Later rows of the same goal may leave the goal's columns empty, but may not contradict them.
      for (const [column, value, was] of [
        ['category', category?.code, goal.categoryCode],
        ['related_category', related?.code, goal.relatedCategoryCode ?? undefined],
        ['readiness', readiness, goal.readiness],
        ['start_date', startDate, goal.startDate],
      ] as const) {
        if (value !== undefined && value !== was)
          at(
            column,
            `differs from line ${goal.line} for the same goal (${was ?? 'empty'}); give the same value or leave it empty`,
          );
      }
    }
    const code = mainCode;
    let area: GoalIn['areas'][number] | undefined;
    if (v.strategic_area && code) {
      const name = options.find(
        (o) => o.categoryCode === code && o.name.toLowerCase() === v.strategic_area.toLowerCase(),
      )?.name;
      if (!name)
        at(
          'strategic_area',
          `"${v.strategic_area}" is not a strategic area of ${code}; use one of: ${options
            .filter((o) => o.categoryCode === code)
            .map((o) => o.name)
            .join('; ')}`,
        );
      else if (name === OTHER_STRATEGIC_AREA && !v.strategic_area_notes)
        at(
          'strategic_area_notes',
          `empty; strategic area "${OTHER_STRATEGIC_AREA}" needs notes saying what it covers`,
        );
      else if (goal?.areas.some((a) => a.name === name))
        at(
          'strategic_area',
          `"${name}" is already on line ${goal.areas.find((a) => a.name === name)!.line} for this goal; give it once`,
        );
      else area = { line: row.line, name, notes: v.strategic_area_notes || null };
    } else if (v.strategic_area_notes && !v.strategic_area) {
      at(
        'strategic_area',
        'empty but strategic_area_notes is given; name the strategic area the notes are for',
      );
    }
    if (errors.length > before) continue;
    if (!goal) {
      goal = {
        line: row.line,
        stateCode,
        title: v.title,
        categoryCode: category!.code,
        relatedCategoryCode: related?.code ?? null,
        readiness: readiness!,
        startDate: startDate!,
        areas: [],
      };
      byKey.set(key, goal);
      out.push(goal);
    }
    if (area) goal.areas.push(area);
  }
  return out;
}
