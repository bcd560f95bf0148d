// The Slack Web API as TAT Bot uses it. Bolt's WebClient pauses its whole request queue on a 429,
// so one user's rate limit would stall everyone; here the client rejects rate-limited calls at once
// and only the call that was limited waits `retry-after` and tries again.
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

type WebClient = InstanceType<typeof webApi.WebClient>;
export type WebClientOptions = ConstructorParameters<typeof webApi.WebClient>[1];

/** Client options for every WebClient the app creates (Bolt copies them into its per-team pool). */
export function webClientOptions(apiUrl: string | undefined, logger: unknown): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    rejectRateLimitedCalls: true,
    // Network errors and 5xx: a few quick retries, not the default half hour.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    timeout: 10_000,
    logger: logger as never,
  };
}

export interface RateLimitPolicy {
  /** Retries after a 429 before giving up. */
  attempts: number;
  /** A retry-after longer than this is not waited for: the caller gets a RateLimited error. */
  maxWaitMs: number;
}

/** A 429 that was not retried here (too long a wait, or attempts used up). */
export class RateLimited extends Error {
  constructor(
    readonly method: string,
    readonly retryAfterMs: number,
  ) {
    super(`Slack rate-limited ${method}; retry after ${retryAfterMs} ms`);
    this.name = 'RateLimited';
  }
}

export interface SlackApi {
  client: WebClient;
  /** Calls a Web API method; a 429 delays only this call. */
  call<T = Record<string, unknown>>(method: string, args: Record<string, unknown>): Promise<T>;
  /** Posts to a response_url (ephemeral replies, in-place updates of the message clicked). */
  respond(responseUrl: string, payload: Record<string, unknown>): Promise<void>;
}

/** Waits `ms`, or rejects as soon as `signal` aborts (the app is stopping). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('Slack channel stopped'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('Slack channel stopped'));
    });
  });
}

function retryAfterOf(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: number };
  return e?.code === webApi.ErrorCode.RateLimitedError ? (e.retryAfter ?? 1) * 1000 : undefined;
}

export function createSlackApi(
  client: WebClient,
  logger: Logger,
  policy: RateLimitPolicy = { attempts: 3, maxWaitMs: 30_000 },
  /** Aborted when the app stops: pending waits end at once. */
  signal?: AbortSignal,
): SlackApi {
  async function withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const waitMs = retryAfterOf(err);
        if (waitMs === undefined) throw err;
        if (attempt >= policy.attempts || waitMs > policy.maxWaitMs) throw new RateLimited(what, waitMs);
        logger.info('slack rate limit: waiting before retry', { method: what, waitMs, attempt: attempt + 1 });
        await sleep(waitMs, signal);
      }
    }
  }

  return {
    client,
    call: <T>(method: string, args: Record<string, unknown>) =>
      withRetry(method, () => client.apiCall(method, args) as Promise<T>),
    respond: (responseUrl, payload) =>
      withRetry('response_url', async () => {
        const res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status === 429) {
          const seconds = Number.parseInt(res.headers.get('retry-after') ?? '1', 10);
          throw Object.assign(new Error('response_url rate limited'), {
            code: webApi.ErrorCode.RateLimitedError,
            retryAfter: Number.isNaN(seconds) ? 1 : seconds,
          });
        }
        if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
        await res.arrayBuffer();
      }),
  };
}
