// A fake Bot Framework on 127.0.0.1 for the Teams channel tests. It plays both sides of the real
// protocol: (1) the channel's identity provider — an OpenID configuration and JWKS with a local RSA
// key, so the bot validates real signed JWTs offline; (2) the Bot Connector REST API the bot calls
// back — POST /v3/conversations/:id/activities[/:replyTo] (recorded, answered with an id), GET
// /v3/conversations/:id/members/:userId (for the e-mail lookup; in a team's roster by Teams id, Entra
// id or UPN, 404 when not a member) and POST /v3/conversations (a 1:1 chat created). Outbound calls
// carry the token of `fakeCredentialsFactory`, and the fake refuses any other. (3) A OneDrive-like
// upload URL for the file-consent flow: PUT /upload/:name stores the bytes (Teams hands such a URL in
// a fileConsent invoke).
import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { ChannelHttpServer } from '../../adapters/http-server.js';
import { createTeamsApp, type TeamsApp } from '../../adapters/teams/create-teams-app.js';
import type { Engine } from '../../adapters/teams/on-message.js';
import type { DbHandle } from '../../db/client.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';

export const OUTBOUND_TOKEN = 'fake-outbound-token';
const ISSUER = 'https://api.botframework.com';

export interface RecordedActivity {
  conversationId: string;
  replyToId?: string;
  /** Set when the bot updated one of its messages in place (PUT) instead of posting a new one. */
  updatedId?: string;
  activity: {
    type?: string;
    text?: string;
    attachments?: { contentType: string; content: Record<string, unknown> }[];
    [key: string]: unknown;
  };
}

export interface UploadedToDrive {
  name: string;
  body: Buffer;
  contentRange?: string;
}

export interface Member {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface FakeBotConnector {
  /** The serviceUrl to put on inbound activities (ends with '/'). */
  serviceUrl: string;
  openIdMetadataUrl: string;
  sent: RecordedActivity[];
  /** Members the roster lookup answers for, by Teams user id (29:…), in a conversation without a roster. */
  members: Map<string, Member>;
  /** Team rosters by team id: a lookup there finds a member by Teams id, Entra id or UPN, else 404. */
  teamRosters: Map<string, Member[]>;
  memberLookups: number;
  /** Files PUT to an upload URL (file consent). */
  uploads: UploadedToDrive[];
  /** A pre-authorized upload URL for a file name, as Teams puts in uploadInfo.uploadUrl. */
  uploadUrl(name: string): string;
  /** Member lookups as asked: the conversation (team) and the user id (a UPN for requesters). */
  memberLookupsAsked: { conversationId: string; userId: string }[];
  /** Conversations the bot created (POST /v3/conversations), with the parameters it sent. */
  created: { id: string; parameters: Record<string, unknown> }[];
  /** Authorization headers of outbound calls that were refused. */
  refused: string[];
  /** A Bot Framework channel token for `appId` (sign with another key to test refusal). */
  token(appId: string, options?: { serviceUrl?: string; key?: KeyObject; issuer?: string }): string;
  /** Makes the next `times` POSTs of an activity fail with this status (e.g. 429). */
  failNextSend(status: number, retryAfterSeconds?: number, times?: number): void;
  /** POSTs of activities refused by failNextSend. */
  failedSends: number;
  close(): Promise<void>;
}

/** Outbound credentials that send OUTBOUND_TOKEN instead of asking Azure AD (MSAL needs the network). */
export class FakeCredentialsFactory extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials(): ReturnType<
    ConfigurationServiceClientCredentialFactory['createCredentials']
  > {
    return {
      async signRequest(webResource) {
        webResource.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return webResource;
      },
    };
  }
}

export function fakeCredentialsFactory(appId: string, appPassword: string): FakeCredentialsFactory {
  return new FakeCredentialsFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppType: 'MultiTenant',
  });
}

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid,
    kty: 'RSA',
    use: 'sig',
    // The key is endorsed for Web Chat too, as for a bot registered on both: the app itself must refuse it.
    endorsements: ['msteams', 'webchat'],
  };
  const sent: RecordedActivity[] = [];
  const members = new Map<string, Member>();
  const teamRosters = new Map<string, Member[]>();
  const memberLookupsAsked: FakeBotConnector['memberLookupsAsked'] = [];
  const created: FakeBotConnector['created'] = [];
  const refused: string[] = [];
  const uploads: UploadedToDrive[] = [];
  let failNext: { status: number; retryAfter?: number; times: number } | undefined;
  let counter = 0;
  let base = '';
  const fake = { memberLookups: 0, failedSends: 0 } as FakeBotConnector;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => json(res, 500, { error: err.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/openid') return json(res, 200, { issuer: ISSUER, jwks_uri: `${base}keys` });
    if (url.pathname === '/keys') return json(res, 200, { keys: [jwk] });
    if (parts[0] === 'upload' && parts[1] && req.method === 'PUT') {
      const range = req.headers['content-range'];
      uploads.push({ name: parts[1], body: await readBytes(req), ...(range ? { contentRange: range } : {}) });
      return json(res, 201, { id: `drive-${uploads.length}`, name: parts[1] });
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return json(res, 404, { error: 'not found' });
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${OUTBOUND_TOKEN}`) {
      refused.push(auth);
      return json(res, 401, { error: { code: 'Unauthorized', message: 'bad token' } });
    }
    if (req.method === 'POST' && parts.length === 2) return createConversation(req, res);
    const conversationId = parts[2]!;
    if (req.method === 'GET' && parts[3] === 'members' && parts[4]) {
      fake.memberLookups++;
      memberLookupsAsked.push({ conversationId, userId: parts[4] });
      const roster = teamRosters.get(conversationId);
      const wanted = parts[4].toLowerCase();
      const member = roster
        ? roster.find((m) =>
            [m.id, m.aadObjectId, m.userPrincipalName].some((k) => k?.toLowerCase() === wanted),
          )
        : members.get(parts[4]);
      return member ? json(res, 200, member) : json(res, 404, { error: { code: 'MemberNotFound' } });
    }
    if (req.method === 'POST' && parts[3] === 'activities') {
      const activity = JSON.parse(await readBody(req)) as RecordedActivity['activity'];
      if (failNext) {
        const f = failNext;
        if (--f.times <= 0) failNext = undefined;
        fake.failedSends++;
        if (f.retryAfter !== undefined) res.setHeader('retry-after', String(f.retryAfter));
        return json(res, f.status, { error: { code: 'Throttled', message: 'slow down' } });
      }
      sent.push({ conversationId, ...(parts[4] ? { replyToId: parts[4] } : {}), activity });
      return json(res, 200, { id: `bot-${++counter}` });
    }
    if (req.method === 'PUT' && parts[3] === 'activities' && parts[4]) {
      const activity = JSON.parse(await readBody(req)) as RecordedActivity['activity'];
      sent.push({ conversationId, updatedId: parts[4], activity });
      return json(res, 200, { id: parts[4] });
    }
    return json(res, 404, { error: 'not found' });
  }

  /** As the Bot Connector: a 1:1 needs the bot, exactly one member and the tenant. */
  async function createConversation(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parameters = JSON.parse(await readBody(req)) as Record<string, unknown> & {
      bot?: { id?: string };
      members?: { id?: string }[];
      tenantId?: string;
      channelData?: { tenant?: { id?: string } };
    };
    const tenant = parameters.tenantId ?? parameters.channelData?.tenant?.id;
    if (!parameters.bot?.id || parameters.members?.length !== 1 || !parameters.members[0]?.id || !tenant)
      return json(res, 400, { error: { code: 'BadArgument', message: 'bot, one member and tenant needed' } });
    const id = `a:created-${created.length + 1}`;
    created.push({ id, parameters });
    return json(res, 201, { id });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return Object.assign(fake, {
    serviceUrl: base,
    openIdMetadataUrl: `${base}openid`,
    sent,
    members,
    teamRosters,
    memberLookupsAsked,
    created,
    refused,
    uploads,
    uploadUrl: (name: string) => `${base}upload/${encodeURIComponent(name)}`,
    token(appId: string, options: { serviceUrl?: string; key?: KeyObject; issuer?: string } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(
        { alg: 'RS256', typ: 'JWT', kid },
        {
          iss: options.issuer ?? ISSUER,
          aud: appId,
          serviceurl: options.serviceUrl ?? base,
          nbf: now - 60,
          iat: now - 60,
          exp: now + 3600,
        },
        options.key ?? privateKey,
      );
    },
    failNextSend(status: number, retryAfterSeconds?: number, times = 1) {
      failNext = {
        status,
        times,
        ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function signJwt(header: object, payload: object, key: KeyObject): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// ---------- the real Teams app wired to the fake, and builders for the activities Teams posts ----------

export const APP_ID = '00000000-0000-4000-8000-00000000b07a';
export const TENANT_ID = '11111111-1111-4111-8111-111111111111';

export interface TeamsUser {
  /** AAD object id. */
  aad: string;
  name?: string;
}

export interface TeamsHarness {
  fake: FakeBotConnector;
  app: TeamsApp;
  logs: string[];
  /** POSTs an activity to /api/messages with a valid channel token (unless `authorization` is given). */
  post(activity: Record<string, unknown>, authorization?: string): Promise<Response>;
  /** A personal-chat message activity from `user`. */
  activity(user: TeamsUser, fields: Record<string, unknown>): Record<string, unknown>;
  /** Sends `text` (or a card submit's `value`) and returns what the bot posted back for it. */
  say(
    user: TeamsUser,
    fields: { text?: string; value?: Record<string, unknown> },
  ): Promise<RecordedActivity[]>;
  stop(): Promise<void>;
}

export async function startTeamsHarness(options: {
  engine: Engine;
  ctx: ServiceContext;
  tenantId?: string;
  dbHandle?: Pick<DbHandle, 'ping'>;
  /** Serve Teams from this shared, already listening server instead of a port of its own. */
  server?: ChannelHttpServer;
}): Promise<TeamsHarness> {
  const fake = await startFakeBotConnector();
  const logs: string[] = [];
  const app = createTeamsApp({
    config: {
      appId: APP_ID,
      appPassword: 'test-password',
      tenantId: options.tenantId,
      ...(options.server ? {} : { port: 0, host: '127.0.0.1' }),
    },
    engine: options.engine,
    ctx: options.ctx,
    dbHandle: options.dbHandle ?? { ping: async () => true },
    logger: createLogger('debug', (line) => logs.push(line)),
    botFramework: {
      endpoints: { openIdMetadataUrl: fake.openIdMetadataUrl },
      credentialsFactory: fakeCredentialsFactory(APP_ID, 'test-password'),
    },
  });
  await app.start();
  options.server?.route('/api/messages', app.requestListener);
  const port = options.server ? options.server.listeningPort() : app.listeningPort();
  const url = `http://127.0.0.1:${port}/api/messages`;
  const post = (activity: Record<string, unknown>, authorization?: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: authorization ?? `Bearer ${fake.token(APP_ID)}`,
      },
      body: JSON.stringify(activity),
    });
  const activity = (user: TeamsUser, fields: Record<string, unknown>) => ({
    type: 'message',
    id: `1:${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user.aad}`, aadObjectId: user.aad, name: user.name ?? 'Someone' },
    recipient: { id: `28:${APP_ID}`, name: 'TAT Bot' },
    conversation: { id: `a:personal-${user.aad}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    ...fields,
  });
  return {
    fake,
    app,
    logs,
    post,
    activity,
    async say(user, fields) {
      const before = fake.sent.length;
      const res = await post(activity(user, fields));
      if (res.status !== 200)
        throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
      return fake.sent.slice(before);
    },
    async stop() {
      await app.stop();
      await fake.close();
    },
  };
}
