// `tat import staff`: upsert staff by e-mail (case-insensitive); a person missing from the file is
// deactivated, never deleted, so their history keeps its author (R26). All rows or none.
import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { activities, centers, staff, staffStates, states } from '../../db/schema.js';
import type { ServiceContext } from '../services/context.js';
import { type CsvRow, EMAIL_COLUMN, listCell, problemAt, readCsv } from './csv-rows.js';
import {
  batches,
  byLine,
  type ImportOptions,
  type ImportOutcome,
  jsonRows,
  runImport,
  validateRow,
} from './import-run.js';
import { StaffRow, type StaffRowValues } from './row-schemas.js';

export const STAFF_COLUMNS = [
  { name: 'name', required: true },
  EMAIL_COLUMN,
  { name: 'title', required: true },
  { name: 'center', required: true },
  { name: 'role', required: true },
  { name: 'states', aliases: ['states covered', 'state'], required: true },
  { name: 'slack_user_id', aliases: ['slack id', 'slack member id'] },
  { name: 'teams_aad_object_id', aliases: ['teams id', 'aad object id', 'teams user id'] },
];

interface StaffIn {
  line: number;
  name: string;
  email: string;
  title: string;
  centerId: number;
  role: StaffRowValues['role'];
  states: string[];
  slackUserId: string | undefined;
  teamsUserId: string | undefined;
}

type Existing = {
  id: number;
  email: string;
  name: string;
  title: string;
  center_id: number;
  role: StaffRowValues['role'];
  slack_user_id: string | null;
  teams_user_id: string | null;
  active: boolean;
  states: string[] | null;
};

export interface StaffImportOptions extends ImportOptions {
  /** E-mails never deactivated by an import (the TAT_ADMIN_EMAILS bootstrap admins). */
  keepActive?: string[];
}

export async function importStaff(
  ctx: ServiceContext,
  text: string,
  options: StaffImportOptions,
): Promise<ImportOutcome> {
  const file = options.file;
  const read = readCsv(text, file, STAFF_COLUMNS);
  if (read.errors.length) return { ok: false, errors: read.errors };
  return runImport(ctx, 'staff', options, async (tx) => {
    const errors: string[] = [];
    const rows = await validateStaff(tx, read.rows, file, errors);
    // Nobody else changes staff while the import compares and writes (identity links wait briefly).
    await tx.execute(sql`lock table ${staff} in share row exclusive mode`);
    const existing = await queryRows<Existing>(
      tx,
      sql`select s.id, lower(s.email) as email, s.name, s.title, s.center_id, s.role, s.slack_user_id,
                 s.teams_user_id, s.active,
                 (select array_agg(ss.state_code order by ss.state_code) from ${staffStates} ss where ss.staff_id = s.id) as states
          from ${staff} s`,
    );
    const byEmail = new Map(existing.map((e) => [e.email, e]));
    checkPlatformIds(rows, existing, file, errors);
    if (errors.length) return { errors: byLine(errors) };

    const inFile = new Set(rows.map((r) => r.email));
    const keep = new Set((options.keepActive ?? []).map((e) => e.toLowerCase()));
    const added = rows.filter((r) => !byEmail.has(r.email));
    const updated: { row: StaffIn; id: number; statesChanged: boolean }[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const e = byEmail.get(row.email);
      if (!e) continue;
      const statesChanged = (e.states ?? []).join(',') !== row.states.join(',');
      const same =
        e.name === row.name &&
        e.title === row.title &&
        e.center_id === row.centerId &&
        e.role === row.role &&
        e.active &&
        !statesChanged &&
        (row.slackUserId === undefined || row.slackUserId === e.slack_user_id) &&
        (row.teamsUserId === undefined || row.teamsUserId === e.teams_user_id);
      if (same) unchanged++;
      else updated.push({ row, id: e.id, statesChanged });
    }
    const deactivate = existing.filter((e) => e.active && !inFile.has(e.email) && !keep.has(e.email));

    const addedIds = await insertStaff(tx, added);
    await updateStaff(tx, updated);
    const deactivatedIds = deactivate.map((e) => e.id);
    for (const ids of batches(deactivatedIds)) {
      await tx.update(staff).set({ active: false }).where(inArray(staff.id, ids));
    }
    // Deactivated people still responsible for open work: the admin should reassign it (R9).
    const stillPrimary = deactivatedIds.length
      ? await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from ${activities}
              where ${activities.completionStatus} = 'open' and ${inArray(activities.primaryStaffId, deactivatedIds)}`,
        )
      : [];
    const open = stillPrimary[0]?.n ?? 0;
    return {
      ...(open > 0
        ? {
            notes: [
              `${open} open TA activit${open === 1 ? 'y has' : 'ies have'} a deactivated person as primary staff: reassign ${open === 1 ? 'it' : 'them'} to someone active (R9).`,
            ],
          }
        : {}),
      summary: {
        added: added.length,
        updated: updated.length,
        deactivated: deactivate.length,
        unchanged,
      },
      details: { addedIds, updatedIds: updated.map((u) => u.id), deactivatedIds },
    };
  });
}

async function validateStaff(tx: Tx, rows: CsvRow[], file: string, errors: string[]): Promise<StaffIn[]> {
  const centerRows = await tx.select().from(centers);
  const stateCodes = new Set((await tx.select({ code: states.code }).from(states)).map((s) => s.code));
  const centerOf = new Map<string, number>();
  for (const c of centerRows) {
    centerOf.set(c.code.toLowerCase(), c.id);
    centerOf.set(c.name.toLowerCase(), c.id);
  }
  const centerList = centerRows.map((c) => c.code).join(', ');
  const firstLine = new Map<string, number>();
  const out: StaffIn[] = [];
  for (const row of rows) {
    const v = validateRow(StaffRow, row, file, errors);
    if (!v) continue;
    let bad = false;
    const centerId = centerOf.get(v.center.toLowerCase());
    if (centerId === undefined) {
      errors.push(
        problemAt(file, row.line, 'center', `"${v.center}" is not a center; use one of ${centerList}`),
      );
      bad = true;
    }
    const codes = [...new Set(listCell(v.states).map((s) => s.toUpperCase()))].sort();
    const unknown = codes.filter((c) => !stateCodes.has(c));
    if (unknown.length) {
      errors.push(
        problemAt(
          file,
          row.line,
          'states',
          `${unknown.join(', ')} ${unknown.length > 1 ? 'are not State codes' : 'is not a State code'}; use two-letter codes such as MD or GU, separated by semicolons`,
        ),
      );
      bad = true;
    } else if (v.role === 'specialist' && codes.length === 0) {
      errors.push(
        problemAt(
          file,
          row.line,
          'states',
          'empty; a State Systems Specialist covers at least one State, e.g. MD;DC',
        ),
      );
      bad = true;
    }
    const seen = firstLine.get(v.email);
    if (seen !== undefined) {
      errors.push(
        problemAt(file, row.line, 'email', `${v.email} is already on line ${seen}; give each person once`),
      );
      bad = true;
    } else firstLine.set(v.email, row.line);
    if (bad) continue;
    out.push({
      line: row.line,
      name: v.name,
      email: v.email,
      title: v.title,
      centerId: centerId!,
      role: v.role,
      states: codes,
      slackUserId: v.slack_user_id,
      teamsUserId: v.teams_aad_object_id,
    });
  }
  return out;
}

/** A Slack or Teams id names one person: twice in the file, or someone else's on record, is refused. */
function checkPlatformIds(rows: StaffIn[], existing: Existing[], file: string, errors: string[]): void {
  for (const [key, column, dbKey] of [
    ['slackUserId', 'slack_user_id', 'slack_user_id'],
    ['teamsUserId', 'teams_aad_object_id', 'teams_user_id'],
  ] as const) {
    const newIdOf = new Map(rows.map((r) => [r.email, r[key]]));
    const owner = new Map<string, Existing>();
    for (const e of existing) if (e[dbKey]) owner.set(e[dbKey]!, e);
    const seen = new Map<string, number>();
    for (const r of rows) {
      const id = r[key];
      if (!id) continue;
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push(
          problemAt(
            file,
            r.line,
            column,
            `${id} is already given on line ${first}; each person has their own`,
          ),
        );
        continue;
      }
      seen.set(id, r.line);
      const o = owner.get(id);
      // Someone else holds it, and the file does not move it away from them.
      if (o && o.email !== r.email && (newIdOf.get(o.email) ?? id) === id) {
        errors.push(
          problemAt(
            file,
            r.line,
            column,
            `${id} belongs to ${o.name} <${o.email}> on record; fix the id, or give ${o.name} their own in this file`,
          ),
        );
      }
    }
  }
}

const staffJson = (r: StaffIn) => ({
  name: r.name,
  email: r.email,
  title: r.title,
  center_id: r.centerId,
  role: r.role,
  slack_user_id: r.slackUserId ?? null,
  teams_user_id: r.teamsUserId ?? null,
});

const STAFF_RECORD = sql.raw(
  'name text, email text, title text, center_id int, role text, slack_user_id text, teams_user_id text',
);

async function linkStates(tx: Tx, links: { staff_id: number; state_code: string }[]): Promise<void> {
  for (const part of batches(links))
    await tx.execute(
      sql`insert into ${staffStates} (staff_id, state_code)
          select x.staff_id, x.state_code from json_to_recordset(${jsonRows(part)}) as x(staff_id int, state_code text)`,
    );
}

async function insertStaff(tx: Tx, rows: StaffIn[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of batches(rows)) {
    const inserted = await queryRows<{ id: number; email: string }>(
      tx,
      sql`insert into ${staff} (name, email, title, center_id, role, slack_user_id, teams_user_id)
          select x.name, x.email, x.title, x.center_id, x.role, x.slack_user_id, x.teams_user_id
          from json_to_recordset(${jsonRows(chunk.map(staffJson))}) as x(${STAFF_RECORD})
          returning id, email`,
    );
    const idOf = new Map(inserted.map((x) => [x.email, x.id]));
    await linkStates(
      tx,
      chunk.flatMap((r) => r.states.map((state_code) => ({ staff_id: idOf.get(r.email)!, state_code }))),
    );
    ids.push(...inserted.map((x) => x.id));
  }
  return ids;
}

async function updateStaff(
  tx: Tx,
  rows: { row: StaffIn; id: number; statesChanged: boolean }[],
): Promise<void> {
  for (const chunk of batches(rows)) {
    await tx.execute(sql`
      update ${staff} s set name = v.name, title = v.title, center_id = v.center_id, role = v.role,
        slack_user_id = coalesce(v.slack_user_id, s.slack_user_id),
        teams_user_id = coalesce(v.teams_user_id, s.teams_user_id), active = true
      from json_to_recordset(${jsonRows(chunk.map(({ row, id }) => ({ id, ...staffJson(row) })))}) as v(id int, ${STAFF_RECORD})
      where s.id = v.id`);
    const moved = chunk.filter((u) => u.statesChanged);
    if (moved.length === 0) continue;
    await tx.delete(staffStates).where(
      inArray(
        staffStates.staffId,
        moved.map((u) => u.id),
      ),
    );
    await linkStates(
      tx,
      moved.flatMap((u) => u.row.states.map((state_code) => ({ staff_id: u.id, state_code }))),
    );
  }
}
