// The real Slack app (Bolt over HTTP on 127.0.0.1, ephemeral port) wired to the fake Slack Web API,
// plus builders for the payloads Slack sends: slash commands, block_actions, view submissions and
// Events API callbacks, all signed with the real scheme.

import type { ChannelHttpServer } from '../../adapters/http-server.js';
import { createSlackApp, type SlackApp } from '../../adapters/slack/create-slack-app.js';
import type { Engine } from '../../adapters/slack/deps.js';
import type { DbHandle } from '../../db/client.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { SlackRequester } from './slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface Harness {
  fake: FakeSlack;
  app: SlackApp;
  slack: SlackRequester;
  logs: string[];
  teamId: string;
  stop(): Promise<void>;
}

export async function startHarness(options: {
  engine: Engine;
  ctx: ServiceContext;
  dbHandle?: Pick<DbHandle, 'ping'>;
  teamId?: string;
  logger?: Logger;
  /** Serve Slack from this shared, already listening server instead of a port of its own. */
  server?: ChannelHttpServer;
}): Promise<Harness> {
  const fake = await startFakeSlack();
  const logs: string[] = [];
  const app = createSlackApp({
    config: {
      botToken: fake.botToken,
      signingSecret: SIGNING_SECRET,
      teamId: options.teamId,
      apiUrl: fake.apiUrl,
      ...(options.server ? {} : { port: 0, host: '127.0.0.1' }),
    },
    engine: options.engine,
    ctx: options.ctx,
    dbHandle: options.dbHandle ?? { ping: async () => true },
    logger: options.logger ?? createLogger('debug', (line) => logs.push(line)),
  });
  await app.start();
  if (options.server && app.requestListener) options.server.route('/slack/events', app.requestListener);
  const port = options.server ? options.server.listeningPort() : app.listeningPort();
  const slack = new SlackRequester(`http://127.0.0.1:${port}`, SIGNING_SECRET);
  return {
    fake,
    app,
    slack,
    logs,
    teamId: fake.teamId,
    async stop() {
      await app.stop();
      await fake.close();
    },
  };
}

let triggers = 0;
const trigger = () => `${++triggers}.${Date.now()}.trigger`;

/** The fields of a `/ta` slash command as Slack posts them. */
export function commandFields(
  h: Pick<Harness, 'teamId' | 'fake'>,
  user: string,
  text: string,
  channel = 'C0GENERAL',
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: h.teamId,
    team_domain: 'tat',
    channel_id: channel,
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/ta',
    text,
    api_app_id: 'A0TAT',
    is_enterprise_install: 'false',
    response_url: h.fake.responseUrl(),
    trigger_id: trigger(),
  };
}

/** The clicked element as Slack echoes it in `actions` (its fields plus block_id and the pick). */
export type ClickedElement = Record<string, unknown> & {
  action_id?: string;
  block_id?: string;
  type?: string;
  value?: string;
  selected_option?: { value: string };
  selected_options?: { value: string }[];
  selected_date?: string;
  selected_user?: string;
};

/** A block_actions payload for a click on a message the bot posted. */
export function messageAction(
  h: Harness,
  user: string,
  action: ClickedElement,
  options: { channel?: string; state?: Record<string, Record<string, unknown>>; ephemeral?: boolean } = {},
) {
  const channel = options.channel ?? 'C0GENERAL';
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: h.teamId },
    api_app_id: 'A0TAT',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1764000000.000100',
      channel_id: channel,
      is_ephemeral: options.ephemeral ?? true,
    },
    trigger_id: trigger(),
    team: { id: h.teamId, domain: 'tat' },
    channel: { id: channel, name: 'general' },
    response_url: h.fake.responseUrl(),
    state: { values: options.state ?? {} },
    actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A block_actions payload for a click inside a view (modal or App Home). */
export function viewAction(h: Harness, user: string, view: Record<string, unknown>, action: ClickedElement) {
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: h.teamId },
    api_app_id: 'A0TAT',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: view.id },
    trigger_id: trigger(),
    team: { id: h.teamId, domain: 'tat' },
    view: { ...view, team_id: h.teamId, state: { values: {} } },
    actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A view_submission of `view` (as last sent to views.open/update) with the given input state. */
export function viewSubmission(
  h: Harness,
  user: string,
  view: Record<string, unknown>,
  values: Record<string, Record<string, unknown>>,
) {
  return {
    type: 'view_submission',
    team: { id: h.teamId, domain: 'tat' },
    user: { id: user, username: user.toLowerCase(), team_id: h.teamId },
    api_app_id: 'A0TAT',
    token: 'deprecated-verification-token',
    trigger_id: trigger(),
    view: { ...view, team_id: h.teamId, state: { values } },
    response_urls: [],
  };
}

export function viewClosed(h: Harness, user: string, view: Record<string, unknown>) {
  return {
    type: 'view_closed',
    team: { id: h.teamId, domain: 'tat' },
    user: { id: user, team_id: h.teamId },
    api_app_id: 'A0TAT',
    view: { ...view, team_id: h.teamId },
    is_cleared: false,
  };
}

let events = 0;

/** An Events API envelope. */
export function eventEnvelope(
  h: Harness,
  event: Record<string, unknown>,
  eventId = `Ev${++events}${Date.now()}`,
) {
  return {
    token: 'deprecated-verification-token',
    team_id: h.teamId,
    api_app_id: 'A0TAT',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: h.teamId, user_id: h.fake.botUserId, is_bot: true, is_enterprise_install: false },
    ],
  };
}

/** The last view the app sent with views.open / views.update (the modal the user sees). */
export function lastModal(
  h: Harness,
): Record<string, unknown> & { id: string; blocks: Record<string, unknown>[] } {
  const call = [...h.fake.calls]
    .reverse()
    .find((c) => (c.method === 'views.open' || c.method === 'views.update') && !c.rateLimited);
  if (!call) throw new Error('no modal was opened');
  const served = call.response?.view as { id: string; hash: string } | undefined;
  if (!served) throw new Error(`the last ${call.method} failed: ${JSON.stringify(call.response)}`);
  return { ...(call.args.view as Record<string, unknown>), id: served.id, hash: served.hash } as never;
}

/** All block texts (sections, contexts, inputs' labels) of a message or view, joined for assertions. */
export function textOf(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

type ModalJson = Record<string, unknown>;
/** A modal view as the fake records it. */
export type ModalView = ModalJson & { id: string; blocks: ModalJson[] };

/** The tat|version|field|part input blocks of a view, by field (`field#text` for "or type it"). */
export function modalInputs(view: ModalView): Map<string, ModalJson> {
  const out = new Map<string, ModalJson>();
  for (const b of view.blocks) {
    const m = /^tat\|[^|]+\|([^|]+)\|(main|text)$/.exec(String(b.block_id ?? ''));
    if (m && b.type === 'input') out.set(`${m[1]}${m[2] === 'text' ? '#text' : ''}`, b);
  }
  return out;
}

/** The state Slack would send for a view: given fields filled in, every other input empty. */
export function fillModal(
  view: ModalView,
  values: Record<string, string | string[]>,
): Record<string, Record<string, ModalJson>> {
  const state: Record<string, Record<string, ModalJson>> = {};
  for (const [key, block] of modalInputs(view)) {
    const el = block.element as ModalJson;
    const v = values[key];
    let value: ModalJson;
    switch (el.type) {
      case 'radio_buttons':
      case 'static_select':
        value = { selected_option: v === undefined ? null : { value: v } };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        value = { selected_options: ((v as string[] | undefined) ?? []).map((x) => ({ value: x })) };
        break;
      case 'datepicker':
        value = { selected_date: v ?? null };
        break;
      case 'users_select':
        value = { selected_user: v ?? null };
        break;
      default:
        value = { value: v ?? null };
    }
    state[String(block.block_id)] = { [String(el.action_id)]: { type: el.type, ...value } };
  }
  return state;
}

/** The field a modal page asks (from its private_metadata). */
export const modalField = (view: ModalView) =>
  JSON.parse(String(view.private_metadata)).f as string | undefined;
