// Writes the Teams app package to upload (dist/tat-bot-teams.zip, or the path given): manifest.json
// with the bot's Microsoft App ID filled in from TEAMS_APP_ID when it is set, and the two icons, at
// the zip's top level as Teams requires. Run: npm run teams:package [-- <out.zip>]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const dir = new URL('../manifest/teams/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
const appId = process.env.TEAMS_APP_ID?.trim();
if (appId) {
  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = appId;
} else {
  console.warn('TEAMS_APP_ID is not set: the package keeps the placeholder ids of manifest.json.');
}
const out = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/tat-bot-teams.zip', import.meta.url)));
mkdirSync(dirname(out), { recursive: true });
const zip = zipSync({
  'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  'color.png': readFileSync(new URL('color.png', dir)),
  'outline.png': readFileSync(new URL('outline.png', dir)),
});
writeFileSync(out, zip);
console.log(`wrote ${out} (${zip.length} bytes)`);
