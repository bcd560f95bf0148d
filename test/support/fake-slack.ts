// A fake Slack Web API on 127.0.0.1 (node:http). It records every call, answers with payloads shaped
// like Slack's (ok, ids, ts, view hashes), checks the limits of Block Kit that Slack enforces, accepts
// posts to response_url, and can be told to answer a method with 429 + retry-after once.
// `apps.connections.open` (Socket Mode) takes the app-level token and answers `socketModeUrl`.
// File uploads (files.uploadV2): files.getUploadURLExternal answers an upload URL on this server, the
// bytes POSTed there are kept, and files.completeUploadExternal shares them in a channel (`files`).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried (checked, never printed). */
  token?: string;
  /** Set when the fake answered 429 instead of serving the call. */
  rateLimited?: boolean;
  /** What the fake answered. */
  response?: Record<string, unknown>;
}

export interface FakeSlackUser {
  id: string;
  email?: string;
  name?: string;
  teamId?: string;
  isBot?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
}

/** A file shared through files.uploadV2: its bytes as POSTed to the upload URL (multipart body). */
export interface UploadedFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  channel?: string;
  /** The raw body of the upload POST (the file's bytes inside a multipart form). */
  body: Buffer;
  completed: boolean;
}

export interface FakeSlack {
  /** Base URL of the server, e.g. http://127.0.0.1:4567 */
  url: string;
  /** What to pass as the Web API base URL (ends with `/api/`). */
  apiUrl: string;
  botToken: string;
  /** The app-level token (xapp-…) that `apps.connections.open` accepts. */
  appToken: string;
  botUserId: string;
  teamId: string;
  calls: FakeSlackCall[];
  /** Bodies posted to response URLs, in order. */
  responses: { id: string; body: Record<string, unknown> }[];
  messages: StoredMessage[];
  /** Files uploaded with files.uploadV2, completed or not. */
  files: UploadedFile[];
  /** A fresh response_url served by the fake. */
  responseUrl(): string;
  addUser(user: FakeSlackUser): void;
  /** The next call to `method` answers 429 with `retry-after: retryAfterSec`. */
  rateLimitOnce(method: string, retryAfterSec?: number): void;
  /** The next call to `method` answers { ok: false, error }. */
  failOnce(method: string, error: string): void;
  /** Served calls of one method (429 answers excluded). */
  callsOf(method: string): FakeSlackCall[];
  /** Waits until `predicate` holds over the recorded calls/responses (polls; bounded). */
  waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs?: number): Promise<T>;
  /** Resolves once `count` response_url posts have arrived (no polling: for load benchmarks). */
  whenResponses(count: number): Promise<void>;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['view', 'blocks', 'attachments', 'metadata', 'files']);

export async function startFakeSlack(
  options: { botToken?: string; teamId?: string; socketModeUrl?: string } = {},
): Promise<FakeSlack> {
  const botToken = options.botToken ?? `xoxb-fake-${randomBytes(6).toString('hex')}`;
  const appToken = `xapp-fake-${randomBytes(6).toString('hex')}`;
  const teamId = options.teamId ?? 'T0TAT';
  const botUserId = 'U0BOT';
  const users = new Map<string, FakeSlackUser>();
  const rateLimits = new Map<string, number>();
  const failures = new Map<string, string>();
  const calls: FakeSlackCall[] = [];
  const responses: FakeSlack['responses'] = [];
  const responseWaiters = new Set<{ count: number; resolve: () => void }>();
  const messages: StoredMessage[] = [];
  const files: UploadedFile[] = [];
  const views = new Map<string, Record<string, unknown>>();
  let seq = 0;
  let tsSeq = 0;
  const nextTs = () => `${1_764_000_000 + ++tsSeq}.${String(tsSeq).padStart(6, '0')}`;
  let baseUrl = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err.message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith('/upload/')) {
      const file = files.find((f) => f.id === path.slice('/upload/'.length));
      if (!file) return send(res, 404, { ok: false, error: 'unknown_upload' });
      file.body = bytes;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${bytes.length}`);
      return;
    }
    if (path.startsWith('/response/')) {
      responses.push({ id: path.slice('/response/'.length), body: JSON.parse(raw || '{}') });
      for (const waiter of [...responseWaiters]) {
        if (responses.length >= waiter.count) {
          responseWaiters.delete(waiter);
          waiter.resolve();
        }
      }
      return send(res, 200, { ok: true });
    }
    if (!path.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    const call: FakeSlackCall = { method, args, ...(token ? { token } : {}) };
    const limited = rateLimits.get(method);
    if (limited !== undefined) {
      rateLimits.delete(method);
      calls.push({ ...call, rateLimited: true });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    calls.push(call);
    const failure = failures.get(method);
    if (failure) failures.delete(method);
    const problem = checkBlockKit(method, args);
    // Like Slack: apps.connections.open wants the app-level token, every other method the bot token.
    const expected = method === 'apps.connections.open' ? appToken : botToken;
    call.response =
      token !== expected
        ? { ok: false, error: 'invalid_auth' }
        : failure
          ? { ok: false, error: failure }
          : problem
            ? { ok: false, error: 'invalid_arguments', detail: problem }
            : answer(method, args);
    send(res, 200, call.response);
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open':
        return options.socketModeUrl
          ? { ok: true, url: options.socketModeUrl }
          : { ok: false, error: 'socket_mode_not_configured_in_fake' };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://tat.slack.com/',
          team: 'TAT',
          user: 'tatbot',
          team_id: teamId,
          user_id: botUserId,
          bot_id: 'B0BOT',
        };
      case 'users.info': {
        const user = users.get(String(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: slackUser(user) };
      }
      case 'users.lookupByEmail': {
        const email = String(args.email).toLowerCase();
        const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
        return user ? { ok: true, user: slackUser(user) } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: dmOf(String(args.users)) } };
      case 'views.open':
      case 'views.push': {
        const id = `V${String(++seq).padStart(8, '0')}`;
        const view = { ...(args.view as object), id, hash: `h${++seq}`, team_id: teamId };
        views.set(id, view);
        return { ok: true, view };
      }
      case 'views.update': {
        const id = String(args.view_id);
        const old = views.get(id);
        if (!old) return { ok: false, error: 'not_found' };
        if (args.hash && args.hash !== old.hash) return { ok: false, error: 'hash_conflict' };
        const view = { ...(args.view as object), id, hash: `h${++seq}`, team_id: teamId };
        views.set(id, view);
        return { ok: true, view };
      }
      case 'views.publish':
        return { ok: true, view: { ...(args.view as object), id: `VH${++seq}`, hash: `h${++seq}` } };
      case 'chat.postMessage': {
        // Posting to a user id posts in the bot's DM with them (same id as conversations.open).
        const channel = dmOf(String(args.channel));
        const message: StoredMessage = { channel, ts: nextTs(), ...pickMessage(args) };
        messages.push(message);
        return {
          ok: true,
          channel,
          ts: message.ts,
          message: { ...message, type: 'message', user: botUserId },
        };
      }
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++seq).padStart(8, '0')}`;
        files.push({
          id,
          filename: String(args.filename),
          length: Number(args.length),
          body: Buffer.alloc(0),
          completed: false,
        });
        return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (args.files ?? []) as { id: string; title?: string }[];
        const done = [];
        for (const item of list) {
          const file = files.find((f) => f.id === item.id);
          if (!file || file.body.length === 0) return { ok: false, error: 'file_not_found' };
          file.completed = true;
          if (item.title) file.title = item.title;
          if (args.channel_id) file.channel = String(args.channel_id);
          done.push({ id: file.id, title: file.title ?? file.filename, name: file.filename });
        }
        return { ok: true, files: done };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update': {
        const stored = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!stored) return { ok: false, error: 'message_not_found' };
        Object.assign(stored, pickMessage(args));
        return { ok: true, channel: stored.channel, ts: stored.ts, text: stored.text };
      }
      case 'conversations.history':
        // Without ts/latest: the channel's recent messages, newest first (metadata on request).
        return args.ts === undefined && args.latest === undefined ? recentOf(args) : oneByTs(args);
      case 'conversations.replies':
        return oneByTs(args);
      default:
        return { ok: true };
    }
  }

  function oneByTs(args: Record<string, unknown>): Record<string, unknown> {
    const ts = String(args.ts ?? args.latest ?? '');
    const found = messages.filter((m) => m.channel === args.channel && m.ts === ts);
    return {
      ok: true,
      messages: found.map((m) => ({ type: 'message', user: botUserId, bot_id: 'B0BOT', ...m })),
      has_more: false,
    };
  }

  function recentOf(args: Record<string, unknown>): Record<string, unknown> {
    const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const recent = messages
      .filter((m) => m.channel === args.channel)
      .reverse()
      .slice(0, Number(args.limit ?? 100))
      .map(({ metadata, ...m }) => ({
        type: 'message',
        user: botUserId,
        bot_id: 'B0BOT',
        ...m,
        ...(withMeta && metadata ? { metadata } : {}),
      }));
    return { ok: true, messages: recent, has_more: false };
  }

  function slackUser(u: FakeSlackUser) {
    return {
      id: u.id,
      team_id: u.teamId ?? teamId,
      name: u.name ?? u.id.toLowerCase(),
      real_name: u.name ?? u.id,
      is_bot: u.isBot ?? false,
      deleted: false,
      tz: 'America/New_York',
      profile: {
        real_name: u.name ?? u.id,
        display_name: u.name ?? u.id,
        ...(u.email ? { email: u.email } : {}),
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken,
    appToken,
    botUserId,
    teamId,
    calls,
    responses,
    messages,
    files,
    responseUrl: () => `${baseUrl}/response/${++seq}`,
    addUser: (user) => users.set(user.id, user),
    rateLimitOnce: (method, retryAfterSec = 1) => rateLimits.set(method, retryAfterSec),
    failOnce: (method, error) => failures.set(method, error),
    callsOf: (method) => calls.filter((c) => c.method === method && !c.rateLimited),
    whenResponses: (count) =>
      responses.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => responseWaiters.add({ count, resolve })),
    async waitFor(probe, what, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The DM channel id the fake gives the bot's conversation with a user (U0PAT → D0PAT). */
export const dmOf = (channelOrUser: string) =>
  /^[UW]/.test(channelOrUser) ? `D${channelOrUser.slice(1)}` : channelOrUser;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API takes form fields whose structured values are JSON strings, or a JSON body. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}

function pickMessage(args: Record<string, unknown>): Partial<StoredMessage> {
  const out: Partial<StoredMessage> = {};
  if (typeof args.text === 'string') out.text = args.text;
  if (Array.isArray(args.blocks)) out.blocks = args.blocks;
  if (args.metadata) out.metadata = args.metadata as StoredMessage['metadata'];
  if (typeof args.thread_ts === 'string') out.thread_ts = args.thread_ts;
  return out;
}

// ---- the Block Kit limits Slack enforces, so rendering bugs fail here as they would in Slack ----

type Json = Record<string, unknown>;

function checkBlockKit(method: string, args: Json): string | undefined {
  if (method.startsWith('views.')) {
    const view = args.view as Json | undefined;
    if (!view) return 'view is required';
    if (method !== 'views.publish' && !args.trigger_id && !args.view_id && method !== 'views.update')
      return 'trigger_id is required';
    return checkView(view);
  }
  if (method === 'chat.postMessage' || method === 'chat.update' || method === 'chat.postEphemeral') {
    if (!args.channel) return 'channel is required';
    if (!args.text && !args.blocks) return 'text or blocks is required';
    if (args.blocks) return checkBlocks(args.blocks as Json[], 50);
  }
  return undefined;
}

export function checkView(view: Json): string | undefined {
  if (view.type !== 'modal' && view.type !== 'home') return `unknown view type ${String(view.type)}`;
  if (view.type === 'modal') {
    const title = (view.title as Json | undefined)?.text;
    if (typeof title !== 'string' || title.length === 0 || title.length > 24) return 'modal title 1-24 chars';
    for (const key of ['submit', 'close'] as const) {
      const t = (view[key] as Json | undefined)?.text;
      if (t !== undefined && (typeof t !== 'string' || t.length > 24)) return `${key} text ≤ 24 chars`;
    }
    const hasInput = (view.blocks as Json[]).some((b) => b.type === 'input');
    if (hasInput && !view.submit) return 'a modal with inputs needs submit';
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
    return 'private_metadata ≤ 3000 chars';
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) return 'callback_id ≤ 255';
  return checkBlocks(view.blocks as Json[], 100);
}

export function checkBlocks(blocks: Json[], max: number): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > max) return `at most ${max} blocks`;
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  for (const block of blocks) {
    const id = block.block_id as string | undefined;
    if (id !== undefined) {
      if (id.length > 255) return 'block_id ≤ 255';
      if (blockIds.has(id)) return `duplicate block_id ${id}`;
      blockIds.add(id);
    }
    const text = block.text as Json | undefined;
    if (text && String(text.text ?? '').length > 3000) return 'section text ≤ 3000 chars';
    if (block.type === 'section' && !text && !block.fields) return 'section needs text or fields';
    if (block.type === 'input') {
      const label = (block.label as Json | undefined)?.text;
      if (typeof label !== 'string' || label.length === 0 || label.length > 2000) return 'input label 1-2000';
      if (!block.element) return 'input needs an element';
    }
    const elements: Json[] = [];
    if (block.element) elements.push(block.element as Json);
    if (block.accessory) elements.push(block.accessory as Json);
    if (block.type === 'actions') {
      const list = block.elements as Json[];
      if (!Array.isArray(list) || list.length === 0 || list.length > 25) return 'actions needs 1-25 elements';
      elements.push(...list);
    }
    if (block.type === 'context') {
      const list = block.elements as Json[];
      if (!Array.isArray(list) || list.length === 0 || list.length > 10) return 'context needs 1-10 elements';
    }
    for (const el of elements) {
      const problem = checkElement(el);
      if (problem) return problem;
      const actionId = el.action_id as string | undefined;
      if (actionId !== undefined) {
        if (actionIds.has(`${id}/${actionId}`)) return `duplicate action_id ${actionId}`;
        actionIds.add(`${id}/${actionId}`);
      }
    }
  }
  return undefined;
}

function checkElement(el: Json): string | undefined {
  const actionId = el.action_id as string | undefined;
  if (actionId !== undefined && actionId.length > 255) return 'action_id ≤ 255';
  if (el.type === 'button') {
    const t = String((el.text as Json | undefined)?.text ?? '');
    if (t.length === 0 || t.length > 75) return `button text 1-75 chars: ${t}`;
    if (typeof el.value === 'string' && el.value.length > 2000) return 'button value ≤ 2000';
  }
  const options = (el.options as Json[] | undefined) ?? [];
  if (el.options !== undefined && (options.length === 0 || options.length > 100)) return 'options 1-100';
  if (el.type === 'radio_buttons' && options.length > 10) return 'radio_buttons ≤ 10 options';
  if (el.type === 'checkboxes' && options.length > 10) return 'checkboxes ≤ 10 options';
  for (const o of options) {
    const t = String((o.text as Json | undefined)?.text ?? '');
    if (t.length === 0 || t.length > 75) return `option text 1-75 chars: ${t}`;
    if (String(o.value ?? '').length > 150) return 'option value ≤ 150 chars';
  }
  if (el.type?.toString().includes('select') || el.type === 'datepicker' || el.type === 'users_select') {
    const p = (el.placeholder as Json | undefined)?.text;
    if (p !== undefined && String(p).length > 150) return 'placeholder ≤ 150 chars';
  }
  return undefined;
}
