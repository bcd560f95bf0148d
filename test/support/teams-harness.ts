// The Teams test files' common setup: a Teams harness (the real botbuilder stack against the fake
// Bot Connector) on the file's test database, started before each test and stopped after it.
import { afterEach, beforeEach } from 'vitest';
import type { ServiceContext } from '../../src/services/context.js';
import { engineFor } from './dialog-driver.js';
import { startTeamsHarness, TENANT_ID, type TeamsHarness } from './fake-bot-connector.js';

/** Hands each test's harness to `started` (the file keeps it in its own `h`). */
export function useTeamsHarness(t: { ctx: ServiceContext }, started: (h: TeamsHarness) => void): void {
  let current: TeamsHarness | undefined;
  beforeEach(async () => {
    current = await startTeamsHarness({ engine: engineFor(t.ctx), ctx: t.ctx, tenantId: TENANT_ID });
    started(current);
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
}
