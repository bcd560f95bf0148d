// Done-when of issue 8: a fresh database with no demo data runs on its own people and goals. The
// example files are imported; a provider from them opens a TA request under an imported goal and logs
// TA; a specialist approves a pending requester (picking the recorded approver, R7); an admin closes
// a goal whose activities are closed or cancelled (R21) — on the console, and over Slack (real Bolt
// app, fake Web API) for the specialist and admin steps.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activities, deliveries, goals, requesters, staff } from '../db/schema.js';
import type { DialogEngine } from '../dialogs/engine.js';
import type { Speaker } from '../dialogs/types.js';
import { importContacts } from '../src/import/contacts-import.js';
import { importGoals } from '../src/import/goals-import.js';
import { importStaff } from '../src/import/staff-import.js';
import type { Actor } from '../src/services/context.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { eventEnvelope, type Harness, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const cli: Actor = { kind: 'system', channel: 'cli' };
const example = (kind: string) => readFileSync(new URL(`../examples/${kind}.csv`, import.meta.url), 'utf8');

async function importExamples() {
  for (const [kind, run] of [
    ['staff', importStaff],
    ['contacts', importContacts],
    ['goals', importGoals],
  ] as const) {
    const r = await run(t.ctx, example(kind), { file: `${kind}.csv`, actor: cli });
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }
  const person = async (email: string) =>
    (await t.ctx.db.select().from(staff).where(eq(staff.email, email)))[0]!;
  return {
    provider: await person('robin.reyes@tat.example.org'),
    specialist: await person('sam.ortiz@tat.example.org'),
    admin: await person('lee.nakamura@tat.example.org'),
  };
}

const goalByCategory = async (category: string) =>
  (await t.ctx.db.select().from(goals).where(eq(goals.categoryCode, category)))[0]!;
const jamie = async () =>
  (await t.ctx.db.select().from(requesters).where(eq(requesters.email, 'jamie.fox@md.example.gov')))[0];

/** The provider's part on the console: a request under the imported QRIS goal (proposing a new
 * requester), its final plan, approval and TA logged; a second request under the integrity goal, cancelled. */
async function providerWorks(engine: DialogEngine, me: Speaker) {
  const form = (over: Record<string, string>) => ({
    answer: {
      dateOpened: 'last Tuesday',
      priority: 'medium',
      primaryStaffId: 'me',
      collaborators: 'none',
      otherCollaborators: 'none',
      activityType: 'targeted',
      outcomePlan: 'The State will adopt revised QRIS tiers with measurable targets by June 2027.',
      initialPlan: 'skip',
      ...over,
    },
  });
  const created = await converse(engine, me, [
    ['/ta new MD', { prompt: 'goalId' }],
    ['QRIS participation', { prompt: 'strategicAreaId' }],
    ['Quality rating and improvement system (QRIS)', { prompt: 'focus' }],
    [
      form({ focus: 'QRIS strategic planning', requesterIds: 'Morgan Ellis, jamie.fox@md.example.gov' }),
      { prompt: 'newRequesterName' },
    ],
    ['Jamie Fox, Licensing Manager', { prompt: 'newRequesterRole' }],
    ['CCDF staff', { prompt: 'confirm', warnings: /waits for approval/ }],
    ['yes', { done: 'completed' }],
  ]);
  const qrisActivity = created.at(-1)!.done!.recordId!;
  await converse(engine, me, [
    [`/ta plan #${qrisActivity}`, { prompt: 'stage' }],
    ['final', { prompt: 'text' }],
    ['Two onsite sessions with the QRIS team on the revised tiers.', { prompt: 'confirm' }],
    ['yes', { done: 'completed' }],
    [`/ta status #${qrisActivity} approve`, { prompt: 'confirm' }],
    ['yes', { done: 'completed', messages: /Tracking is open/ }],
    [`/ta log #${qrisActivity}`, { prompt: 'dates' }],
    ['yesterday', { prompt: 'methods' }],
    ['phone', { prompt: 'summary' }],
    ['The Center facilitated a call with the QRIS team on revising the tiers.', { prompt: 'confirm' }],
    ['yes', { done: 'completed', messages: /Logged TA delivered/ }],
  ]);
  expect(
    await t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, qrisActivity)),
  ).toHaveLength(1);

  const integrity = await goalByCategory('program_integrity');
  const second = await converse(engine, me, [
    ['/ta new MD', { prompt: 'goalId' }],
    ['improper payments', { prompt: 'focus' }],
    [form({ focus: 'Fraud prevention policies', requesterIds: 'Morgan Ellis' }), { prompt: 'confirm' }],
    ['yes', { done: 'completed' }],
  ]);
  const cancelled = second.at(-1)!.done!.recordId!;
  const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, cancelled));
  expect(row?.goalId).toBe(integrity.id);
  await converse(engine, me, [
    [`/ta close #${cancelled}`, { prompt: 'mode' }],
    ['mark it cancelled', { prompt: 'reason' }],
    ['The State no longer needs this TA.', { prompt: 'confirm' }],
    ['yes', { done: 'completed', messages: /Cancelled/ }],
  ]);
  return { qrisActivity, integrity };
}

describe('issue 8 done-when: a fresh program on its own people and goals', () => {
  it('R7 R21 R25 R26 on the console: import, provider logs TA, specialist approves a requester, admin closes a goal', async () => {
    const people = await importExamples();
    const engine = engineFor(t.ctx);
    const [provider, specialist, admin] = [people.provider, people.specialist, people.admin].map((p) =>
      speakerFor(p, `c-${p.id}`),
    );
    const { integrity } = await providerWorks(engine, provider!);
    const pending = await jamie();
    expect(pending?.approvalStatus).toBe('pending');

    await converse(engine, provider!, [
      ['/ta requesters pending', { error: /Only a State Systems Specialist or a TAT administrator/ }],
    ]);
    await converse(engine, specialist!, [
      ['/ta requesters pending', { messages: /Jamie Fox, Licensing Manager \(MD\)/ }],
      [`/ta requesters approve #${pending!.id}`, { prompt: 'approverId' }],
      ['María Cruz', { prompt: 'approverId', error: /not an approval \(R7\)/ }],
      [
        'Morgan Ellis',
        { prompt: 'confirm', preview: { 'Approved by': /Morgan Ellis \(CCDF Administrator, MD\)/ } },
      ],
      ['yes', { done: 'completed', messages: /Jamie Fox is approved \(by Morgan Ellis\)/ }],
    ]);
    expect(await jamie()).toMatchObject({ approvalStatus: 'approved', approvedByRole: 'ccdf_administrator' });

    await converse(engine, specialist!, [
      [`/ta goal close #${integrity.id}`, { error: /Only a TAT administrator can close a goal/ }],
    ]);
    await converse(engine, admin!, [
      [`/ta goal close #${integrity.id}`, { prompt: 'closeNote' }],
      ['Improper payments are below 3 percent; no further TA planned.', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Closed #\d+ MD/ }],
    ]);
    const [closed] = await t.ctx.db.select().from(goals).where(eq(goals.id, integrity.id));
    expect(closed).toMatchObject({ status: 'closed', closedByStaffId: people.admin.id });
  });

  describe('over Slack', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.stop();
      h = undefined;
    });

    /** A DM typed to the bot; resolves with the text of the bot's answer. */
    async function dm(user: string, text: string): Promise<string> {
      const before = h!.fake.callsOf('chat.postMessage').length;
      await h!.slack.event(
        eventEnvelope(h!, {
          type: 'message',
          channel_type: 'im',
          channel: `D${user}`,
          user,
          text,
          ts: `${Date.now() / 1000}`,
        }),
      );
      const posted = await h!.fake.waitFor(
        () => h!.fake.callsOf('chat.postMessage')[before],
        `the answer to "${text}"`,
      );
      return textOf(posted.args.blocks) || String(posted.args.text ?? '');
    }

    it('R7 R21 the specialist approves the pending requester and the admin closes the goal in Slack DMs', async () => {
      const people = await importExamples();
      const engine = engineFor(t.ctx);
      const { integrity } = await providerWorks(engine, speakerFor(people.provider));
      h = await startHarness({ engine, ctx: t.ctx });
      h.fake.addUser({ id: 'U0SAM', email: 'sam.ortiz@tat.example.org' });
      h.fake.addUser({ id: 'U0LEE', email: 'lee.nakamura@tat.example.org' });
      const pending = await jamie();

      expect(await dm('U0SAM', 'requesters pending')).toMatch(/Jamie Fox/);
      expect(await dm('U0SAM', `/ta requesters approve #${pending!.id}`)).toMatch(/Who approved them\?/);
      expect(await dm('U0SAM', 'Morgan Ellis')).toMatch(/Morgan Ellis \(CCDF Administrator, MD\)/);
      expect(await dm('U0SAM', 'yes')).toMatch(/Jamie Fox is approved/);
      expect(await jamie()).toMatchObject({ approvalStatus: 'approved', approvedBy: 'Morgan Ellis' });

      expect(await dm('U0SAM', `/ta goal close #${integrity.id}`)).toMatch(
        /Only a TAT administrator can close a goal/,
      );
      expect(await dm('U0LEE', `/ta goal close #${integrity.id}`)).toMatch(/Why is the goal being closed/);
      expect(await dm('U0LEE', 'Improper payments are below 3 percent.')).toMatch(/Completion note/);
      expect(await dm('U0LEE', 'yes')).toMatch(/Closed #\d+ MD/);
      const [closed] = await t.ctx.db.select().from(goals).where(eq(goals.id, integrity.id));
      expect(closed?.status).toBe('closed');
    });
  });
});
