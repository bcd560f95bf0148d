// `tat import contacts`: the State and regional contacts (the requesters table), upserted by e-mail
// (case-insensitive). A contact in the program's own directory is on record: new ones and pending
// ones become approved with the 'directory' role (R7 approvals by a person stay as they were).
// Contacts missing from a later file are kept (they are requesters of past activities). All or none.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { requesters, states } from '../../db/schema.js';
import { RegionSchema } from '../rules/requester-schemas.js';
import type { ServiceContext } from '../services/context.js';
import { type CsvRow, EMAIL_COLUMN, problemAt, readCsv } from './csv-rows.js';
import {
  batches,
  byLine,
  type ImportOptions,
  type ImportOutcome,
  jsonRows,
  runImport,
  validateRow,
} from './import-run.js';
import { ContactRow, type ContactRowValues } from './row-schemas.js';

export const CONTACT_COLUMNS = [
  { name: 'name', required: true },
  { name: 'title', required: true },
  EMAIL_COLUMN,
  { name: 'state', required: true },
  { name: 'role', required: true },
  { name: 'region' },
];

export const DIRECTORY_APPROVER = 'TAT directory (contacts import)';

interface ContactIn {
  line: number;
  name: string;
  title: string;
  email: string;
  stateCode: string | null;
  region: number;
  role: ContactRowValues['role'];
}

type Existing = {
  id: number;
  email: string;
  name: string;
  title: string;
  state_code: string | null;
  region: number | null;
  is_ccdf_administrator: boolean;
  is_ccdf_staff: boolean;
  is_rpm: boolean;
  approval_status: 'pending' | 'approved';
};

const contactJson = (r: ContactIn) => {
  const f = flags(r.role);
  return {
    name: r.name,
    email: r.email,
    title: r.title,
    state_code: r.stateCode,
    region: r.region,
    adm: f.isCcdfAdministrator,
    stf: f.isCcdfStaff,
    rpm: f.isRpm,
  };
};

function flags(role: ContactIn['role']) {
  return {
    isCcdfAdministrator: role === 'ccdf_administrator',
    isCcdfStaff: role === 'ccdf_administrator' || role === 'ccdf_staff',
    isRpm: role === 'rpm',
  };
}

export async function importContacts(
  ctx: ServiceContext,
  text: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const file = options.file;
  const read = readCsv(text, file, CONTACT_COLUMNS);
  if (read.errors.length) return { ok: false, errors: read.errors };
  return runImport(ctx, 'contacts', options, async (tx) => {
    const errors: string[] = [];
    const rows = await validateContacts(tx, read.rows, file, errors);
    if (errors.length) return { errors: byLine(errors) };
    await tx.execute(sql`lock table ${requesters} in share row exclusive mode`);
    const existing = await queryRows<Existing>(
      tx,
      sql`select id, lower(email) as email, name, title, state_code, region, is_ccdf_administrator,
                 is_ccdf_staff, is_rpm, approval_status from ${requesters}`,
    );
    const byEmail = new Map(existing.map((e) => [e.email, e]));
    const added = rows.filter((r) => !byEmail.has(r.email));
    const updated: { row: ContactIn; id: number }[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const e = byEmail.get(row.email);
      if (!e) continue;
      const f = flags(row.role);
      const same =
        e.name === row.name &&
        e.title === row.title &&
        e.state_code === row.stateCode &&
        e.region === row.region &&
        e.is_ccdf_administrator === f.isCcdfAdministrator &&
        e.is_ccdf_staff === f.isCcdfStaff &&
        e.is_rpm === f.isRpm &&
        e.approval_status === 'approved';
      if (same) unchanged++;
      else updated.push({ row, id: e.id });
    }
    const now = ctx.now();
    const addedIds: number[] = [];
    for (const chunk of batches(added)) {
      const inserted = await queryRows<{ id: number }>(
        tx,
        sql`insert into ${requesters} (name, email, title, state_code, region, is_ccdf_administrator,
              is_ccdf_staff, is_rpm, approval_status, approved_by, approved_by_role, approved_at)
            select x.name, x.email, x.title, x.state_code, x.region, x.adm, x.stf, x.rpm, 'approved',
              ${DIRECTORY_APPROVER}, 'directory', ${now.toISOString()}::timestamptz
            from json_to_recordset(${jsonRows(chunk.map(contactJson))}) as x(name text, email text,
              title text, state_code text, region smallint, adm boolean, stf boolean, rpm boolean)
            returning id`,
      );
      addedIds.push(...inserted.map((x) => x.id));
    }
    for (const chunk of batches(updated)) {
      // A pending contact put on record by the directory is approved by it; a person's approval stays.
      await tx.execute(sql`
        update ${requesters} r set name = v.name, title = v.title, state_code = v.state_code,
          region = v.region, is_ccdf_administrator = v.adm, is_ccdf_staff = v.stf, is_rpm = v.rpm,
          approval_status = 'approved',
          approved_by = case when r.approval_status = 'pending' then ${DIRECTORY_APPROVER} else r.approved_by end,
          approved_by_role = case when r.approval_status = 'pending' then 'directory' else r.approved_by_role end,
          approved_at = case when r.approval_status = 'pending' then ${now.toISOString()}::timestamptz else r.approved_at end
        from json_to_recordset(${jsonRows(chunk.map(({ row, id }) => ({ id, ...contactJson(row) })))}) as v(id int,
          name text, email text, title text, state_code text, region smallint, adm boolean, stf boolean, rpm boolean)
        where r.id = v.id`);
    }
    return {
      summary: { added: added.length, updated: updated.length, deactivated: 0, unchanged },
      details: { addedIds, updatedIds: updated.map((u) => u.id) },
    };
  });
}

async function validateContacts(
  tx: Tx,
  rows: CsvRow[],
  file: string,
  errors: string[],
): Promise<ContactIn[]> {
  const regionOf = new Map((await tx.select().from(states)).map((s) => [s.code, s.region]));
  const firstLine = new Map<string, number>();
  const out: ContactIn[] = [];
  for (const row of rows) {
    const v = validateRow(ContactRow, row, file, errors);
    if (!v) continue;
    const before = errors.length;
    const stateCode = v.state ? v.state.toUpperCase() : null;
    let region: number | undefined;
    if (v.region) {
      const r = RegionSchema.safeParse(v.region);
      if (r.success) region = r.data;
      else
        errors.push(
          problemAt(file, row.line, 'region', `"${v.region}" is not an ACF region; use 1 to 10 or I to X`),
        );
    }
    if (stateCode) {
      const stateRegion = regionOf.get(stateCode);
      if (stateRegion === undefined)
        errors.push(
          problemAt(
            file,
            row.line,
            'state',
            `"${v.state}" is not a State code; use a two-letter code such as MD or GU`,
          ),
        );
      else if (region !== undefined && region !== stateRegion)
        errors.push(
          problemAt(
            file,
            row.line,
            'region',
            `${stateCode} is in Region ${stateRegion}, not ${v.region}; correct it or leave the region empty`,
          ),
        );
      else region = stateRegion;
    } else if (v.role !== 'rpm') {
      errors.push(
        problemAt(
          file,
          row.line,
          'state',
          "empty; give the contact's State or Territory code, e.g. MD (only an RPM may have a region instead)",
        ),
      );
    } else if (region === undefined && !v.region) {
      errors.push(
        problemAt(file, row.line, 'region', 'empty; an RPM needs the region they manage, e.g. III'),
      );
    }
    const seen = firstLine.get(v.email);
    if (seen !== undefined)
      errors.push(
        problemAt(file, row.line, 'email', `${v.email} is already on line ${seen}; give each contact once`),
      );
    else firstLine.set(v.email, row.line);
    if (errors.length > before || region === undefined) continue;
    out.push({
      line: row.line,
      name: v.name,
      title: v.title,
      email: v.email,
      stateCode,
      region,
      role: v.role,
    });
  }
  return out;
}
