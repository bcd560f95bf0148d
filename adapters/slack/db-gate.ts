// Slack wants every request acknowledged within 3 s, and acks must not queue behind database work.
// With an in-process database (PGlite) each query computes on the event loop, and with either
// database each turn's own JavaScript does, so a burst of dialog turns would delay the acks of
// requests arriving meanwhile. The gate runs at most `concurrency`
// database sections at once and yields to pending I/O before each, so new requests are read and
// acked first. Gated sections never call Slack, so a slow Web API call (a 429 wait) never holds it.
export type Gate = <T>(work: () => Promise<T>) => Promise<T>;

/** No limit (callers with no gate of their own, e.g. tests of identity alone). */
export const openGate: Gate = (work) => work();

export function createGate(concurrency: number): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
