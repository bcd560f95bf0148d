// `/ta export` and `/ta report` in Teams over the real botbuilder stack and the fake Bot Connector:
// the CSV through the file-consent flow (FileConsentCard → fileConsent/invoke accept → PUT to the
// upload URL → FileInfoCard; decline drops it), the chart inline as a PNG image.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_CONSENT, FILE_INFO } from '../adapters/teams/reply-files.js';
import { staff } from '../db/schema.js';
import { DEMO, seedDemo } from '../src/seed/demo.js';
import { engineFor } from './support/dialog-driver.js';
import { startTeamsHarness, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
const sam = { aad: 'aad-sam', name: 'Sam Specialist' };

beforeEach(async () => {
  h = await startTeamsHarness({ engine: engineFor(t.ctx), ctx: t.ctx, tenantId: TENANT_ID });
  await seedDemo(t.ctx.db, { now: t.clock.now, calendar: t.calendar });
  await t.ctx.db.update(staff).set({ teamsUserId: sam.aad }).where(eq(staff.email, DEMO.specialist));
});
afterEach(async () => {
  await h.stop();
});

type Attachment = {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content?: Record<string, unknown>;
};
const attachments = (sent: { activity: { attachments?: unknown[] } }[]) =>
  sent.flatMap((s) => (s.activity.attachments ?? []) as Attachment[]);

async function consent(action: 'accept' | 'decline', card: Attachment) {
  const content = card.content as { acceptContext: unknown; declineContext: unknown };
  const before = h.fake.sent.length;
  const res = await h.post(
    h.activity(sam, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action,
        context: action === 'accept' ? content.acceptContext : content.declineContext,
        ...(action === 'accept'
          ? {
              uploadInfo: {
                uploadUrl: h.fake.uploadUrl(card.name!),
                contentUrl: `https://contoso.sharepoint.com/personal/sam/Documents/${card.name}`,
                name: card.name,
                uniqueId: 'drive-item-1',
                fileType: 'csv',
              },
            }
          : {}),
      },
    }),
  );
  return { status: res.status, sent: h.fake.sent.slice(before) };
}

describe('Teams data out', () => {
  it('R24 /ta export offers the CSV with a FileConsentCard; accepting uploads it and posts a FileInfoCard', async () => {
    const sent = await h.say(sam, { text: 'export state:MD' });
    expect(sent.map((s) => s.activity.text ?? '').join('\n')).toMatch(/Exported 3 TA activities/);
    const card = attachments(sent).find((a) => a.contentType === FILE_CONSENT);
    expect(card).toMatchObject({ name: 'tat-export-2026-11-23.csv' });
    expect(Number(card!.content!.sizeInBytes)).toBeGreaterThan(500);

    const accepted = await consent('accept', card!);
    expect(accepted.status).toBe(200);
    const upload = h.fake.uploads[0]!;
    expect(upload.name).toBe('tat-export-2026-11-23.csv');
    expect([...upload.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(upload.body.toString('utf8')).toContain('Maryland (MD)');
    expect(upload.contentRange).toBe(`bytes 0-${upload.body.length - 1}/${upload.body.length}`);
    const info = attachments(accepted.sent).find((a) => a.contentType === FILE_INFO);
    expect(info).toMatchObject({
      name: 'tat-export-2026-11-23.csv',
      content: { uniqueId: 'drive-item-1', fileType: 'csv' },
    });

    // The file is gone once delivered: accepting the same card again uploads nothing.
    const again = await consent('accept', card!);
    expect(again.status).toBe(200);
    expect(h.fake.uploads).toHaveLength(1);
    expect(again.sent.map((s) => s.activity.text).join()).toMatch(/no longer available/);
  });

  it('R24 declining the file consent uploads nothing; a forged file name is never read', async () => {
    const sent = await h.say(sam, { text: 'export all' });
    const card = attachments(sent).find((a) => a.contentType === FILE_CONSENT)!;
    const declined = await consent('decline', card);
    expect(declined.status).toBe(200);
    expect(declined.sent.map((s) => s.activity.text).join()).toMatch(/did not send the file/);
    const forged = await consent('accept', {
      ...card,
      content: { acceptContext: { file: '../../etc/passwd' } },
    });
    expect(forged.sent.map((s) => s.activity.text).join()).toMatch(/no longer available/);
    expect(h.fake.uploads).toEqual([]);
  });

  it('R3 /ta report shows the text and the chart inline as a PNG image', async () => {
    const sent = await h.say(sam, { text: 'report 2026-11' });
    expect(sent.map((s) => s.activity.text ?? '').join('\n')).toMatch(
      /Monthly review, November 2026: MD, VT/,
    );
    const image = attachments(sent).find((a) => a.contentType === 'image/png');
    expect(image?.name).toBe('tat-report-2026-11.png');
    const png = Buffer.from(image!.contentUrl!.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
