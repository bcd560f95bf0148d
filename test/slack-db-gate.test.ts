// The gate that keeps post-ack work from delaying acks (adapters/slack/db-gate.ts): at most N
// sections at once, each started only after pending I/O callbacks (new requests) have run.
import { describe, expect, it } from 'vitest';
import { createGate } from '../adapters/slack/db-gate.js';

describe('post-ack work gate', () => {
  it('runs one section at a time, in arrival order', async () => {
    const gate = createGate(1);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        gate(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 1));
          order.push(n);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('lets I/O callbacks queued before a section run first (a new request is acked before the work)', async () => {
    const gate = createGate(1);
    const seen: string[] = [];
    setImmediate(() => seen.push('io'));
    await gate(async () => {
      seen.push('work');
    });
    expect(seen).toEqual(['io', 'work']);
  });

  it('a failing section frees its place', async () => {
    const gate = createGate(1);
    await expect(gate(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate(async () => 'next')).resolves.toBe('next');
  });
});
