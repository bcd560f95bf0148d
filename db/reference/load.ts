// Loads the editable reference lists in db/reference/*.json into the database. Idempotent: rows are
// upserted by their natural key, so editing a JSON file and re-running `tat migrate` applies it.
// Strategic area and focus options are synced (an option removed from its file is removed), which is
// safe because goals and activities store the chosen name, not a key into these tables.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../client.js';
import { dbFolder } from '../folder.js';
import {
  centers,
  deliveryMethods,
  focusOptions,
  goalCategories,
  otherCollaboratorOptions,
  referenceDataLoads,
  states,
  strategicAreaOptions,
} from '../schema.js';

const here = join(dbFolder, 'reference');

const FILES = [
  'states.json',
  'centers.json',
  'goal-categories.json',
  'strategic-areas.json',
  'focus-options.json',
  'delivery-methods.json',
  'other-collaborators.json',
] as const;

/** Bump when the loading below changes, so every database reloads once even if the files did not change. */
const LOADER_VERSION = 1;

/** A hash of the reference files as they are on disk (and of the loader), to tell whether a sync is due. */
export function referenceDataHash(): string {
  const hash = createHash('sha256').update(`loader ${LOADER_VERSION}\n`);
  for (const file of FILES) hash.update(`${file}\n`).update(readFileSync(join(here, file)));
  return hash.digest('hex');
}

function readJson<T>(file: (typeof FILES)[number], schema: z.ZodType<T>): T {
  const raw = JSON.parse(readFileSync(join(here, file), 'utf8'));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`db/reference/${file} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const StateRow = z.object({
  code: z.string().regex(/^[A-Z]{2}$/),
  name: z.string().min(1),
  region: z.number().int().min(1).max(10),
  kind: z.enum(['state', 'district', 'territory']),
});
const CenterRow = z.object({ code: z.string().min(1), name: z.string().min(1) });
const CategoryRow = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  sortOrder: z.number().int(),
});
const ListsByCategory = z.record(z.string(), z.array(z.string().min(1)).min(1));
const MethodRow = z.object({
  code: z.string().min(1),
  label: z.string().min(1),
  sortOrder: z.number().int(),
});
const CollaboratorRow = z.object({ code: z.string().min(1), label: z.string().min(1) });

export const OTHER = 'Other';

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** Each per-category list must cover exactly the goal categories, without duplicates, ending in "Other" (R5). */
function checkListsByCategory(file: string, lists: Record<string, string[]>, categoryCodes: string[]): void {
  const problems: string[] = [];
  for (const code of Object.keys(lists))
    if (!categoryCodes.includes(code)) problems.push(`"${code}" is not a goal category code`);
  for (const code of categoryCodes) {
    const names = lists[code];
    if (!names) {
      problems.push(`goal category "${code}" has no list`);
      continue;
    }
    if (names.at(-1) !== OTHER) problems.push(`the list for "${code}" must end with "${OTHER}"`);
    for (const d of duplicates(names)) problems.push(`"${d}" appears twice in the list for "${code}"`);
  }
  if (problems.length) throw new Error(`db/reference/${file} is invalid: ${problems.join('; ')}`);
}

function checkUnique(file: string, keys: string[]): void {
  const dup = duplicates(keys);
  if (dup.length) throw new Error(`db/reference/${file} is invalid: duplicate ${dup.join(', ')}`);
}

export function readReferenceData() {
  const ref = {
    states: readJson('states.json', z.array(StateRow).min(1)),
    centers: readJson('centers.json', z.array(CenterRow).min(1)),
    goalCategories: readJson('goal-categories.json', z.array(CategoryRow).min(1)),
    strategicAreas: readJson('strategic-areas.json', ListsByCategory),
    focusOptions: readJson('focus-options.json', ListsByCategory),
    deliveryMethods: readJson('delivery-methods.json', z.array(MethodRow).min(1)),
    otherCollaborators: readJson('other-collaborators.json', z.array(CollaboratorRow).min(1)),
  };
  checkUnique(
    'states.json',
    ref.states.map((s) => s.code),
  );
  checkUnique(
    'centers.json',
    ref.centers.map((c) => c.code),
  );
  checkUnique(
    'delivery-methods.json',
    ref.deliveryMethods.map((m) => m.code),
  );
  checkUnique(
    'other-collaborators.json',
    ref.otherCollaborators.map((c) => c.code),
  );
  const categoryCodes = ref.goalCategories.map((c) => c.code);
  checkUnique('goal-categories.json', categoryCodes);
  checkListsByCategory('strategic-areas.json', ref.strategicAreas, categoryCodes);
  checkListsByCategory('focus-options.json', ref.focusOptions, categoryCodes);
  return ref;
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** Loads every list in one transaction, so a bad file never leaves the lists half-updated. */
export async function loadReferenceData(db: DbOrTx): Promise<void> {
  const contentHash = referenceDataHash();
  const ref = readReferenceData();
  await db.transaction(async (tx) => {
    await upsertAll(tx, ref);
    await recordLoad(tx, contentHash);
  });
}

/**
 * What every start runs: loads the lists only when the files changed since the database last loaded
 * them (a hash is kept in reference_data_loads), so an unchanged start costs one query, not ~40.
 * `tat migrate` still reloads unconditionally (loadReferenceData), e.g. to undo edits made in the database.
 */
export async function loadReferenceDataIfChanged(db: DbOrTx): Promise<boolean> {
  const contentHash = referenceDataHash();
  const [stored] = await db.select({ contentHash: referenceDataLoads.contentHash }).from(referenceDataLoads);
  if (stored?.contentHash === contentHash) return false;
  await loadReferenceDataOrRepair(db);
  return true;
}

async function recordLoad(db: DbOrTx, contentHash: string): Promise<void> {
  await db
    .insert(referenceDataLoads)
    .values({ id: 1, contentHash })
    .onConflictDoUpdate({
      target: referenceDataLoads.id,
      set: { contentHash, loadedAt: sql`now()` },
    });
}

async function syncOptions(
  db: DbOrTx,
  table: typeof strategicAreaOptions | typeof focusOptions,
  lists: Record<string, string[]>,
): Promise<void> {
  for (const [categoryCode, names] of Object.entries(lists)) {
    await db
      .insert(table)
      .values(names.map((name) => ({ categoryCode, name })))
      .onConflictDoNothing();
    await db.delete(table).where(and(eq(table.categoryCode, categoryCode), notInArray(table.name, names)));
  }
}

async function upsertAll(db: DbOrTx, ref: ReturnType<typeof readReferenceData>): Promise<void> {
  await db
    .insert(states)
    .values(ref.states)
    .onConflictDoUpdate({
      target: states.code,
      set: { name: excluded('name'), region: excluded('region'), kind: excluded('kind') },
    });
  await db
    .insert(centers)
    .values(ref.centers)
    .onConflictDoUpdate({ target: centers.code, set: { name: excluded('name') } });
  await db
    .insert(goalCategories)
    .values(ref.goalCategories)
    .onConflictDoUpdate({
      target: goalCategories.code,
      set: { name: excluded('name'), sortOrder: excluded('sort_order') },
    });
  await syncOptions(db, strategicAreaOptions, ref.strategicAreas);
  await syncOptions(db, focusOptions, ref.focusOptions);
  await db
    .insert(deliveryMethods)
    .values(ref.deliveryMethods)
    .onConflictDoUpdate({
      target: deliveryMethods.code,
      set: { label: excluded('label'), sortOrder: excluded('sort_order') },
    });
  await db
    .insert(otherCollaboratorOptions)
    .values(ref.otherCollaborators)
    .onConflictDoUpdate({ target: otherCollaboratorOptions.code, set: { label: excluded('label') } });
}

/** The folder's (or server's) data contradicts its own indexes: start-up cannot go on safely. */
export class DatabaseDamagedError extends Error {
  constructor(detail: string) {
    super(
      `The database could not be prepared: ${detail}. Its indexes disagree with its rows; with the ` +
        'embedded database this happens when two processes used DATA_DIR at once (before the folder ' +
        'was locked). Stop every TAT Bot process, back up DATA_DIR, then run `npx tat migrate`; if it ' +
        'still fails, restore DATA_DIR from a backup or move it away to start empty.',
    );
    this.name = 'DatabaseDamagedError';
  }
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return false;
};

/** The constraint a unique violation names, never the row values (user data stays out of messages). */
function constraintOf(err: unknown): string {
  for (let e = err as { constraint?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (typeof e.constraint === 'string') return e.constraint;
    e = e.cause as typeof e;
  }
  const m = /unique constraint "([^"]+)"/.exec(String((err as Error)?.message ?? err));
  return m?.[1] ?? 'unknown';
}

/**
 * loadReferenceData at start-up: a unique violation while upserting (which ON CONFLICT rules out
 * on a healthy database) means damaged indexes. They are rebuilt once and the load retried; if it
 * still fails, DatabaseDamagedError explains what to do instead of a stack trace.
 */
export async function loadReferenceDataOrRepair(db: DbOrTx): Promise<void> {
  try {
    await loadReferenceData(db);
    return;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const tables = ['states', 'centers', 'goal_categories', 'strategic_area_options', 'focus_options'];
  try {
    for (const t of [...tables, 'delivery_methods', 'other_collaborator_options'])
      await db.execute(sql.raw(`reindex table "${t}"`));
    await loadReferenceData(db);
  } catch (err) {
    throw new DatabaseDamagedError(`duplicate key in "${constraintOf(err)}"`);
  }
}
