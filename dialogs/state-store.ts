// Persisted dialog state, one row per (channel, workspace, conversation, user). Every write names
// the version it read (UPDATE … WHERE version = $v): a write that lost a race changes nothing and
// reports false, so the engine re-reads and answers politely instead of corrupting the dialog.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { dialogStates, staff } from '../db/schema.js';
import type { StaffRow } from '../src/services/permissions.js';

export interface DialogKey {
  channel: string;
  workspace: string;
  conversation: string;
  userKey: string;
}

export interface StoredDialog<D = Record<string, unknown>> {
  dialog: string;
  step: string;
  data: D;
  version: number;
  updatedAt: Date;
  expiresAt: Date;
}

const whereKey = (k: DialogKey) =>
  and(
    eq(dialogStates.channel, k.channel),
    eq(dialogStates.workspace, k.workspace),
    eq(dialogStates.conversation, k.conversation),
    eq(dialogStates.userKey, k.userKey),
  );

type DialogRow = typeof dialogStates.$inferSelect;

const stored = (row: DialogRow | null | undefined): StoredDialog | undefined =>
  row
    ? {
        dialog: row.dialog,
        step: row.step,
        data: row.data,
        version: row.version,
        updatedAt: row.updatedAt,
        expiresAt: row.expiresAt,
      }
    : undefined;

export async function loadDialog(db: DbOrTx, key: DialogKey): Promise<StoredDialog | undefined> {
  const [row] = await db.select().from(dialogStates).where(whereKey(key));
  return stored(row);
}

/**
 * A turn's first read in one statement: the speaker's staff row and their dialog, if any (a round
 * trip per turn saved; the staff row is undefined when the id is unknown, and then so is the dialog).
 */
export async function loadSpeakerAndDialog(
  db: DbOrTx,
  staffId: number,
  key: DialogKey,
): Promise<{ me: StaffRow | undefined; dialog: StoredDialog | undefined }> {
  const [row] = await db
    .select({ me: staff, dialog: dialogStates })
    .from(staff)
    .leftJoin(dialogStates, whereKey(key))
    .where(eq(staff.id, staffId));
  return { me: row?.me, dialog: stored(row?.dialog) };
}

export type DialogWrite = Omit<StoredDialog, 'version'>;

/** Creates the row; false when one already exists (someone else started a dialog first). */
export async function insertDialog(db: DbOrTx, key: DialogKey, row: DialogWrite): Promise<number | false> {
  const inserted = await db
    .insert(dialogStates)
    .values({ ...key, ...row, version: 1 })
    .onConflictDoNothing()
    .returning({ version: dialogStates.version });
  return inserted.length > 0 ? 1 : false;
}

/** Replaces the row read at `version`; returns the new version, or false when it changed meanwhile. */
export async function updateDialog(
  db: DbOrTx,
  key: DialogKey,
  version: number,
  row: DialogWrite,
): Promise<number | false> {
  const updated = await db
    .update(dialogStates)
    .set({ ...row, version: version + 1 })
    .where(and(whereKey(key), eq(dialogStates.version, version)))
    .returning({ version: dialogStates.version });
  return updated.length > 0 ? version + 1 : false;
}

/** Extends the idle deadline without changing the version (help, a refused answer). */
export async function touchDialog(db: DbOrTx, key: DialogKey, version: number, at: Date, expiresAt: Date) {
  const touched = await db
    .update(dialogStates)
    .set({ updatedAt: at, expiresAt })
    .where(and(whereKey(key), eq(dialogStates.version, version)))
    .returning({ version: dialogStates.version });
  return touched.length > 0;
}

/** Deletes the row read at `version`; false when it changed meanwhile. */
export async function deleteDialog(db: DbOrTx, key: DialogKey, version: number): Promise<boolean> {
  const deleted = await db
    .delete(dialogStates)
    .where(and(whereKey(key), eq(dialogStates.version, version)))
    .returning({ version: dialogStates.version });
  return deleted.length > 0;
}
