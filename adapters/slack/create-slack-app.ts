// The Slack channel: a Bolt app over HTTP (POST /slack/events for commands, interactivity and events
// alike, signatures checked by Bolt) or Socket Mode when an app token is given; GET /healthz reports
// database reachability. Handlers ack first and do the work after (see on-*.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { DbHandle } from '../../db/client.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelPort } from '../../src/reminders/channel-port.js';
import type { ServiceContext } from '../../src/services/context.js';
import { pruneProcessed } from '../processed-events.js';
import { createSlackChannelPort } from './channel-port.js';
import { createGate } from './db-gate.js';
import type { Engine, SlackDeps } from './deps.js';
import { requestFeedback } from './feedback-threads.js';
import { createIdentity } from './identity.js';
import { reportIncident } from './incident.js';
import { registerActions } from './on-action.js';
import { registerCommand } from './on-command.js';
import { publishHome, registerEvents } from './on-event.js';
import { registerViews } from './on-view.js';
import { slackBodyProblem } from './payload-schemas.js';
import { guardSlackRequests, MAX_SLACK_BODY_BYTES } from './request-guard.js';
import { createSlackApi, webClientOptions } from './slack-api.js';
import { teamGuard } from './team-guard.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (xapp-…); /healthz is then served on `port` (if given). */
  appToken?: string | undefined;
  /** Serve only this workspace; others are refused politely. */
  teamId?: string | undefined;
  /** Web API base URL (tests, proxies); default Slack's. */
  apiUrl?: string | undefined;
  /** Listen here; unset: no server of its own, `requestListener` is served by the shared one. */
  port?: number | undefined;
  /** Interface to listen on (default: all). Tests use 127.0.0.1. */
  host?: string | undefined;
}

export interface SlackAppOptions {
  config: SlackConfig;
  engine: Engine;
  ctx: ServiceContext;
  /** The database (its ping for /healthz); work after acks runs one section at a time (db-gate.ts). */
  dbHandle: Pick<DbHandle, 'ping'>;
  logger: Logger;
  /** Milliseconds since the epoch, for the request timestamp window (default Date.now). */
  clock?: () => number;
}

export interface SlackApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Nudges as Slack DMs, for the reminder scheduler. */
  port: ChannelPort;
  /** The HTTP port listened on once started (useful with port 0); undefined in Socket Mode. */
  listeningPort(): number | undefined;
  /** HTTP mode: POST /slack/events with its guard (400/401/413), for a shared server (adapters/http-server.ts). */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** R17: DM the requesters of an activity a feedback request they can answer in its thread. */
  /** DMs the activity's requesters (only those with the given e-mails, when given) a feedback request. */
  requestFeedback(
    activityId: number,
    onlyEmails?: string[],
  ): Promise<{ sent: number; unreachable: string[] }>;
  /** Refresh a user's App Home (e.g. after a nudge). */
  publishHome(teamId: string, userId: string): Promise<void>;
}

const PRUNE_EVERY_MS = 3600_000;
const EVENTS_PATH = '/slack/events';
const STOP_GRACE_MS = 5000;

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, engine, ctx, dbHandle, logger } = options;
  const boltLogger = toBoltLogger(logger);
  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void dbHandle.ping().then(
        (up) =>
          sendJson(res, up ? 200 : 503, {
            status: up ? 'ok' : 'degraded',
            database: up ? 'reachable' : 'unreachable',
          }),
        () => sendJson(res, 503, { status: 'degraded', database: 'unreachable' }),
      );
    },
  };
  // Bolt's guarded request listener (HTTP mode), lent to a shared server when there is no port.
  let guardedListener: SlackApp['requestListener'];
  const common = {
    token: config.botToken,
    logger: boltLogger,
    clientOptions: webClientOptions(config.apiUrl, boltLogger),
    // auth.test runs in start(), not in the constructor (which cannot report a bad token).
    deferInitialization: true,
  };
  const app = config.appToken
    ? new App({
        ...common,
        socketMode: true,
        appToken: config.appToken,
        // Without a port of its own there is no HTTP server here: the shared one answers /healthz.
        ...(config.port === undefined
          ? {}
          : { customRoutes: [healthz], installerOptions: { port: config.port } }),
      })
    : new App({ ...common, receiver: guardedReceiver() });
  const listens = config.port !== undefined;

  /** Bolt's HTTP receiver behind our checks of size, signature window and payload shape. */
  function guardedReceiver(): HTTPReceiver {
    const receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: EVENTS_PATH,
      processBeforeResponse: false,
      customRoutes: [healthz],
      logger: boltLogger,
      bodyLimit: MAX_SLACK_BODY_BYTES,
    });
    receiver.requestListener = guardedListener = guardSlackRequests(receiver.requestListener, EVENTS_PATH, {
      signingSecret: config.signingSecret,
      now: options.clock ?? Date.now,
      logger,
    });
    return receiver;
  }

  const stopping = new AbortController();
  const api = createSlackApi(app.client, logger, undefined, stopping.signal);
  let botUserId: string | undefined;
  // One section at a time on PostgreSQL too: each turn's own JavaScript (engine, rendering, result
  // parsing) runs on the loop that reads and acks new requests. Measured with the real processes
  // (bench/slack-ack-process): ack p99 1.3× bare at one section, 2.0–2.5× at two or four; one turn
  // takes a few ms, so one section still answers a few hundred commands a second.
  const gate = createGate(1);
  // Work still running after its ack (dialog turns, replies, Home refreshes) is let finish on stop().
  const inflight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work)).catch(() => undefined);
    return work;
  };
  const deps: SlackDeps = {
    engine: {
      async handle(turn) {
        const reply = await gate(() => engine.handle(turn));
        // A saved record changes what Home shows (due summaries, open activities): refresh it.
        if (reply.done?.outcome === 'completed') {
          track(
            publishHome(deps, turn.speaker.workspace, turn.speaker.userKey).catch((err: Error) =>
              logger.warn('slack: App Home refresh failed', { error: err.message }),
            ),
          );
        }
        return reply;
      },
    },
    ctx,
    api,
    gate,
    identity: createIdentity({ ctx, api, logger, gate }),
    logger,
    botUserId: () => botUserId,
  };

  app.use(({ next }) => track(next()) as Promise<void>);
  // HTTP bodies are checked before Bolt (request-guard.ts); Socket Mode ones are checked here.
  app.use(async (args) => {
    const problem = slackBodyProblem(args.body);
    if (!problem) return args.next();
    logger.warn('slack: impossible payload dropped', { reason: problem });
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
  app.use(teamGuard(config.teamId, logger));
  registerCommand(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  app.error(async (error) => {
    reportIncident(logger, error, { kind: 'bolt' });
  });

  let server: { address(): AddressInfo | string | null } | undefined;
  let pruner: NodeJS.Timeout | undefined;
  const prune = () =>
    pruneProcessed(ctx.db, 'slack:', ctx.now()).catch((err: Error) =>
      logger.warn('slack: pruning processed events failed', { error: err.message }),
    );

  return {
    port: createSlackChannelPort(
      createSlackApi(app.client, logger, { attempts: 1, maxWaitMs: 2000 }, stopping.signal),
      logger,
      (staffRow) => deps.identity.findStaff(staffRow),
    ),
    async start() {
      const auth = await api
        .call<{ user_id?: string; team_id?: string }>('auth.test', {})
        .catch((err: unknown) => {
          throw new Error(slackStartFailure(err, config.apiUrl));
        });
      botUserId = auth.user_id;
      if (config.teamId && auth.team_id && auth.team_id !== config.teamId) {
        throw new Error(
          `SLACK_BOT_TOKEN belongs to workspace ${auth.team_id}, but SLACK_TEAM_ID is ${config.teamId}.`,
        );
      }
      await app.init();
      // HTTP mode without a port: the receiver is only lent (requestListener), never started.
      if (config.appToken) await app.start();
      else if (config.port !== undefined)
        server = (await app.start(
          config.host ? { port: config.port, host: config.host } : config.port,
        )) as typeof server;
      await prune();
      pruner = setInterval(prune, PRUNE_EVERY_MS);
      pruner.unref();
      logger.info('slack: channel started', {
        mode: config.appToken ? 'socket' : 'http',
        port: this.listeningPort() ?? config.port ?? 'shared',
        team: auth.team_id,
      });
    },
    async stop() {
      clearInterval(pruner);
      if (config.appToken || listens) await app.stop();
      // Waits on a rate limit end now; other acknowledged work may finish (bounded).
      stopping.abort();
      await Promise.race([
        Promise.allSettled([...inflight]),
        new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref()),
      ]);
      server = undefined;
    },
    listeningPort() {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    ...(guardedListener ? { requestListener: guardedListener } : {}),
    requestFeedback: (activityId, onlyEmails) => requestFeedback(deps, activityId, onlyEmails),
    publishHome: (teamId, userId) => publishHome(deps, teamId, userId),
  };
}

/** One sentence for an operator: what failed at start and what to check. */
export function slackStartFailure(err: unknown, apiUrl: string | undefined): string {
  const e = err as {
    code?: string;
    data?: { error?: string };
    original?: { code?: string; message?: string };
  };
  const where = apiUrl ?? 'https://slack.com/api/';
  if (e?.data?.error)
    return `Slack refused SLACK_BOT_TOKEN (auth.test: ${e.data.error}). Check SLACK_BOT_TOKEN (xoxb-…) and that the app is installed in the workspace.`;
  const cause = e?.original?.code ?? e?.original?.message ?? (err as Error)?.message ?? String(err);
  return `Could not reach the Slack Web API at ${where} (${cause}). Check the network, any proxy or firewall, and SLACK_API_URL if set.`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Bolt and the WebClient log through ours (which masks tokens). */
function toBoltLogger(logger: Logger) {
  let level = LogLevel.INFO;
  const text = (m: unknown) => {
    if (typeof m === 'string') return m;
    if (m instanceof Error) return m.message;
    try {
      return JSON.stringify(m);
    } catch {
      return String(m); // circular structures
    }
  };
  const line = (msgs: unknown[]) => msgs.map(text).join(' ');
  return {
    debug: (...m: unknown[]) => logger.debug(line(m)),
    info: (...m: unknown[]) => logger.info(line(m)),
    warn: (...m: unknown[]) => logger.warn(line(m)),
    error: (...m: unknown[]) => logger.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
