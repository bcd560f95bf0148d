import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb, queryRows, redactUrl } from '../db/client.js';
import { copyPgliteTemplate, pgliteTemplateFolder } from '../db/pglite-template.js';
import { loadReferenceData } from '../db/reference/load.js';
import { states } from '../db/schema.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('db client', () => {
  it('loads all 56 States and Territories with their ACF region', async () => {
    const rows = await t.handle.db.select().from(states);
    expect(rows).toHaveLength(56);
    expect(rows.find((s) => s.code === 'GU')?.region).toBe(9);
    expect(rows.find((s) => s.code === 'PR')?.region).toBe(2);
  });

  it('reloads reference data idempotently', async () => {
    await loadReferenceData(t.handle.db);
    const [row] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from states`);
    expect(row?.n).toBe(56);
  });

  it('hides the password of a database URL', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).not.toContain('secret');
  });

  it('says clearly when the server cannot be reached', async () => {
    await expect(openDb({ databaseUrl: 'postgres://nobody:pw@127.0.0.1:1/none' })).rejects.toThrow(
      /Cannot reach the database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none.*Check DATABASE_URL/,
    );
  });

  it('a fresh DATA_DIR starts from the built PGlite template, and an existing one is never overwritten', async () => {
    // The template is made by the build (test/support/build-dist.ts runs it when dist/ is stale).
    expect(existsSync(join(pgliteTemplateFolder(), 'PG_VERSION'))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'tat-pglite-'));
    try {
      const taken = join(dir, 'taken');
      mkdirSync(taken);
      writeFileSync(join(taken, 'keep.txt'), 'mine');
      expect(copyPgliteTemplate(taken)).toBe(false);
      const handle = await openDb({ dataDir: join(dir, 'data') });
      try {
        expect(existsSync(join(dir, 'data', 'pglite', 'PG_VERSION'))).toBe(true);
        const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from states`);
        expect(row?.n).toBe(0);
      } finally {
        await handle.close();
      }
      expect(copyPgliteTemplate(join(dir, 'data', 'pglite'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
