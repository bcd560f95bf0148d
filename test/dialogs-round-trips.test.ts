// The database round trips of the turns people type most, counted where they leave (every statement
// Drizzle sends, plus BEGIN and COMMIT of each transaction): none above 12, so a turn's latency does
// not grow with the statements a change adds unnoticed. bench/dialog-turn.bench.ts reports the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import { createDialogEngine } from '../dialogs/engine.js';
import type { Speaker } from '../dialogs/types.js';
import { createCalendar } from '../src/rules/calendar.js';
import type { ServiceContext } from '../src/services/context.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { createScratchDatabase } from './support/test-db.js';

const MAX_ROUND_TRIPS = 12;
let trips = 0;
let handle: DbHandle;
let drop: (() => Promise<void>) | undefined;
let ctx: ServiceContext;

beforeAll(async () => {
  const scratch = process.env.TEST_DATABASE_URL
    ? await createScratchDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  drop = scratch?.drop;
  handle = await openDb({
    databaseUrl: scratch?.url ?? 'memory:',
    maxConnections: 2,
    onQuery: () => {
      trips++;
    },
  });
  await loadReferenceData(handle.db);
  const db = new Proxy(handle.db, {
    get(target, key, receiver) {
      if (key !== 'transaction') return Reflect.get(target, key, receiver);
      return (...args: Parameters<typeof target.transaction>) => {
        trips += 2; // BEGIN and COMMIT
        return target.transaction(...args);
      };
    },
  });
  ctx = { db, calendar: createCalendar(), now: () => new Date('2026-11-23T15:00:00Z') };
});

afterAll(async () => {
  await handle?.close();
  await drop?.();
});

describe('database round trips per dialog turn', () => {
  it(`R16 R14 log, note, mine and show each take at most ${MAX_ROUND_TRIPS} round trips`, async () => {
    const me = await createStaff(handle.db, { states: ['MD'], name: 'Trip Counter' });
    const qris = await createActivity(handle.db, {
      primaryStaff: me,
      stateCode: 'MD',
      tracking: true,
      focus: 'QRIS strategic planning',
    });
    const engine = createDialogEngine({ ctx, idleMinutes: 30 });
    const speaker: Speaker = {
      channel: 'console',
      workspace: 'test',
      conversation: 'c',
      userKey: me.email,
      staffId: me.id,
    };
    const turns: [string, string][] = [
      ['log: free text', '/ta log held a two-day onsite visit with MD on QRIS strategic planning Nov 3-4'],
      ['log: accept draft summary', ''],
      ['log: confirm', 'yes'],
      ['note: start', `/ta note ${qris.id}`],
      ['note: text', 'Called the State to set the workgroup dates.'],
      ['note: confirm', 'yes'],
      ['mine', '/ta mine'],
      ['show', `/ta show ${qris.id}`],
    ];
    const counted: Record<string, number> = {};
    for (const [label, text] of turns) {
      trips = 0;
      const reply = await engine.handle({ speaker, text });
      expect(reply.error, label).toBeUndefined();
      counted[label] = trips;
    }
    expect(counted['log: confirm']).toBeGreaterThan(2); // the count sees the turn's work
    expect(Object.entries(counted).filter(([, n]) => n > MAX_ROUND_TRIPS)).toEqual([]);
  });
});
