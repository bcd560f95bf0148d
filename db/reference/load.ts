// Loads the editable reference lists in db/reference/*.json into the database. Idempotent: rows are
// upserted by their natural key, so editing a JSON file and re-running `tat migrate` applies it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../client.js';
import {
  centers,
  deliveryMethods,
  focusOptions,
  goalCategories,
  otherCollaboratorOptions,
  states,
  strategicAreaOptions,
} from '../schema.js';

const here = dirname(fileURLToPath(import.meta.url));

function readJson<T>(file: string, schema: z.ZodType<T>): T {
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

export function readReferenceData() {
  return {
    states: readJson('states.json', z.array(StateRow)),
    centers: readJson('centers.json', z.array(CenterRow)),
    goalCategories: readJson('goal-categories.json', z.array(CategoryRow)),
    strategicAreas: readJson('strategic-areas.json', ListsByCategory),
    focusOptions: readJson('focus-options.json', ListsByCategory),
    deliveryMethods: readJson('delivery-methods.json', z.array(MethodRow)),
    otherCollaborators: readJson('other-collaborators.json', z.array(CollaboratorRow)),
  };
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

export async function loadReferenceData(db: DbOrTx): Promise<void> {
  const ref = readReferenceData();
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
  const pairs = (lists: Record<string, string[]>) =>
    Object.entries(lists).flatMap(([categoryCode, names]) => names.map((name) => ({ categoryCode, name })));
  await db.insert(strategicAreaOptions).values(pairs(ref.strategicAreas)).onConflictDoNothing();
  await db.insert(focusOptions).values(pairs(ref.focusOptions)).onConflictDoNothing();
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
