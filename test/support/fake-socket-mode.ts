// A fake Slack Socket Mode server on 127.0.0.1 (the `ws` package). Like Slack it greets each
// connection with `hello`, answers pings with pongs (ws does), delivers envelopes and collects the
// app's acks (`{envelope_id, payload}`), and answers the app's close frame. The Web API side
// (`apps.connections.open` handing out `url`) is the fake Slack's; see fake-slack.ts.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** The wss URL `apps.connections.open` hands out (ws:// here). */
  url: string;
  /** Connections the app opened so far. */
  connections(): number;
  /** Close codes of connections that have ended, in order. */
  closeCodes: number[];
  /** Waits until the app holds an open connection (hello sent). */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope to the app and resolves with its ack. */
  deliver(
    type: string,
    payload: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<{ envelopeId: string; ack: SocketModeAck }>;
  /** Waits until no connection is left open (the app closed its socket). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const open = new Set<WebSocket>();
  const acks = new Map<string, (ack: SocketModeAck) => void>();
  const closeCodes: number[] = [];
  let opened = 0;

  server.on('connection', (socket) => {
    opened += 1;
    open.add(socket);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as SocketModeAck;
      acks.get(message.envelope_id)?.(message);
    });
    socket.on('close', (code) => {
      open.delete(socket);
      closeCodes.push(code);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.size,
        debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0TAT' },
      }),
    );
  });

  const until = async (probe: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`fake Socket Mode: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=A0TAT`,
    connections: () => opened,
    closeCodes,
    connected: (timeoutMs = 8000) => until(() => open.size > 0, 'a connection', timeoutMs),
    async deliver(type, payload, timeoutMs = 8000) {
      const [socket] = open;
      if (!socket) throw new Error('fake Socket Mode: the app is not connected');
      const envelopeId = randomUUID();
      const acked = new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new Error(`fake Socket Mode: no ack for ${type} envelope ${envelopeId}`));
        }, timeoutMs);
        acks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          acks.delete(envelopeId);
          resolve(ack);
        });
      });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: true, payload }));
      return { envelopeId, ack: await acked };
    },
    drained: (timeoutMs = 8000) => until(() => open.size === 0, 'the app to close its socket', timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
