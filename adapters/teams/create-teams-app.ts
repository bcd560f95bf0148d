// The Teams channel: a node:http server with POST /api/messages (Bot Framework activities, JWT
// checked by botbuilder's CloudAdapter) and GET /healthz (database reachability), plus the
// reminders' ChannelPort for proactive nudges through stored conversation references.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { DbHandle } from '../../db/client.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelPort } from '../../src/reminders/channel-port.js';
import type { ServiceContext } from '../../src/services/context.js';
import { pruneProcessed } from '../processed-events.js';
import { activityProblem } from './activity-schema.js';
import { type BotFrameworkEndpoints, type CredentialsFactory, createAuthentication } from './auth.js';
import { createTeamsChannelPort } from './channel-port.js';
import { reachableStaffIds } from './conversations.js';
import { reportIncident } from './incident.js';
import { type Engine, onActivity } from './on-message.js';
import { createRequesterChatOpener } from './open-requester-chat.js';
import { requestFeedbackOnTeams } from './requesters.js';

export interface TeamsConfig {
  appId: string;
  appPassword: string;
  /** Serve only this Azure AD tenant; also the tenant of a single-tenant app registration. */
  tenantId?: string | undefined;
  /** Bot Framework channels served (activity.channelId); default only `msteams`. */
  channelIds?: readonly string[] | undefined;
  /** Listen here (TEAMS_PORT); unset: no server of its own, `requestListener` is served by the shared one. */
  port?: number | undefined;
  /** Interface to listen on (default: all). Tests use 127.0.0.1. */
  host?: string | undefined;
}

export interface TeamsAppOptions {
  config: TeamsConfig;
  engine: Engine;
  ctx: ServiceContext;
  dbHandle: Pick<DbHandle, 'ping'>;
  logger: Logger;
  /** Other Bot Framework endpoints and outbound credentials (tests, sovereign clouds). */
  botFramework?: { endpoints?: BotFrameworkEndpoints; credentialsFactory?: CredentialsFactory };
}

export interface TeamsApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Nudges in the person's Teams chat with the bot, for the reminder scheduler. */
  port: ChannelPort;
  /** R17: asks an activity's requesters for feedback in their chat with the bot (opened via a team if need be). */
  requestFeedback(activityId: number): Promise<{ sent: number; unreachable: string[] }>;
  /** The HTTP port listened on once started (useful with port 0). */
  listeningPort(): number | undefined;
  /** POST /api/messages (401 for a bad token, 413 over 1 MB), for a shared server (adapters/http-server.ts). */
  requestListener(req: IncomingMessage, res: ServerResponse): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * CloudAdapter with its request handling done here: `process()` prints every failure with
 * console.error and answers a forged token with botbuilder's internal error text and often 500.
 */
class TeamsAdapter extends CloudAdapter {
  run(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Text dates in an activity as botbuilder expects them (its own validateAndFixActivity). */
function asActivity(body: Record<string, unknown>): Activity {
  const a = body as Record<string, unknown>;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = a[key];
    if (typeof raw === 'string') {
      a[`raw${key[0]!.toUpperCase()}${key.slice(1)}`] = raw;
      a[key] = new Date(raw);
    }
  }
  return a as unknown as Activity;
}
const PRUNE_EVERY_MS = 3600_000;
const STOP_GRACE_MS = 5000;

export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const { config, engine, ctx, dbHandle, logger } = options;
  const adapter = new TeamsAdapter(
    createAuthentication({
      appId: config.appId,
      appPassword: config.appPassword,
      tenantId: config.tenantId,
      endpoints: options.botFramework?.endpoints,
      credentialsFactory: options.botFramework?.credentialsFactory,
    }),
  );
  adapter.onTurnError = async (_context, error) => {
    reportIncident(logger, error, { kind: 'turn' });
  };
  const reachable = new Set<number>();
  const deps = {
    engine,
    ctx,
    logger,
    tenantId: config.tenantId,
    channelIds: config.channelIds ?? ['msteams'],
    reachable,
  };
  const inflight = new Set<Promise<unknown>>();

  async function messages(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === TOO_LARGE) {
      logger.warn('teams: request refused', { status: 413, limitBytes: MAX_BODY_BYTES });
      return sendJson(res, 413, { error: 'the body is larger than 1 MB' }, { connection: 'close' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return sendJson(res, 400, { error: 'the body must be a JSON Bot Framework activity' });
    const problem = activityProblem(body);
    if (problem) {
      logger.warn('teams: request refused', { status: 400, reason: problem });
      return sendJson(res, 400, { error: `not a possible Bot Framework activity (${problem})` });
    }
    const authHeader = String(req.headers.authorization ?? '');
    let authenticated = false;
    let invoke: InvokeResponse | undefined;
    try {
      invoke = await adapter.run(authHeader, asActivity(body as Record<string, unknown>), (context) => {
        authenticated = true;
        return onActivity(deps, context);
      });
    } catch (err) {
      if (authenticated) throw err;
      // A missing, forged or unverifiable token: one line, no stack, nothing of botbuilder's text.
      logger.warn('teams: request refused', {
        status: 401,
        reason: authHeader ? 'token not accepted' : 'no token',
        error: (err as Error).name,
      });
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    if (invoke?.body !== undefined) return sendJson(res, invoke.status, invoke.body);
    res.writeHead(invoke?.status ?? 200);
    res.end();
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      void dbHandle.ping().then(
        (up) =>
          sendJson(res, up ? 200 : 503, {
            status: up ? 'ok' : 'degraded',
            database: up ? 'reachable' : 'unreachable',
          }),
        () => sendJson(res, 503, { status: 'degraded', database: 'unreachable' }),
      );
      return;
    }
    if (path === '/api/messages') {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: 'POST only' });
        return;
      }
      const work = messages(req, res).catch((err) => {
        reportIncident(logger, err, { kind: 'http' });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  }

  let server: Server | undefined;
  let pruner: NodeJS.Timeout | undefined;
  const prune = () =>
    pruneProcessed(ctx.db, 'teams:', ctx.now()).catch((err: Error) =>
      logger.warn('teams: pruning processed events failed', { error: err.message }),
    );

  return {
    port: createTeamsChannelPort({ adapter, appId: config.appId, db: ctx.db, reachable, logger }),
    requestFeedback: (activityId) =>
      requestFeedbackOnTeams(
        {
          ctx,
          logger,
          appId: config.appId,
          continueConversation: (reference, logic) =>
            adapter.continueConversationAsync(config.appId, reference as never, logic),
          openChat: createRequesterChatOpener({
            adapter,
            appId: config.appId,
            ctx,
            logger,
            tenantId: config.tenantId,
          }),
        },
        activityId,
      ),
    async start() {
      for (const id of await reachableStaffIds(ctx.db)) reachable.add(id);
      if (config.port !== undefined) {
        const s = createServer(route);
        await new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.listen(config.port, config.host, () => {
            s.off('error', reject);
            resolve();
          });
        });
        server = s;
      }
      await prune();
      pruner = setInterval(prune, PRUNE_EVERY_MS);
      pruner.unref();
      logger.info('teams: channel started', {
        port: this.listeningPort() ?? 'shared',
        tenant: config.tenantId ?? 'any',
      });
    },
    async stop() {
      clearInterval(pruner);
      const s = server;
      server = undefined;
      const closed = s && new Promise<void>((resolve) => s.close(() => resolve()));
      s?.closeIdleConnections();
      // Requests being handled may finish (bounded; on a shared server too); then every connection goes.
      await Promise.race([
        Promise.allSettled([...inflight]),
        new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref()),
      ]);
      s?.closeAllConnections();
      await closed;
    },
    listeningPort() {
      const address = server?.address() as AddressInfo | string | null | undefined;
      return address && typeof address === 'object' ? address.port : undefined;
    },
    requestListener: route,
  };
}

const TOO_LARGE = Symbol('too large');

/** The body as text, or TOO_LARGE past MAX_BODY_BYTES (the rest is read and dropped, so the 413 arrives). */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      return resolve(TOO_LARGE);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      req.resume();
      resolve(TOO_LARGE);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
