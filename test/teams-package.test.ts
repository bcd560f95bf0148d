// The Teams app package: `npm run teams:package` writes a zip with manifest.json (the App ID filled
// in from TEAMS_APP_ID) and the two icons the manifest names, at the sizes Teams requires.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
/** Width and height from a PNG's IHDR. */
const pngSize = (png: Uint8Array) => {
  const b = Buffer.from(png);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

describe('Teams app package', () => {
  it('npm run teams:package writes manifest.json and the color and outline icons', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tat-teams-')), 'app.zip');
    const appId = '12345678-1234-4234-8234-123456789abc';
    const child = spawn('npm', ['run', '--silent', 'teams:package', '--', out], {
      cwd: root,
      env: { ...process.env, TEAMS_APP_ID: appId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
    expect(manifest.id).toBe(appId);
    expect(manifest.bots[0].botId).toBe(appId);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(pngSize(files['color.png']!)).toEqual([192, 192]);
    expect(pngSize(files['outline.png']!)).toEqual([32, 32]);
  }, 60_000);
});
