// Directory import (R26): 10,000 staff + 50,000 contacts into a fresh scratch database on the local
// PostgreSQL, through the same code as `tat import` (parse, validate, batched multi-row upserts, one
// transaction each). Then the same files again (all unchanged), and a staff file with one row changed
// and one dropped, side by side. Reported as rows/s; target: the first import of both ≤ 10 s.
//   npx tsx bench/directory-import.bench.ts
//   BENCH_DATABASE_URL=postgres://user@host:5432/db (server to create the scratch database on)
//   BENCH_IMPORT_STAFF=10000 BENCH_IMPORT_CONTACTS=50000
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Db } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import * as schema from '../db/schema.js';
import { importContacts } from '../src/import/contacts-import.js';
import type { ImportOutcome } from '../src/import/import-run.js';
import { importStaff } from '../src/import/staff-import.js';
import { createCalendar } from '../src/rules/calendar.js';
import type { ServiceContext } from '../src/services/context.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const STAFF = Number(process.env.BENCH_IMPORT_STAFF ?? 10_000);
const CONTACTS = Number(process.env.BENCH_IMPORT_CONTACTS ?? 50_000);
const TARGET_MS = 10_000;
const CENTERS = ['SCBC', 'ECQA', 'NCSIA', 'NCASE'];
const STATES = ['MD', 'DC', 'VA', 'GU', 'TX', 'CA', 'NY', 'VT', 'PR', 'IL'];
const ROLES = ['provider', 'provider', 'provider', 'specialist', 'admin'];
const CONTACT_ROLES = ['CCDF Administrator', 'CCDF staff', 'other', 'other'];

function staffCsv(n: number, rename = -1): string {
  const lines = ['name,email,title,center,role,states,slack_user_id,teams_aad_object_id'];
  for (let i = 0; i < n; i++) {
    const name = i === rename ? `"Renamed, Person ${i}"` : `"Núñez, Person ${i}"`;
    const states = `${STATES[i % STATES.length]};${STATES[(i + 3) % STATES.length]}`;
    lines.push(
      `${name},person${i}@tat.example.org,TA Specialist,${CENTERS[i % CENTERS.length]},${ROLES[i % ROLES.length]},${states},,`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function contactsCsv(n: number): string {
  const lines = ['name,title,email,state,role,region'];
  for (let i = 0; i < n; i++) {
    const rpm = i % 50 === 0;
    lines.push(
      rpm
        ? `Contact ${i},"Regional Program Manager, Region ${(i % 10) + 1}",contact${i}@state.example.gov,,RPM,${(i % 10) + 1}`
        : `Contact ${i},"Manager, Office of Child Care",contact${i}@state.example.gov,${STATES[i % STATES.length]},${CONTACT_ROLES[i % 4]},`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function timed(label: string, rows: number, run: () => Promise<ImportOutcome>): Promise<number> {
  const started = performance.now();
  const r = await run();
  const ms = performance.now() - started;
  if (!r.ok) throw new Error(`${label}: ${r.errors.slice(0, 3).join('\n')}`);
  const s = r.summary;
  console.log(
    `${label.padEnd(34)} ${String(Math.round(ms)).padStart(6)} ms  ${String(Math.round(rows / (ms / 1000))).padStart(7)} rows/s  (+${s.added} ~${s.updated} -${s.deactivated} =${s.unchanged})`,
  );
  return ms;
}

async function main(): Promise<boolean> {
  const name = `tat_bench_import_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  try {
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: join(here, '..', 'db', 'migrations') });
    await loadReferenceData(db);
    const ctx: ServiceContext = { db, calendar: createCalendar(), now: () => new Date() };
    const actor = { kind: 'system', channel: 'cli' } as const;
    const staffText = staffCsv(STAFF);
    const contactsText = contactsCsv(CONTACTS);
    console.log(`directory import on ${url.host}: ${STAFF} staff + ${CONTACTS} contacts`);
    const first =
      (await timed('staff, first import', STAFF, () =>
        importStaff(ctx, staffText, { file: 'staff.csv', actor }),
      )) +
      (await timed('contacts, first import', CONTACTS, () =>
        importContacts(ctx, contactsText, { file: 'contacts.csv', actor }),
      ));
    await timed('staff, same file again', STAFF, () =>
      importStaff(ctx, staffText, { file: 'staff.csv', actor }),
    );
    await timed('contacts, same file again', CONTACTS, () =>
      importContacts(ctx, contactsText, { file: 'contacts.csv', actor }),
    );
    await timed('staff, 1 renamed + 1 dropped', STAFF - 1, () =>
      importStaff(ctx, staffCsv(STAFF - 1, 7), { file: 'staff.csv', actor }),
    );
    const met = first <= TARGET_MS;
    console.log(
      `first import of both: ${Math.round(first)} ms, ${Math.round((STAFF + CONTACTS) / (first / 1000))} rows/s — target ≤ ${TARGET_MS} ms ${met ? 'met' : 'MISSED'}`,
    );
    return met;
  } finally {
    await client.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

process.exit((await main()) ? 0 : 1);
