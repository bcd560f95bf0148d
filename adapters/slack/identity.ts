// Who is this Slack user in TAT? Staff by staff.slack_user_id, else by the e-mail on their Slack
// profile (users.info), after which the Slack id is stored so the next lookup is one indexed read.
// Answers are cached in memory for a while; unknown users are re-checked sooner.
import { and, eq, isNull } from 'drizzle-orm';
import { requesters, staff } from '../../db/schema.js';
import type { Logger } from '../../src/logger.js';
import { type ServiceContext, writeAudit } from '../../src/services/context.js';
import { findRequesterByEmail, findStaffByEmail, findStaffBySlackId } from '../../src/services/lookups.js';
import { BoundedMap } from '../bounded-map.js';
import { type Gate, openGate } from './db-gate.js';
import type { SlackApi } from './slack-api.js';

export type SlackPerson =
  | { kind: 'staff'; staffId: number; email: string; name: string }
  | { kind: 'unknown'; email?: string };

export type SlackRequester = { requesterId: number; name: string; title: string } | undefined;

export interface Identity {
  /** The staff person behind a Slack user (cached). */
  staff(teamId: string, slackUserId: string): Promise<SlackPerson>;
  /** The requester behind a Slack user, for thread-reply feedback (not cached: rare). */
  requester(slackUserId: string): Promise<SlackRequester>;
  /** The e-mail on a Slack profile (cached with the person). */
  email(slackUserId: string): Promise<string | undefined>;
  /** The Slack user with a staff member's e-mail (users.lookupByEmail), stored on their record. */
  findStaff(staffRow: { id: number; email: string }): Promise<string | undefined>;
}

const MAX_CACHED_USERS = 5_000;

interface Entry<T> {
  value: T;
  expires: number;
}

export function createIdentity(options: {
  ctx: ServiceContext;
  api: SlackApi;
  logger: Logger;
  /** Database sections run through it; Slack calls stay outside (see db-gate.ts). */
  gate?: Gate;
  ttlMs?: number;
  unknownTtlMs?: number;
}): Identity {
  const { ctx, api, logger } = options;
  const gate = options.gate ?? openGate;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const unknownTtlMs = options.unknownTtlMs ?? 60_000;
  // Bounded: a workspace's users come and go, and the process lives for months.
  const people = new BoundedMap<string, Entry<SlackPerson>>(MAX_CACHED_USERS);
  const emails = new BoundedMap<string, Entry<string | undefined>>(MAX_CACHED_USERS);
  const inflight = new Map<string, Promise<SlackPerson>>();

  async function profileEmail(slackUserId: string): Promise<string | undefined> {
    const hit = emails.get(slackUserId);
    if (hit && hit.expires > Date.now()) return hit.value;
    let email: string | undefined;
    try {
      const res = await api.call<{ user?: { profile?: { email?: string } } }>('users.info', {
        user: slackUserId,
      });
      email = res.user?.profile?.email?.trim().toLowerCase() || undefined;
    } catch (err) {
      logger.warn('slack users.info failed', { slackUserId, error: (err as Error).message });
    }
    emails.set(slackUserId, { value: email, expires: Date.now() + (email ? ttlMs : unknownTtlMs) });
    return email;
  }

  async function lookup(slackUserId: string): Promise<SlackPerson> {
    const linked = await gate(() => findStaffBySlackId(ctx, slackUserId));
    if (linked?.active) return { kind: 'staff', staffId: linked.id, email: linked.email, name: linked.name };
    const email = await profileEmail(slackUserId);
    if (!email) return { kind: 'unknown' };
    const byEmail = await gate(() => findStaffByEmail(ctx, email));
    if (!byEmail?.active) return { kind: 'unknown', email };
    if (!byEmail.slackUserId) await link('staff', byEmail.id, slackUserId);
    return { kind: 'staff', staffId: byEmail.id, email: byEmail.email, name: byEmail.name };
  }

  /** Stores the Slack id on the person (audited), so the next lookup is one indexed read. */
  async function link(entity: 'staff' | 'requester', id: number, slackUserId: string): Promise<void> {
    const table = entity === 'staff' ? staff : requesters;
    try {
      await gate(() =>
        ctx.db.transaction(async (tx) => {
          const updated = await tx
            .update(table)
            .set({ slackUserId })
            .where(and(eq(table.id, id), isNull(table.slackUserId)))
            .returning({ id: table.id });
          if (updated.length === 0) return;
          await writeAudit(
            tx,
            ctx,
            { kind: 'system', channel: 'slack' },
            {
              action: 'link_slack_user',
              entity,
              entityId: id,
              changes: { slackUserId },
            },
          );
        }),
      );
    } catch (err) {
      // A concurrent first message from the same user linked it already; the lookup still stands.
      logger.debug('slack: linking a Slack user skipped', { entity, id, error: (err as Error).message });
    }
  }

  return {
    async staff(teamId, slackUserId) {
      const key = `${teamId}:${slackUserId}`;
      const hit = people.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      // One lookup per user at a time: a burst of clicks shares it.
      let pending = inflight.get(key);
      if (!pending) {
        pending = lookup(slackUserId).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      const person = await pending;
      people.set(key, {
        value: person,
        expires: Date.now() + (person.kind === 'staff' ? ttlMs : unknownTtlMs),
      });
      return person;
    },
    async requester(slackUserId) {
      const [linked] = await gate(() =>
        ctx.db.select().from(requesters).where(eq(requesters.slackUserId, slackUserId)),
      );
      const email = linked ? undefined : await profileEmail(slackUserId);
      const found = linked ?? (email ? await gate(() => findRequesterByEmail(ctx, email)) : undefined);
      if (!found) return undefined;
      if (!found.slackUserId) await link('requester', found.id, slackUserId);
      return { requesterId: found.id, name: found.name, title: found.title };
    },
    email: profileEmail,
    async findStaff(staffRow) {
      let userId: string | undefined;
      try {
        const res = await api.call<{ user?: { id: string } }>('users.lookupByEmail', {
          email: staffRow.email,
        });
        userId = res.user?.id;
      } catch (err) {
        logger.info('slack: no Slack user for a staff e-mail', {
          staffId: staffRow.id,
          error: (err as { data?: { error?: string } }).data?.error ?? (err as Error).message,
        });
      }
      if (userId) await link('staff', staffRow.id, userId);
      return userId;
    },
  };
}
