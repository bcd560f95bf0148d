// A TCP proxy on 127.0.0.1 (ephemeral port) in front of a real server, for outage tests: `cut()`
// drops every open connection and stops listening, so new ones are refused as by a stopped server;
// `restore()` listens on the same port again and forwards. openDatabaseBehindProxy puts a scratch
// database behind one, for the Slack and Teams outage tests.
import { connect, createServer, type Socket } from 'node:net';
import { type DbHandle, openDb } from '../../db/client.js';
import { loadReferenceData } from '../../db/reference/load.js';
import { createCalendar } from '../../src/rules/calendar.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createScratchDatabase } from './test-db.js';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far (forwarded or refused). */
  accepted(): number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  let accepted = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    accepted++;
    if (down) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('proxy did not start');
  return {
    port: address.port,
    accepted: () => accepted,
    async cut() {
      down = true;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async restore() {
      down = false;
      await new Promise<void>((resolve) => server.listen(address.port, '127.0.0.1', resolve));
    },
    async close() {
      for (const s of open) s.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

/** A scratch database on `baseUrl`'s server, reached only through a proxy the test can cut. */
export interface DatabaseBehindProxy {
  proxy: TcpProxy;
  handle: DbHandle;
  /** Reference data loaded; the real clock (the outage tests wait on real connections). */
  ctx: ServiceContext;
  /** Closes the handle and the proxy, then drops the scratch database. */
  close(): Promise<void>;
}

export async function openDatabaseBehindProxy(baseUrl: string): Promise<DatabaseBehindProxy> {
  const scratch = await createScratchDatabase(baseUrl);
  const target = new URL(scratch.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const handle = await openDb({ databaseUrl: viaProxy(scratch.url, proxy), maxConnections: 3 });
  await loadReferenceData(handle.db);
  return {
    proxy,
    handle,
    ctx: { db: handle.db, calendar: createCalendar(), now: () => new Date() },
    async close() {
      await handle.close();
      await proxy.close();
      await scratch.drop();
    },
  };
}
