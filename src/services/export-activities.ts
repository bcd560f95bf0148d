// R24 export: the activities a search matches, as CSV (UTF-8 with a byte-order mark so Excel reads
// the names right). Streamed: activities are read in chunks by request number (keyset; see
// export-records.ts), and the rows flow through csv-stringify into the output with back-pressure, so memory stays flat however
// many records match. One read-only snapshot for the whole file; the export is audited (R25).
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { ok, type Result } from '../errors.js';
import { EXPORT_HEADERS, exportRow } from '../rules/export-row.js';
import { parseInput } from '../rules/schemas.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { EXPORT_CHUNK, EXPORT_SETTINGS, exportRecordChunks } from './export-records.js';
import { requireStaff } from './permissions.js';
import { type Criteria, SearchCriteria } from './search-activities.js';

/** Rows per CSV string handed to the output. */
const CSV_PIECE = 50;

export interface ExportOptions {
  /** Leave the output open when done (stdout). */
  keepOpen?: boolean;
  chunkSize?: number;
}

/**
 * R24: writes the activities matching `criteria` (the `/ta find` criteria, without limit/offset) to
 * `out` as CSV with a header row, in request-number order. Any active staff member may export what
 * they may search (R25); each export is audited with its criteria and row count.
 */
export async function exportActivitiesCsv(
  ctx: ServiceContext,
  actor: Actor,
  criteria: unknown,
  out: Writable,
  options: ExportOptions = {},
): Promise<Result<{ rows: number }>> {
  const parsed = parseInput(SearchCriteria, criteria ?? {});
  if (!parsed.ok) return parsed;
  const who = await requireStaff(ctx.db, actor);
  if (!who.ok) return who;
  const c: Criteria = parsed.value;
  const chunk = options.chunkSize ?? EXPORT_CHUNK;
  const timeZone = ctx.calendar.timeZone;
  let rows = 0;
  await ctx.db.transaction(
    async (tx) => {
      await tx.execute(EXPORT_SETTINGS);
      // CSV text a chunk at a time (one string per chunk through the stream, not one per row): the
      // per-row stream machinery cost more than the formatting. The pipeline still waits for the
      // output to drain, so at most a chunk or two is held.
      async function* csvText(): AsyncGenerator<string> {
        yield stringifySync([[...EXPORT_HEADERS]], { bom: true });
        for await (const page of exportRecordChunks(tx, c, timeZone, chunk)) {
          rows += page.length;
          // In pieces of a few dozen KB: strings that size die young, a chunk-sized one is born old.
          for (let i = 0; i < page.length; i += CSV_PIECE)
            yield stringifySync(page.slice(i, i + CSV_PIECE).map(exportRow));
        }
      }
      await pipeline(Readable.from(csvText()), out, { end: !options.keepOpen });
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  await ctx.db.transaction((tx) =>
    writeAudit(tx, ctx, actor, {
      action: 'export_activities',
      entity: 'activities',
      entityId: 'search',
      changes: { criteria: withoutPaging(c), rows },
    }),
  );
  return ok({ rows });
}

const withoutPaging = ({ limit: _l, offset: _o, ...rest }: Criteria) => rest;
