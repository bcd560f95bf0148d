// Who a data-out command runs as (R25: exports and reports are permission-checked and audited):
// `--as <e-mail>`, else CONSOLE_USER_EMAIL. Shared by `tat export` and `tat report`.
import type { Actor, ServiceContext } from '../../services/context.js';
import type { StaffRow } from '../../services/permissions.js';

export type CliActor = { ok: true; actor: Actor; me: StaffRow } | { ok: false; error: string };

export async function cliActor(ctx: ServiceContext, email: string | undefined): Promise<CliActor> {
  if (!email)
    return {
      ok: false,
      error: 'say whose permissions to use: --as <staff e-mail> (or set CONSOLE_USER_EMAIL)',
    };
  // Loaded here, not at import: the command table must not pull the database into `tat due`.
  const { findStaffByEmail } = await import('../../services/lookups.js');
  const me = await findStaffByEmail(ctx.db, email);
  if (!me?.active) return { ok: false, error: `no active staff person has the e-mail ${email}` };
  return { ok: true, actor: { kind: 'staff', staffId: me.id, channel: 'cli' }, me };
}

/** Splits `--name value` / `--name=value` options from the rest (criteria words). */
export function takeOptions(
  args: string[],
  names: readonly string[],
): { options: Record<string, string>; rest: string[]; missing?: string } {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = names.find((n) => a === `--${n}` || a.startsWith(`--${n}=`));
    if (!name) {
      rest.push(a);
      continue;
    }
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') return { options, rest, missing: name };
    options[name] = value;
  }
  return { options, rest };
}
