// Raw SQL rows from either driver (postgres.js returns an array, PGlite wraps rows in `rows`) — the
// contract of queryRows in db/client.ts, without loading db/client at run time: it imports PGlite
// (about 48 MB RSS), which a sweep against PostgreSQL does not need.
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

export async function sqlRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
