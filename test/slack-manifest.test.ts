// The Slack app manifest and docs/slack.md agree: every bot scope requested is explained, /ta and
// the request URLs point at the one endpoint the app serves, and the events the app handles are on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = readFileSync(new URL('../manifest/slack/manifest.yml', import.meta.url), 'utf8');
const docs = readFileSync(new URL('../docs/slack.md', import.meta.url), 'utf8');

/** The `- item` lines under `key:` (a YAML block list), without comments. */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = lines[start]!.search(/\S/);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith('#') || line.trim() === '') continue;
    if (line.search(/\S/) <= indent && !line.trim().startsWith('-')) break;
    const m = /^\s*-\s+([^#\s]+)/.exec(line);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

describe('Slack manifest', () => {
  const scopes = listUnder('bot');

  it('requests a small set of bot scopes, each explained in docs/slack.md', () => {
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(docs).toMatch(new RegExp(`\\| \`${scope.replace('.', '\\.')}\` \\|`));
    // Nothing broad: no admin, no writing to every channel, no reading files (only uploading the
    // bot's own exports and charts), no user tokens.
    expect(
      scopes.filter((s) =>
        /^(admin|chat:write\.(public|customize)|channels:manage|files:(?!write$))/.test(s),
      ),
    ).toEqual([]);
    expect(manifest).not.toMatch(/^\s+user:\s*$/m);
  });

  it('subscribes to the events the app handles', () => {
    expect(listUnder('bot_events').sort()).toEqual(['app_home_opened', 'message.im']);
    // No code reads channels: feedback requests are direct messages.
    expect(listUnder('bot')).not.toContain('channels:history');
    expect(docs).toMatch(/`metadata\.message:read`/);
  });

  it('points /ta, interactivity and events at /slack/events, with Socket Mode off', () => {
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url|message_menu_options_url):\s*(\S+)/gm)].map(
      (m) => m[1],
    );
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest).toMatch(/command: \/ta\n/);
    expect(manifest).toMatch(/usage_hint: ".*log.*"/);
    expect(manifest).toMatch(/socket_mode_enabled: false/);
  });
});
