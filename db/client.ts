// The database client factory: DATABASE_URL → postgres.js; unset → PGlite on disk under DATA_DIR;
// `memory:` → in-memory PGlite. Migrations are applied at open, idempotently, on both.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDataDirLock } from './data-dir-lock.js';
import { dbFolder } from './folder.js';
import { copyPgliteTemplate, readPgliteTemplateTarball } from './pglite-template.js';
import { redactUrl } from './redact-url.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: services accept both. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Answers whether the database is reachable (for /healthz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const migrationsFolder = join(dbFolder, 'migrations');
export { redactUrl };

/** Thrown when the database cannot be reached; the message says what to check. */
export class DatabaseUnreachableError extends Error {
  constructor(target: string, cause: unknown) {
    super(
      `Cannot reach the database at ${target}: ${(cause as Error)?.message ?? cause}. ` +
        'Check DATABASE_URL (or unset it to use the embedded database under DATA_DIR) and that the server is running.',
    );
    this.name = 'DatabaseUnreachableError';
  }
}

// postgres.js connection failures and the server's "shutting down / not accepting" SQLSTATEs.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/** True when `err` (or what it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A health probe answers within `ms` (a dead server's TCP timeout would outlast any caller). */
async function probe(query: () => Promise<unknown>, ms = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([query().then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Named in the PGlite folder's lock, for whoever is refused (default: this process's command). */
  command?: string;
  /** Connection pool size for postgres.js. */
  maxConnections?: number;
  /** Called with each statement Drizzle sends (to count round trips; never log the text: it holds user data). */
  onQuery?: (query: string) => void;
}

export async function openDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  const url = options.databaseUrl?.trim();
  if (url && url !== 'memory:') return openPostgres(url, options.maxConnections ?? 10, options.onQuery);
  const dataDir = url === 'memory:' ? undefined : resolve(options.dataDir ?? './.data');
  return openPglite(dataDir, options.command, options.onQuery);
}

const queryLogger = (onQuery?: (query: string) => void) =>
  onQuery ? { logger: { logQuery: (query: string) => onQuery(query) } } : {};

const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'max_connections=5'];

async function openPglite(
  dataDir: string | undefined,
  command?: string,
  onQuery?: (query: string) => void,
): Promise<DbHandle> {
  // Loaded only when used: a PostgreSQL deployment never pays PGlite's ~50 MB.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // PGlite's defaults size PostgreSQL for a server (shared_buffers 128 MB, 100 connections), all of it
  // in this process's memory; one embedded connection over a small database needs far less.
  const options = { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] };
  let client: InstanceType<typeof PGlite>;
  // One process per folder (see data-dir-lock.ts): taken before PGlite reads a single file.
  let lock: ReturnType<typeof acquireDataDirLock> | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir, command ? { command } : {});
    const folder = join(dataDir, 'pglite');
    try {
      copyPgliteTemplate(folder);
    } catch (err) {
      lock.release();
      throw err;
    }
    client = new PGlite(folder, options);
  } else {
    const template = readPgliteTemplateTarball();
    client = new PGlite(template ? { ...options, loadDataDir: template } : options);
  }
  const db = drizzlePglite(client, { schema, ...queryLogger(onQuery) }) as unknown as Db;
  try {
    await client.waitReady;
    await migratePglite(db as never, { migrationsFolder });
  } catch (err) {
    await client.close().catch(() => {});
    lock?.release();
    throw err;
  }
  return {
    db,
    kind: 'pglite',
    ping: () => probe(() => client.query('select 1')),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, max: number, onQuery?: (query: string) => void): Promise<DbHandle> {
  const target = redactUrl(url);
  // One dedicated connection takes an advisory lock so that concurrent starts migrate once.
  const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin`select pg_advisory_lock(727272)`;
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnreachableError(target, err);
  }
  try {
    await migratePostgres(drizzlePostgres(admin), { migrationsFolder });
  } finally {
    await admin`select pg_advisory_unlock(727272)`.catch(() => {});
    await admin.end({ timeout: 5 });
  }
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema, ...queryLogger(onQuery) }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ping: () => probe(() => client`select 1`),
    close: () => client.end({ timeout: 5 }),
  };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath (PGlite wraps them in `rows`). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
