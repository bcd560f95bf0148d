// One HTTP server for every channel, as a deployer expects one port and one health check: each
// channel lends its request listener for its own path (Slack: POST /slack/events, Teams: POST
// /api/messages) and keeps its own body limits and refusals; GET /healthz answers once for the
// whole process (200 while the database answers, 503 otherwise).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger.js';
import { newIncidentRef } from '../src/process-guards.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ChannelHttpServer {
  /** POSTs to exactly `path` (the query string is ignored) go to `listener`; other methods get 405. */
  route(path: string, listener: RequestListener): void;
  listen(port: number, host?: string): Promise<void>;
  /** The port listened on once listening (useful with port 0). */
  listeningPort(): number | undefined;
  /** Stops accepting; requests being answered may finish (bounded), then every connection goes. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;

export function createChannelHttpServer(options: {
  ping: () => Promise<boolean>;
  logger: Logger;
}): ChannelHttpServer {
  const { ping, logger } = options;
  const routes = new Map<string, RequestListener>();

  function healthz(res: ServerResponse): void {
    void ping().then(
      (up) =>
        sendJson(res, up ? 200 : 503, {
          status: up ? 'ok' : 'degraded',
          database: up ? 'reachable' : 'unreachable',
        }),
      () => sendJson(res, 503, { status: 'degraded', database: 'unreachable' }),
    );
  }

  function dispatch(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const listener = routes.get(path);
    if (path === '/healthz') {
      if (req.method === 'GET' || req.method === 'HEAD') healthz(res);
      else sendJson(res, 405, { error: 'GET only' });
    } else if (!listener) sendJson(res, 404, { error: 'not found' });
    else if (req.method !== 'POST') sendJson(res, 405, { error: 'POST only' });
    else lend(listener, path, req, res);
  }

  function lend(listener: RequestListener, path: string, req: IncomingMessage, res: ServerResponse): void {
    try {
      listener(req, res);
    } catch (err) {
      logger.error('http: unexpected error', {
        ref: newIncidentRef(),
        path,
        error: { name: (err as Error)?.name, message: (err as Error)?.message ?? String(err) },
      });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }

  let server: Server | undefined;
  return {
    route(path, listener) {
      routes.set(path, listener);
    },
    async listen(port, host) {
      const s = createServer(dispatch);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      server = s;
      logger.info('http: listening', { port: this.listeningPort(), paths: ['/healthz', ...routes.keys()] });
    },
    listeningPort() {
      const address = server?.address() as AddressInfo | string | null | undefined;
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
      s.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
