// TAT_ADMIN_EMAILS: at every start these people are active TAT administrators, so a new workspace
// has someone who can run the admin verbs before any directory file is imported. Someone not on
// record yet is created with defaults an admin can change later (/ta staff or tat import staff): the
// name from the e-mail ("lee.nakamura@…" → "Lee Nakamura"), title "TAT administrator", the first
// center of the reference list (SCBC), no States.
import { asc, sql } from 'drizzle-orm';
import { centers, staff } from '../../db/schema.js';
import { type ServiceContext, writeAudit } from './context.js';
import { findStaffByEmail } from './lookups.js';

export const nameFromEmail = (email: string) =>
  (email.split('@')[0] ?? email)
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ') || email;

export interface BootstrapResult {
  created: string[];
  promoted: string[];
}

export async function bootstrapAdmins(ctx: ServiceContext, emails: string[]): Promise<BootstrapResult> {
  const result: BootstrapResult = { created: [], promoted: [] };
  if (emails.length === 0) return result;
  const actor = { kind: 'system', channel: 'system' } as const;
  await ctx.db.transaction(async (tx) => {
    const [center] = await tx.select().from(centers).orderBy(asc(centers.id)).limit(1);
    for (const raw of emails) {
      const email = raw.trim().toLowerCase();
      const existing = await findStaffByEmail(tx, email);
      if (existing) {
        if (existing.role === 'admin' && existing.active) continue;
        await tx.update(staff).set({ role: 'admin', active: true }).where(sql`${staff.id} = ${existing.id}`);
        await writeAudit(tx, ctx, actor, {
          action: 'bootstrap_admin',
          entity: 'staff',
          entityId: existing.id,
          changes: {
            role: { from: existing.role, to: 'admin' },
            active: { from: existing.active, to: true },
          },
        });
        result.promoted.push(email);
        continue;
      }
      if (!center) throw new Error('Reference data is missing the centers: run `tat migrate` first.');
      const [row] = await tx
        .insert(staff)
        .values({
          name: nameFromEmail(email),
          email,
          title: 'TAT administrator',
          centerId: center.id,
          role: 'admin',
        })
        .returning();
      await writeAudit(tx, ctx, actor, {
        action: 'bootstrap_admin',
        entity: 'staff',
        entityId: row!.id,
        changes: {
          created: { name: row!.name, email, title: row!.title, center: center.code, role: 'admin' },
        },
      });
      result.created.push(email);
    }
  });
  return result;
}
