// The local terminal channel: reads lines (a TTY or a pipe), hands each to the dialog engine as a
// Turn and prints the Reply. `/as <email>` switches user, `a<N>` clicks a shown button, `/quit` ends.
// It also implements the reminders' ChannelPort, so nudges print here between turns.
import { createInterface } from 'node:readline';
import { staff } from '../../db/schema.js';
import type { DialogEngine } from '../../dialogs/engine.js';
import type { Speaker } from '../../dialogs/types.js';
import type { ChannelPort, NudgeMessage, ReminderStaff } from '../../src/reminders/channel-port.js';
import { DEMO, seedDemo } from '../../src/seed/demo.js';
import type { ServiceContext } from '../../src/services/context.js';
import { findStaffByEmail, type StaffRow } from '../../src/services/lookups.js';
import { unknownPersonHelp } from '../../src/services/unknown-person-help.js';
import { renderNudge, renderReply } from './render.js';

export interface ConsoleOptions {
  engine: DialogEngine;
  ctx: ServiceContext;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Who to sign in as (CONSOLE_USER_EMAIL); default: the demo provider. */
  userEmail?: string | undefined;
  /** Seeds the demo data when the database has no staff yet (first run). */
  seedIfEmpty?: boolean;
}

export interface ConsoleSession {
  /** Prints nudges in this terminal (give it to the reminders' channel router). */
  port: ChannelPort;
  /** Resolves when the input ends or the user types /quit. */
  done: Promise<void>;
  /** The signed-in staff person, if any. */
  user(): StaffRow | undefined;
  /** Handles one line as if typed (tests, scripted demos). */
  type(line: string): Promise<void>;
}

const MAX_ACTIONS = 50;

export async function startConsole(options: ConsoleOptions): Promise<ConsoleSession> {
  const { engine, ctx, output } = options;
  // An interactive terminal gets a "> " prompt; a pipe (tests, scripts) gets plain lines.
  const interactive = (options.input as { isTTY?: boolean }).isTTY === true;
  const write = (lines: string[]) => output.write(`${lines.join('\n')}\n${interactive ? '> ' : ''}`);
  const actions = new Map<string, string>();
  let actionCounter = 0;
  let me: StaffRow | undefined;

  const remember = (commands: string[]): number => {
    const base = actionCounter + 1;
    for (const c of commands) actions.set(`a${++actionCounter}`, c);
    for (const k of [...actions.keys()].slice(0, Math.max(0, actions.size - MAX_ACTIONS))) actions.delete(k);
    return base;
  };

  if (options.seedIfEmpty) {
    const [anyone] = await ctx.db.select({ id: staff.id }).from(staff).limit(1);
    if (!anyone) {
      await seedDemo(ctx.db, { now: ctx.now(), calendar: ctx.calendar });
      write(['Seeded the demo data (first run).']);
    }
  }

  async function signIn(email: string): Promise<boolean> {
    const found = await findStaffByEmail(ctx, email);
    if (!found?.active) {
      write([
        `! No active staff person has the e-mail ${email}. Try /as <email> with a staff e-mail.`,
        await unknownPersonHelp(ctx.db, email, 'the console'),
      ]);
      return false;
    }
    me = found;
    write([`Signed in as ${found.name} <${found.email}> (${found.role}). Type help to see what I can do.`]);
    return true;
  }

  if (!(await signIn(options.userEmail ?? DEMO.provider)))
    write(['Type /as <email> to sign in as a staff person.']);

  const speaker = (who: StaffRow): Speaker => ({
    channel: 'console',
    workspace: 'local',
    conversation: 'console',
    userKey: who.email.toLowerCase(),
    staffId: who.id,
  });

  let quit: () => void = () => {};
  const quitted = new Promise<void>((resolve) => {
    quit = resolve;
  });

  async function handleLine(raw: string): Promise<void> {
    const line = raw.trim();
    const as = /^\/as\s+(\S+)$/i.exec(line);
    if (as) {
      await signIn(as[1]!);
      return;
    }
    if (/^\/(?:quit|exit)$/i.test(line)) {
      quit();
      return;
    }
    if (!me) {
      write(['! Sign in first: /as <email>', await unknownPersonHelp(ctx.db, undefined, 'the console')]);
      return;
    }
    // A stray Enter is only an answer when a question is waiting (it accepts the default).
    if (!line && !(await engine.active(speaker(me)))) return;
    const action = /^a(\d+)$/i.exec(line);
    const command = action ? actions.get(`a${action[1]}`) : undefined;
    if (action && !command) {
      write([`! There is no button a${action[1]} on screen.`]);
      return;
    }
    const reply = await engine.handle(
      command ? { speaker: speaker(me), command } : { speaker: speaker(me), text: line },
    );
    const base = remember((reply.actions ?? []).map((a) => a.command));
    write(renderReply(reply, base));
  }

  // Lines are handled one at a time, in order, even when a pipe delivers them all at once.
  let chain = Promise.resolve();
  const type = (line: string) => {
    chain = chain.then(() =>
      handleLine(line).catch((err: unknown) => {
        write([`! Something went wrong: ${(err as Error).message}`]);
      }),
    );
    return chain;
  };

  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  const ended = new Promise<void>((resolve) => rl.once('close', () => resolve()));
  rl.on('line', (line) => {
    void type(line);
  });
  const done = Promise.race([ended, quitted]).then(async () => {
    rl.close();
    await chain;
  });

  const port: ChannelPort = {
    channel: 'console',
    // The console is the local operator's screen: it shows everyone's nudges, marked by recipient.
    canReach: () => true,
    async send(staff: ReminderStaff, message: NudgeMessage) {
      const base = remember(message.buttons.map((b) => b.command));
      write(renderNudge(message, me?.id === staff.id ? undefined : staff.name, base));
      return { ok: true };
    },
  };

  return { port, done, user: () => me, type };
}
