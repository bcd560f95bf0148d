// TAT_ADMIN_EMAILS: the people listed are active admins at every start (created when absent).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, centers, staff } from '../db/schema.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { bootstrapAdmins } from '../src/services/bootstrap-admins.js';
import { createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('TAT_ADMIN_EMAILS', () => {
  it('is parsed as a list of lower-cased e-mails; a bad one is named', () => {
    expect(
      loadConfig({ TAT_ADMIN_EMAILS: ' Lee.Nakamura@tat.example.org , sam@x.org,' }).TAT_ADMIN_EMAILS,
    ).toEqual(['lee.nakamura@tat.example.org', 'sam@x.org']);
    expect(loadConfig({}).TAT_ADMIN_EMAILS).toEqual([]);
    expect(() => loadConfig({ TAT_ADMIN_EMAILS: 'lee, sam@x.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ TAT_ADMIN_EMAILS: 'lee' })).toThrow(/TAT_ADMIN_EMAILS/);
  });

  it('R25 R26 creates an absent person as an admin with stated defaults, and promotes an existing one', async () => {
    const provider = await createStaff(t.ctx.db, { role: 'provider', email: 'sam@x.org' });
    await t.ctx.db.update(staff).set({ active: false }).where(eq(staff.id, provider.id));
    const r = await bootstrapAdmins(t.ctx, ['lee.nakamura@tat.example.org', 'SAM@x.org']);
    expect(r).toEqual({ created: ['lee.nakamura@tat.example.org'], promoted: ['sam@x.org'] });
    const [lee] = await t.ctx.db.select().from(staff).where(eq(staff.email, 'lee.nakamura@tat.example.org'));
    const [first] = await t.ctx.db.select().from(centers).orderBy(centers.id).limit(1);
    expect(lee).toMatchObject({
      name: 'Lee Nakamura',
      title: 'TAT administrator',
      role: 'admin',
      active: true,
      centerId: first!.id,
    });
    const [sam] = await t.ctx.db.select().from(staff).where(eq(staff.id, provider.id));
    expect(sam).toMatchObject({ role: 'admin', active: true });
    expect(await bootstrapAdmins(t.ctx, ['lee.nakamura@tat.example.org'])).toEqual({
      created: [],
      promoted: [],
    });
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'bootstrap_admin'));
    expect(audits).toHaveLength(2);
  });
});
