// Signs requests the way Slack does (v0 HMAC-SHA256 over `v0:<timestamp>:<raw body>`) and posts them
// to a running Bolt app, so tests go through the real signature check, parser and routing.
import { createHmac } from 'node:crypto';

export interface SignedHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's request signature for `body` at `timestampSec` (seconds since the epoch). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSec = Math.floor(Date.now() / 1000),
): SignedHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${digest}` };
}

export interface PostOptions {
  /** Override the timestamp (seconds), e.g. to send a stale request. */
  timestampSec?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Sets x-slack-retry-num / x-slack-retry-reason, as Slack does on redelivery. */
  retryNum?: number;
  extraHeaders?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): unknown;
}

/** Posts signed requests to `<baseUrl>/slack/events` in the three shapes Slack uses. */
export class SlackRequester {
  constructor(
    readonly baseUrl: string,
    readonly signingSecret: string,
  ) {}

  async post(body: string, contentType: string, options: PostOptions = {}): Promise<SlackResponse> {
    const headers: Record<string, string> = {
      'content-type': contentType,
      ...signSlackRequest(options.secret ?? this.signingSecret, body, options.timestampSec),
      ...(options.retryNum !== undefined
        ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
      ...options.extraHeaders,
    };
    const res = await fetch(`${this.baseUrl}/slack/events`, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text, json: () => (text ? JSON.parse(text) : undefined) };
  }

  /** A slash command (form-encoded fields, as Slack sends them). */
  command(fields: Record<string, string>, options?: PostOptions): Promise<SlackResponse> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An interactivity payload (block_actions, view_submission, view_closed): `payload=<json>`. */
  interaction(payload: unknown, options?: PostOptions): Promise<SlackResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  /** An Events API callback (JSON). */
  event(envelope: unknown, options?: PostOptions): Promise<SlackResponse> {
    return this.post(JSON.stringify(envelope), 'application/json', options);
  }
}
