// `/ta export` and `/ta report` in Slack, through the real Bolt stack and the fake Web API: the CSV
// and the chart are uploaded with files.uploadV2 (getUploadURLExternal → upload → completeUpload)
// to the person's DM, the temporary files are removed, and the ephemeral reply says where they went.
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../dialogs/engine.js';
import { OUTGOING_DIR } from '../dialogs/outgoing-files.js';
import { DEMO, seedDemo } from '../src/seed/demo.js';
import { commandFields, type Harness, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const exportsOnDisk = () =>
  existsSync(OUTGOING_DIR)
    ? readdirSync(OUTGOING_DIR).filter((n) => n.endsWith('-tat-export-2026-11-23.csv'))
    : [];
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  await seedDemo(t.ctx.db, { now: t.clock.now, calendar: t.calendar });
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  h.fake.addUser({ id: 'U0SAM', email: DEMO.specialist });
  return h;
}

describe('Slack data out', () => {
  it('R24 /ta export uploads the CSV to the DM with files.uploadV2 and removes the temporary file', async () => {
    const { fake, slack } = await start();
    const before = exportsOnDisk();
    const fields = commandFields(h!, 'U0SAM', 'export state:MD', 'C0GENERAL');
    await slack.command(fields);
    const reply = await fake.waitFor(() => fake.responses[0], 'the ephemeral reply');
    expect(textOf(reply.body.blocks)).toMatch(/Exported 3 TA activities \(state:MD\)/);
    expect(textOf(reply.body.blocks)).toMatch(/sending tat-export-2026-11-23\.csv to our direct messages/);
    const file = await fake.waitFor(() => fake.files.find((f) => f.completed), 'a completed upload');
    expect(file).toMatchObject({ filename: 'tat-export-2026-11-23.csv', channel: 'D0SAM' });
    expect(file.length).toBeGreaterThan(500);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(file.body.includes(Buffer.concat([bom, Buffer.from('TA request #,State/Territory,Region')]))).toBe(
      true,
    );
    expect(file.body.includes(Buffer.from('Maryland (MD)'))).toBe(true);
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.callsOf('files.completeUploadExternal')[0]!.args.channel_id).toBe('D0SAM');
    // The temporary file goes once delivered (the console's are kept: their path is the answer).
    await fake.waitFor(() => exportsOnDisk().every((n) => before.includes(n)), 'the temporary CSV removed');
  });

  it('R3 /ta report answers with the short text and uploads the chart PNG to the DM', async () => {
    const { fake, slack } = await start();
    await slack.command(commandFields(h!, 'U0SAM', 'report 2026-11'));
    const reply = await fake.waitFor(() => fake.responses[0], 'the ephemeral reply');
    expect(textOf(reply.body.blocks)).toMatch(/Monthly review, November 2026: MD, VT/);
    expect(textOf(reply.body.blocks)).toMatch(/1 missing, 1 not yet due/);
    const file = await fake.waitFor(() => fake.files.find((f) => f.completed), 'the chart upload');
    expect(file).toMatchObject({
      filename: 'tat-report-2026-11.png',
      channel: 'D0SAM',
      title: 'Monthly review November 2026',
    });
    expect(file.body.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  });

  it('R24 a bad criterion uploads nothing', async () => {
    const { fake, slack } = await start();
    await slack.command(commandFields(h!, 'U0SAM', 'export type:bogus'));
    const reply = await fake.waitFor(() => fake.responses[0], 'the ephemeral reply');
    expect(textOf(reply.body.blocks)).toMatch(/Activity type must be one of/);
    expect(fake.files).toEqual([]);
  });
});
