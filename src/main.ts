// The composition root — the one place that reads the environment and wires the core to the
// channels: database → services context → dialog engine → channels (Slack and/or Teams when their
// credentials are set, else the console) → one HTTP server on PORT (POST /slack/events, POST
// /api/messages unless TEAMS_PORT is set, GET /healthz) → reminder scheduler. SIGTERM/SIGINT stop
// it gracefully.
import { pathToFileURL } from 'node:url';
import cron from 'node-cron';
import type { SlackApp } from '../adapters/slack/create-slack-app.js';
import type { TeamsApp } from '../adapters/teams/create-teams-app.js';
import { DatabaseUnreachableError, openDb } from '../db/client.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { DatabaseDamagedError, loadReferenceDataIfChanged } from '../db/reference/load.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { type Config, ConfigError, loadConfig, slackConfigured, teamsConfigured } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { installProcessGuards } from './process-guards.js';
import type { ChannelPort } from './reminders/channel-port.js';
import { createStaffNotifier } from './reminders/notify.js';
import { startReminderScheduler } from './reminders/scheduler.js';
import { createCalendar } from './rules/calendar.js';
import { bootstrapAdmins } from './services/bootstrap-admins.js';
import type { ServiceContext } from './services/context.js';

export interface RunningBot {
  channels: string[];
  /** Resolves when the bot stops by itself (the console's input ended). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface BotIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  logger?: Logger;
}

export async function startTatBot(config: Config, io: BotIo): Promise<RunningBot> {
  const useConsole = !slackConfigured(config) && !teamsConfigured(config);
  // In the terminal, JSON logs would drown the conversation: show warnings and errors only.
  const logger =
    io.logger ?? createLogger(useConsole && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await loadReferenceDataIfChanged(handle.db);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  const ctx: ServiceContext = {
    db: handle.db,
    calendar: createCalendar({ timeZone: config.TAT_TIMEZONE, extraClosures: config.TAT_CLOSURE_DAYS }),
    now: () => new Date(),
  };
  const boot = await bootstrapAdmins(ctx, config.TAT_ADMIN_EMAILS);
  if (boot.created.length + boot.promoted.length > 0)
    logger.info('TAT_ADMIN_EMAILS: administrators ready', {
      created: boot.created.length,
      promoted: boot.promoted.length,
    });
  // The engine is built before the channels (which need it), so the feedback requests bind late:
  // Teams first (requesters with a chat with the bot), then Slack DMs for the others (R17). The
  // staff notices (R9) use the channel ports as they are added below.
  let slackApp: SlackApp | undefined;
  let teamsApp: TeamsApp | undefined;
  const ports: ChannelPort[] = [];
  const engine = createDialogEngine({
    ctx,
    idleMinutes: config.DIALOG_IDLE_MINUTES,
    staffNotifier: createStaffNotifier(ctx.db, ports),
    ...(slackConfigured(config) || teamsConfigured(config)
      ? {
          feedbackRequester: async (activityId: number) => {
            if (!slackApp && !teamsApp) throw new Error('no channel is started yet');
            let sent = 0;
            let left: string[] | undefined; // undefined: nobody asked yet
            if (teamsApp) ({ sent, unreachable: left } = await teamsApp.requestFeedback(activityId));
            if (slackApp && (left === undefined || left.length > 0)) {
              const r = await slackApp.requestFeedback(activityId, left);
              sent += r.sent;
              left = r.unreachable;
            }
            return { sent, unreachable: left ?? [] };
          },
        }
      : {}),
  });
  const stoppers: (() => Promise<void>)[] = [];
  const channels: string[] = [];
  let done: Promise<void> = new Promise(() => {});

  // One server for every channel on PORT; it listens once the channels are ready.
  const http =
    slackConfigured(config) || teamsConfigured(config)
      ? (await import('../adapters/http-server.js')).createChannelHttpServer({ ping: handle.ping, logger })
      : undefined;

  // Each channel's library loads only when that channel is configured (botbuilder alone is ~1 s of CPU).
  if (slackConfigured(config)) {
    const { createSlackApp } = await import('../adapters/slack/create-slack-app.js');
    const slack = createSlackApp({
      config: {
        botToken: config.SLACK_BOT_TOKEN!,
        signingSecret: config.SLACK_SIGNING_SECRET!,
        appToken: config.SLACK_APP_TOKEN,
        teamId: config.SLACK_TEAM_ID,
        apiUrl: config.SLACK_API_URL,
      },
      engine,
      ctx,
      dbHandle: handle,
      logger,
    });
    slackApp = slack;
    await slack.start();
    if (slack.requestListener) http?.route('/slack/events', slack.requestListener);
    ports.push(slack.port);
    stoppers.push(() => slack.stop());
    channels.push('slack');
  }

  if (teamsConfigured(config)) {
    const { createTeamsApp } = await import('../adapters/teams/create-teams-app.js');
    const teams = createTeamsApp({
      config: {
        appId: config.TEAMS_APP_ID!,
        appPassword: config.TEAMS_APP_PASSWORD!,
        tenantId: config.TEAMS_TENANT_ID,
        channelIds: config.TEAMS_CHANNEL_IDS,
        port: config.TEAMS_PORT,
      },
      engine,
      ctx,
      dbHandle: handle,
      logger,
    });
    teamsApp = teams;
    await teams.start();
    if (config.TEAMS_PORT === undefined) http?.route('/api/messages', teams.requestListener);
    ports.push(teams.port);
    stoppers.push(() => teams.stop());
    channels.push('teams');
  }

  if (http) {
    await http.listen(config.PORT);
    // Stops accepting first; the requests being answered finish alongside the channels' own work.
    let closing: Promise<void> | undefined;
    stoppers.unshift(async () => {
      closing = http.stop();
    });
    stoppers.push(() => closing ?? http.stop());
  }

  if (useConsole) {
    const { startConsole } = await import('../adapters/console/console.js');
    const session = await startConsole({
      engine,
      ctx,
      input: io.input,
      output: io.output,
      userEmail: config.CONSOLE_USER_EMAIL,
      seedIfEmpty: true,
    });
    ports.push(session.port);
    channels.push('console');
    done = session.done;
  }

  if (config.REMINDERS_ENABLED) {
    const scheduler = startReminderScheduler({
      ctx,
      ports,
      cronExpression: config.REMINDER_CRON,
      timeZone: config.TAT_TIMEZONE,
      logger,
      sweep: { reminders: { dueSoonBusinessDays: config.REMINDER_DUE_SOON_BUSINESS_DAYS } },
    });
    // The scheduler stops first so no nudge is half-sent when a channel goes away.
    stoppers.unshift(() => scheduler.stop());
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stoppers) await s().catch((err) => logger.error('stop failed', { error: err }));
      // Any schedule left (there should be none) finishes its run before the database closes.
      await cron.shutdown(5_000);
      await handle.close();
    })();
    return stopping;
  };
  return { channels, done, stop };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // A stray rejection or exception is logged with an incident id; it never ends the bot.
  installProcessGuards(createLogger(config.LOG_LEVEL));
  // Signals are caught from the first moment: one arriving while channels start up is honoured as
  // soon as start-up finishes, instead of killing the process half-started.
  let stopRequested: (() => void) | undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  process.once('SIGTERM', () => stopRequested?.());
  process.once('SIGINT', () => stopRequested?.());
  let bot: RunningBot;
  try {
    bot = await startTatBot(config, { input: process.stdin, output: process.stdout });
  } catch (err) {
    if (
      err instanceof DatabaseUnreachableError ||
      err instanceof DataDirLockedError ||
      err instanceof DatabaseDamagedError
    ) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    // Anything else (Slack or Teams unreachable, a port in use…): one line, not a stack trace.
    process.stderr.write(`TAT Bot could not start: ${(err as Error)?.message ?? err}\n`);
    process.exit(1);
  }
  await Promise.race([bot.done, stopSignal]);
  // A supervisor (Docker, systemd) waits about 10 s before SIGKILL: never hang past that.
  setTimeout(() => {
    process.stderr.write('TAT Bot did not stop within 9 s; exiting anyway.\n');
    process.exit(1);
  }, 9_000).unref();
  await bot.stop();
  process.exit(0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
