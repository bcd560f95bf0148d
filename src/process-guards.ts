// Last line of defence: a rejection nobody awaited or an exception thrown from a callback must not
// end a bot that is serving many users. Each is logged once with an incident id (no request data),
// and the process keeps serving. Installed by main.ts only (tests and the CLI keep Node's default).
import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.js';

/** `TAT-3F9A1C`: quoted by users to administrators, found in the log. */
export function newIncidentRef(): string {
  return `TAT-${randomBytes(3).toString('hex').toUpperCase()}`;
}

function describe(err: unknown): Record<string, unknown> {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown } | null;
  return {
    name: typeof e?.name === 'string' ? e.name : typeof err,
    message: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(err).slice(0, 300),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    stack: typeof e?.stack === 'string' ? e.stack.split('\n').slice(1, 6).join('\n') : undefined,
  };
}

export function installProcessGuards(logger: Logger): () => void {
  const onRejection = (reason: unknown) => {
    logger.error('unhandled rejection (kept serving)', { ref: newIncidentRef(), error: describe(reason) });
  };
  const onException = (err: unknown) => {
    logger.error('uncaught exception (kept serving)', { ref: newIncidentRef(), error: describe(err) });
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
