// One database per test file: in-memory PGlite by default, or a fresh database on the server named
// by TEST_DATABASE_URL (created here, dropped after). `reset()` empties everything but reference data.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type DbHandle, openDb, queryRows } from '../../db/client.js';
import { loadReferenceData } from '../../db/reference/load.js';
import { type Calendar, createCalendar } from '../../src/rules/calendar.js';
import type { ServiceContext } from '../../src/services/context.js';

const REFERENCE_TABLES = new Set([
  'states',
  'centers',
  'goal_categories',
  'strategic_area_options',
  'focus_options',
  'delivery_methods',
  'other_collaborator_options',
]);

export interface TestDb {
  handle: DbHandle;
  /** A service context whose clock is `clock.now` (set `clock.now` to move time). */
  ctx: ServiceContext;
  clock: { now: Date };
  calendar: Calendar;
  /** The database URL the handle was opened with (`memory:` for PGlite). */
  url: string;
  reset(): Promise<void>;
}

/** Creates a throw-away database on the server of `baseUrl` and returns its URL. */
export async function createScratchDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tat_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function openTestDb(): Promise<TestDb & { close(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  const scratch = base ? await createScratchDatabase(base) : undefined;
  const url = scratch?.url ?? 'memory:';
  const handle = await openDb({ databaseUrl: url, maxConnections: 5 });
  await loadReferenceData(handle.db);
  const clock = { now: new Date('2026-11-23T15:00:00Z') };
  const calendar = createCalendar();
  const ctx: ServiceContext = { db: handle.db, calendar, now: () => clock.now };
  const rows = await queryRows<{ tablename: string }>(
    handle.db,
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const list = rows.map((r) => r.tablename).filter((t) => !REFERENCE_TABLES.has(t));
  return {
    handle,
    ctx,
    clock,
    calendar,
    url,
    async reset() {
      clock.now = new Date('2026-11-23T15:00:00Z');
      await handle.db.execute(
        sql.raw(`truncate ${list.map((t) => `"${t}"`).join(', ')} restart identity cascade`),
      );
    },
    async close() {
      await handle.close();
      await scratch?.drop();
    },
  };
}

/** Registers one shared database for the calling test file, reset before each test. */
export function useTestDb(): TestDb {
  const box = {} as TestDb & { close(): Promise<void> };
  beforeAll(async () => {
    Object.assign(box, await openTestDb());
  });
  beforeEach(async () => {
    await box.reset();
  });
  afterAll(async () => {
    await box.close?.();
  });
  return box;
}
