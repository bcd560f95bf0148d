// What every directory import shares (R26): one transaction for all rows or none, a dry run that
// rolls back after counting, the audit entry, and writing in batches of multi-row statements.
import { sql } from 'drizzle-orm';
import type { ZodType } from 'zod';
import type { Tx } from '../../db/client.js';
import { type Actor, type ServiceContext, writeAudit } from '../services/context.js';
import { type CsvRow, problemAt } from './csv-rows.js';

export type ImportKind = 'staff' | 'contacts' | 'goals';

export interface ImportSummary {
  added: number;
  updated: number;
  deactivated: number;
  unchanged: number;
}

export type ImportOutcome =
  | { ok: true; summary: ImportSummary; dryRun: boolean; notes?: string[] }
  | { ok: false; errors: string[] };

export interface ImportOptions {
  /** The file name used in problem lines (`staff.csv:12: …`). */
  file: string;
  actor: Actor;
  dryRun?: boolean;
}

export const summaryLine = (kind: ImportKind, s: ImportSummary, dryRun: boolean) =>
  `${dryRun ? 'Dry run (nothing written): would import' : 'Imported'} ${kind}: ${s.added} added, ${s.updated} updated, ${s.deactivated} deactivated, ${s.unchanged} unchanged.`;

/** Rows per multi-row statement (each statement sends its rows as one JSON parameter). */
export const BATCH = 5000;

/**
 * A batch of rows as one parameter, read back with json_to_recordset: one statement per batch with a
 * single parameter, far cheaper for PostgreSQL to parse and plan than thousands of VALUES parameters.
 */
export const jsonRows = (rows: Record<string, unknown>[]) => sql`${JSON.stringify(rows)}::json`;

export function batches<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

class DryRunDone extends Error {}

/**
 * Runs `write` in one transaction; its audit entry is written last. A dry run rolls everything back
 * after counting. `write` returns problems (nothing is kept) or the summary and the audit details.
 */
export async function runImport(
  ctx: ServiceContext,
  kind: ImportKind,
  options: ImportOptions,
  write: (
    tx: Tx,
  ) => Promise<
    { errors: string[] } | { summary: ImportSummary; details: Record<string, unknown>; notes?: string[] }
  >,
): Promise<ImportOutcome> {
  let outcome: ImportOutcome | undefined;
  try {
    await ctx.db.transaction(async (tx) => {
      const r = await write(tx);
      if ('errors' in r) {
        outcome = { ok: false, errors: r.errors };
        throw new DryRunDone();
      }
      await writeAudit(tx, ctx, options.actor, {
        action: `import_${kind}`,
        entity: 'directory',
        entityId: options.file,
        changes: { ...r.summary, ...r.details, dryRun: options.dryRun === true },
      });
      outcome = {
        ok: true,
        summary: r.summary,
        dryRun: options.dryRun === true,
        ...(r.notes?.length ? { notes: r.notes } : {}),
      };
      if (options.dryRun) throw new DryRunDone();
    });
  } catch (err) {
    if (!(err instanceof DryRunDone)) throw err;
  }
  return outcome!;
}

/** Validates a row's cells with zod; each failing column becomes one problem line. */
export function validateRow<T>(
  schema: ZodType<T>,
  row: CsvRow,
  file: string,
  errors: string[],
): T | undefined {
  const parsed = schema.safeParse(row.values);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const column = String(issue.path[0] ?? 'row');
    if (seen.has(column)) continue;
    seen.add(column);
    errors.push(problemAt(file, row.line, column, issue.message));
  }
  return undefined;
}

/** Problems sorted by line so the report reads top to bottom. */
export const byLine = (errors: string[]) =>
  [...errors].sort((a, b) => lineOf(a) - lineOf(b) || a.localeCompare(b));
const lineOf = (problem: string) => Number(/:(\d+): /.exec(problem)?.[1] ?? 0);
