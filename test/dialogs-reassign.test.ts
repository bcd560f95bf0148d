// `/ta reassign`: R9 a new primary center and primary staff (a member of that center), effective at
// once; the new primary staff is told in chat through the nudge channels, and the reminder planner
// sends the activity's nudges to them from then on.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createStaffNotifier } from '../src/reminders/notify.js';
import { createRecordingPort } from '../src/reminders/recording-port.js';
import { runSweep } from '../src/reminders/sweep.js';
import { converse, speakerFor } from './support/dialog-driver.js';
import {
  centerIdByCode,
  collaboratorIds,
  createActivity,
  createDelivery,
  createStaff,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Pat Primary', centerCode: 'SCBC' });
  const jo = await createStaff(t.ctx.db, { states: ['MD'], name: 'Jo Newprimary', centerCode: 'NCSIA' });
  const sam = await createStaff(t.ctx.db, { states: ['MD'], name: 'Sam Samecenter', centerCode: 'SCBC' });
  const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
  const port = createRecordingPort('slack');
  const engine = createDialogEngine({
    ctx: t.ctx,
    idleMinutes: 30,
    staffNotifier: createStaffNotifier(t.ctx.db, [port]),
  });
  return { me, jo, sam, a, port, engine, speaker: speakerFor(me) };
}

describe('/ta reassign', () => {
  it('R9 reassigns center and staff at once, refusing staff of another center, and tells the new primary', async () => {
    const { me, jo, a, port, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta reassign ${a.id}`, { prompt: 'centerCode' }],
      ['', { prompt: 'staffId', messages: /member of SCBC/ }],
      ['Jo Newprimary', { prompt: 'staffId', error: /belongs to NCSIA, not SCBC.*\(R9\)/ }],
      ['back', { prompt: 'centerCode' }],
      ['NCSIA', { prompt: 'staffId' }],
      ['Nobody Atall', { prompt: 'staffId', error: /No active staff person matches/ }],
      ['Jo Newprimary', { prompt: 'keepPrevious' }],
      [
        'yes',
        {
          prompt: 'confirm',
          preview: {
            'Primary center': /NCSIA \(was SCBC\)/,
            'Primary staff': /Jo Newprimary \(NCSIA\) \(was Pat Primary \(SCBC\)\)/,
          },
          warnings: /Effective at once/,
        },
      ],
      [
        'yes',
        {
          done: 'completed',
          messages: /Jo Newprimary \(NCSIA\) is now the primary staff[\s\S]*told them in Slack/,
        },
      ],
    ]);
    const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, a.id));
    expect(row).toMatchObject({
      primaryStaffId: jo.id,
      primaryCenterId: await centerIdByCode(t.ctx.db, 'NCSIA'),
    });
    expect(await collaboratorIds(t.ctx.db, a.id)).toEqual([me.id]);
    expect(port.sent().map((s) => [s.staffId, s.message.kind])).toEqual([[jo.id, 'reassigned']]);
    expect(port.sent()[0]!.message.text).toMatch(
      new RegExp(`primary staff of TA request #${a.id} \\(MD\\).*Pat Primary`),
    );
    expect(port.sent()[0]!.message.buttons).toEqual([{ label: `Open #${a.id}`, command: `show ${a.id}` }]);
    const [audit] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'activity.reassign_primary'));
    expect(audit).toMatchObject({ actorStaffId: me.id, channel: 'console' });
  });

  it('R9 R1 the reminder planner sends the activity nudges to the new primary staff', async () => {
    const { me, sam, a, engine, speaker } = await setup();
    await createDelivery(t.ctx.db, { activityId: a.id, endDate: '2026-11-02' }); // due 11/17
    await converse(engine, speaker, [
      [`/ta reassign ${a.id}`, { prompt: 'centerCode' }],
      ['SCBC', { prompt: 'staffId' }],
      ['Sam Samecenter', { prompt: 'keepPrevious' }],
      ['no', { prompt: 'confirm', preview: { 'Previous primary': /removed/ } }],
      ['yes', { done: 'completed' }],
    ]);
    expect(await collaboratorIds(t.ctx.db, a.id)).toEqual([]);
    const nudges = createRecordingPort('console');
    await runSweep(t.ctx, [nudges], new Date('2026-11-13T15:00:00Z'));
    expect(nudges.sent().map((s) => s.staffId)).toEqual([sam.id]);
    expect(nudges.sent().map((s) => s.staffId)).not.toContain(me.id);
  });

  it('R9 R25 someone not on the activity cannot reassign it', async () => {
    const { a, engine } = await setup();
    const stranger = await createStaff(t.ctx.db, { states: ['TX'] });
    await converse(engine, speakerFor(stranger), [
      [`/ta reassign ${a.id}`, { prompt: null, error: /not primary or collaborating staff/ }],
    ]);
  });
});
