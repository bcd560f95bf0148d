// The console channel: in-process over streams (numbered choices, buttons, /as, nudges through the
// ChannelPort), and as a child process on an in-memory database doing a full `log` over a pipe.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../adapters/console/console.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { DEMO } from '../src/seed/demo.js';
import { findStaffByEmail } from '../src/services/lookups.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function open(userEmail?: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const engine = createDialogEngine({ ctx: t.ctx, idleMinutes: 30 });
  const session = await startConsole({ engine, ctx: t.ctx, input, output, userEmail, seedIfEmpty: true });
  const screen = () => text;
  const clear = () => {
    text = '';
  };
  return { session, input, screen, clear };
}

describe('console channel', () => {
  it('seeds the demo data on first run and signs in as the demo provider', async () => {
    const { session, screen } = await open();
    expect(screen()).toMatch(/Seeded the demo data[\s\S]*Signed in as Pat Provider/);
    expect(session.user()?.email).toBe(DEMO.provider);
  });

  it('renders choices as numbers, accepts the number, and clicks shown buttons by a<N>', async () => {
    const { session, screen, clear } = await open();
    await session.type('/ta mine');
    expect(screen()).toMatch(/\[a1\] Log #\d+/);
    clear();
    await session.type('/ta note');
    expect(screen()).toMatch(/Which activity is the note for\?\n {2}1\. #\d+ /);
    await session.type('1');
    await session.type('Shared the peer State models with the workgroup.');
    expect(screen()).toMatch(/— Response note —[\s\S]*1\. Save\n {2}2\. Cancel/);
    await session.type('1');
    expect(screen()).toMatch(/Added the note to #\d+/);
    clear();
    await session.type('a1');
    expect(screen()).toMatch(/Activity: #\d+|Which activity|Is this the summary/);
    await session.type('a99');
    expect(screen()).toMatch(/There is no button a99/);
  });

  it('/as switches user; an unknown e-mail is refused', async () => {
    const { session, screen } = await open();
    await session.type(`/as ${DEMO.specialist}`);
    expect(session.user()?.email).toBe(DEMO.specialist);
    await session.type('/as nobody@example.org');
    expect(screen()).toMatch(/No active staff person has the e-mail nobody@example.org/);
    expect(session.user()?.email).toBe(DEMO.specialist);
  });

  it('prints nudges sent through its ChannelPort, with their buttons usable by a<N>', async () => {
    const { session, screen } = await open();
    const pat = (await findStaffByEmail(t.ctx, DEMO.provider))!;
    expect(session.port.channel).toBe('console');
    expect(session.port.canReach(pat)).toBe(true);
    const sent = await session.port.send(pat, {
      kind: 'summary_due',
      text: 'A summary is due today for TA request #3.',
      items: [{ activityId: 3, label: 'TA request #3', detail: 'due today' }],
      buttons: [
        { label: 'Log summary', command: 'log 3' },
        { label: 'Snooze', command: 'snooze 3' },
      ],
    });
    expect(sent).toEqual({ ok: true });
    expect(screen()).toMatch(
      /🔔 Reminder:\n {2}A summary is due today for TA request #3\.\n {2}\[a1\] Log summary\n {2}\[a2\] Snooze/,
    );
    await session.type('a2');
    expect(screen()).toMatch(/Snoozed reminders about #3 until/);
  });

  it('R10 a typed number is the line shown, "#3" is activity #3, and a typo is taken and said', async () => {
    const me = await createStaff(t.ctx.db, { email: 'robin@center.example.org', states: ['MD', 'TX', 'VA'] });
    const other = await createStaff(t.ctx.db, { email: 'sam@center.example.org', states: ['MD'] });
    for (const [who, stateCode] of [
      [other, 'MD'],
      [me, 'MD'],
      [me, 'TX'],
      [other, 'MD'],
      [me, 'VA'],
    ] as const)
      await createActivity(t.ctx.db, { primaryStaff: who, stateCode, tracking: true });
    const { session, screen, clear } = await open(me.email);
    const values = async () =>
      ((await t.ctx.db.query.dialogStates.findMany())[0]!.data as { values: Record<string, unknown> }).values;
    await session.type('/ta log');
    const third = /\n {2}3\. #(\d+) /.exec(screen());
    expect(third).not.toBeNull();
    await session.type('3');
    expect(Number((await values()).activityId)).toBe(Number(third![1]));
    await session.type('cancel');
    await session.type('/ta log');
    await session.type('#3');
    expect(Number((await values()).activityId)).toBe(3);
    await session.type('cancel');
    clear();
    await session.type('/ta status #3');
    await session.type('aprovedd');
    expect(screen()).toMatch(/I took "aprovedd" as Approved\./);
  });

  it('ends when the input ends', async () => {
    const { session, input } = await open();
    input.end();
    await expect(session.done).resolves.toBeUndefined();
  });
});

describe('console as a child process (stdin/stdout pipe, DATABASE_URL=memory:)', () => {
  it('R1 R16 npm start does a full log flow and exits when stdin ends', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: 'memory:',
        CONSOLE_USER_EMAIL: '',
        REMINDERS_ENABLED: 'false',
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        TEAMS_APP_ID: '',
        TEAMS_APP_PASSWORD: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.stdin.write('log phone call with Texas on continuity-of-care policy yesterday\n');
    child.stdin.write('\n');
    child.stdin.write('yes\n');
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(out).toMatch(/Signed in as Pat Provider/);
    expect(out).toMatch(/Activity: #\d+ TX — Continuity-of-care policy/);
    expect(out).toMatch(/Methods +: Phone — inferred/);
    expect(out).toMatch(
      /Logged TA delivered \d\d\/\d\d\/\d\d on #\d+ TX — Continuity-of-care policy with its summary/,
    );
  }, 120_000);
});
