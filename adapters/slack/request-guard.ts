// In front of Bolt's receiver on POST /slack/events: reads the body up to a size limit (413), checks
// Slack's signature and that its timestamp is within 5 minutes of now either way (401; Bolt alone
// accepts any future timestamp), parses it (400) and checks its shape (400, payload-schemas.ts).
// Only then does Bolt see the request (the body is handed over already read). No request can crash
// the process: anything thrown here becomes a 500 with an incident id in the log.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../src/logger.js';
import { reportIncident } from './incident.js';
import { slackBodyProblem } from './payload-schemas.js';

/** Far above any real Slack request (a full modal's state), far below a memory problem. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
/** Slack's advice: refuse a request whose timestamp is more than 5 minutes from now. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

export interface RequestGuardOptions {
  signingSecret: string;
  /** Milliseconds since the epoch (passed in, so tests can move it). */
  now: () => number;
  maxBodyBytes?: number;
  logger: Logger;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

/** Signature, timestamp window, parse and shape of a fully read body (pure apart from the clock). */
export function checkSlackRequest(
  raw: Buffer,
  headers: IncomingMessage['headers'],
  options: Pick<RequestGuardOptions, 'signingSecret' | 'now'>,
): BodyVerdict {
  const contentType = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  const text = raw.toString('utf8');
  // Slack's SSL check is unsigned; Bolt answers it and strips anything else from the body.
  if (contentType === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1')
    return { ok: true };
  const signature = headers['x-slack-signature'];
  const stamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp))
    return { ok: false, status: 401, reason: 'missing or malformed signature headers' };
  if (Math.abs(Math.floor(options.now() / 1000) - Number(stamp)) > MAX_CLOCK_SKEW_SEC)
    return { ok: false, status: 401, reason: 'timestamp more than 5 minutes from now' };
  const expected = `v0=${createHmac('sha256', options.signingSecret).update(`v0:${stamp}:${text}`).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return { ok: false, status: 401, reason: 'bad signature' };
  let body: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const fields = parseQuery(text);
      body = typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
      if ('payload' in fields && typeof fields.payload !== 'string')
        return { ok: false, status: 400, reason: 'payload given twice' };
    } else if (contentType === 'application/json') {
      body = JSON.parse(text);
    } else {
      return { ok: false, status: 400, reason: 'unsupported content type' };
    }
  } catch {
    return { ok: false, status: 400, reason: 'the body is not valid JSON' };
  }
  const problem = slackBodyProblem(body);
  return problem ? { ok: false, status: 400, reason: problem } : { ok: true };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Reads the body (at most `limit` bytes); undefined if it was longer. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function refuse(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`${message}\n`);
}

/** Wraps Bolt's request listener: POSTs to `path` are checked first; everything else goes straight on. */
export function guardSlackRequests(listener: Listener, path: string, options: RequestGuardOptions): Listener {
  const limit = options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES;
  return (req, res) => {
    const url = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || url !== path) return listener(req, res);
    void (async () => {
      const raw = await readBody(req, limit);
      if (!raw) {
        options.logger.warn('slack: request body over the limit refused', { limit });
        return refuse(res, 413, `Request body over ${limit} bytes.`);
      }
      const verdict = checkSlackRequest(raw, req.headers, options);
      if (!verdict.ok) {
        options.logger.warn('slack: request refused', { status: verdict.status, reason: verdict.reason });
        return refuse(res, verdict.status, verdict.status === 401 ? 'Unauthorized.' : 'Bad request.');
      }
      // Bolt reads `rawBody` when it is already there (HTTPModuleFunctions.bufferIncomingMessage).
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      listener(req, res);
    })().catch((err: unknown) => {
      const ref = reportIncident(options.logger, err, { kind: 'http', path });
      refuse(res, 500, `Internal error (reference ${ref}).`);
    });
  };
}
