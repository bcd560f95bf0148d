// The channels' per-user caches stay bounded however many users a long-running process sees.
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../adapters/bounded-map.js';

describe('BoundedMap', () => {
  it('holds at most its bound, forgetting the entry set longest ago', () => {
    const map = new BoundedMap<string, number>(3);
    for (let i = 0; i < 10_000; i++) map.set(`user${i}`, i);
    expect(map.size).toBe(3);
    expect([...map.keys()]).toEqual(['user9997', 'user9998', 'user9999']);
  });

  it('setting a known key again makes it the newest, so it outlives older ones', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
