import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger, redact } from '../src/logger.js';

describe('logger never writes secrets', () => {
  it.each([
    ['a Slack bot token', 'token is xoxb-123-456-abcDEF', 'xoxb-123'],
    ['a Slack app token', 'app xapp-1-A0-abc', 'xapp-1'],
    ['a bearer header', 'Authorization: Bearer eyJhbGciOi.abc.def', 'eyJhbGciOi'],
    ['a database password', 'postgres://tat:hunter2@db:5432/tat', 'hunter2'],
  ])('masks %s', (_name, input, secret) => {
    const lines: string[] = [];
    createLogger('debug', (l) => lines.push(l)).info(input);
    expect(lines[0]).not.toContain(secret);
  });

  it('masks fields whose name says secret, at any depth', () => {
    expect(redact({ config: { SLACK_SIGNING_SECRET: 'abc', PORT: 3000 } })).toEqual({
      config: { SLACK_SIGNING_SECRET: '***', PORT: 3000 },
    });
  });

  it('drops lines under the configured level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['shown']);
  });
});

describe('config', () => {
  it('defaults to the embedded database and New York time', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./.data');
    expect(c.TAT_TIMEZONE).toBe('America/New_York');
  });

  it('R0 reads configured closure days', () => {
    expect(loadConfig({ TAT_CLOSURE_DAYS: '2026-12-24, 2026-12-31' }).TAT_CLOSURE_DAYS).toEqual([
      '2026-12-24',
      '2026-12-31',
    ]);
  });

  it('names every wrong variable and what it expects', () => {
    let message = '';
    try {
      loadConfig({ TAT_TIMEZONE: 'Mars/Olympus', PORT: 'abc', TAT_CLOSURE_DAYS: '12/24' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('TAT_TIMEZONE: must be an IANA time zone');
    expect(message).toContain('PORT: must be a port number from 0 to 65535');
    expect(message).toContain('TAT_CLOSURE_DAYS: must be a comma-separated list of YYYY-MM-DD dates');
  });

  it("logs a failed SQL statement by name and sizes, never its parameters (people's text)", async () => {
    const { openDb } = await import('../db/client.js');
    const { processedEvents } = await import('../db/schema.js');
    const handle = await openDb({ databaseUrl: 'memory:' });
    try {
      const note = 'Dana said the pilot county is struggling with staffing';
      await handle.db.insert(processedEvents).values({ key: note });
      const err = await handle.db
        .insert(processedEvents)
        .values({ key: note })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(String((err as Error).message)).toContain(note); // what Drizzle puts in the message
      const lines: string[] = [];
      const log = createLogger('debug', (l) => lines.push(l));
      log.error('slack: unexpected error', {
        error: { message: (err as Error).message },
        stack: (err as Error).stack,
      });
      log.error(String((err as Error).message));
      log.error('boom', { error: err });
      for (const line of lines) {
        expect(line).not.toContain('Dana said');
        expect(line).toContain('insert into processed_events');
      }
    } finally {
      await handle.close();
    }
  });
});
