// One use case = one transaction. A typed failure raised inside rolls everything back.
import type { Tx } from '../../db/client.js';
import { type Result, RollbackWith, type TatError } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function inTransaction<T>(
  ctx: ServiceContext,
  work: (tx: Tx) => Promise<T>,
): Promise<Result<T>> {
  try {
    const value = await ctx.db.transaction(work);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof RollbackWith) return { ok: false, error: err.error };
    throw err;
  }
}

/** Abort the surrounding transaction with a typed failure. */
export function rollback(error: TatError): never {
  throw new RollbackWith(error);
}

/**
 * Several use cases as one: `work` gets a context whose database is this transaction (each service's
 * own transaction becomes a savepoint), and a failed Result rolls back everything `work` wrote.
 */
export async function allOrNothing<T>(
  ctx: ServiceContext,
  work: (ctx: ServiceContext) => Promise<Result<T>>,
): Promise<Result<T>> {
  return inTransaction(ctx, async (tx) => {
    const r = await work({ ...ctx, db: tx });
    if (!r.ok) rollback(r.error);
    return r.value;
  });
}
