// Slack wants every request acknowledged within 3 s, and acks must not queue behind dialog work.
// With an in-process database (PGlite) each query computes on the event loop, so a burst of dialog
// turns would delay the acks of requests arriving meanwhile. The gate runs at most `concurrency`
// turns at once and yields to pending I/O before each, so new requests are read and acked first.
// Dialog turns never call Slack, so a slow Web API call (a 429 wait) never holds the gate.
import type { Engine } from './deps.js';

export function gateEngine(engine: Engine, concurrency: number): Engine {
  if (!Number.isFinite(concurrency)) return engine;
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    await new Promise((resolve) => setImmediate(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async handle(turn) {
      await acquire();
      try {
        return await engine.handle(turn);
      } finally {
        release();
      }
    },
  };
}
