// Feedback, response notes, closing and cancelling (R17–R20), the detail view (R14) and /ta mine.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, activityCollaboratingStaff, feedback, responseNotes } from '../db/schema.js';
import { addFeedback } from '../src/services/add-feedback.js';
import { addPlanDescription } from '../src/services/add-plan-description.js';
import { addResponseNote } from '../src/services/add-response-note.js';
import { cancelActivity } from '../src/services/cancel-activity.js';
import { closeActivity } from '../src/services/close-activity.js';
import type { Actor } from '../src/services/context.js';
import { getActivityDetail } from '../src/services/get-activity.js';
import { listMyOpenActivities } from '../src/services/list-my-activities.js';
import { reassignPrimaryStaff } from '../src/services/reassign-primary-staff.js';
import { updateActivity } from '../src/services/update-activity.js';
import {
  centerIdByCode,
  createActivity,
  createDelivery,
  createRequester,
  createStaff,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const asStaff = (staffId: number): Actor => ({ kind: 'staff', staffId, channel: 'teams' });

async function tracked(extra: Partial<Parameters<typeof createActivity>[1]> = {}) {
  const db = t.handle.db;
  const me = await createStaff(db);
  const activity = await createActivity(db, {
    primaryStaff: me,
    tracking: true,
    dateOpened: '2026-10-01',
    ...extra,
  });
  return { db, me, activity, actor: asStaff(me.id) };
}

const closeInput = (activityId: number) => ({
  activityId,
  completionDate: '2026-11-20',
  outcomeReport: 'State adopted revised QRIS tiers in November 2026.',
  feedbackRequested: true,
});

describe('R20 closing', () => {
  it('R20 closes with every item present and records the feedback ask', async () => {
    const { db, activity, actor } = await tracked();
    await createDelivery(db, {
      activityId: activity.id,
      endDate: '2026-11-02',
      summary: 'State received a webinar.',
    });
    const r = await closeActivity(t.ctx, actor, closeInput(activity.id));
    expect(r).toEqual({ ok: true, value: { activityId: activity.id, completionDate: '2026-11-20' } });
    const [row] = await db.select().from(activities);
    expect(row).toMatchObject({
      completionStatus: 'closed',
      completionDate: '2026-11-20',
      feedbackRequestedAt: t.clock.now,
    });
  });

  it('R20 lists everything still missing', async () => {
    const { db, activity, actor } = await tracked();
    await createDelivery(db, { activityId: activity.id, endDate: '2026-11-02' });
    const r = await closeActivity(t.ctx, actor, { activityId: activity.id, completionDate: '2026-09-30' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('cannot_close');
    expect(r.error.details?.missing).toEqual([
      'a completion date on or after the date opened (10/01/26); 09/30/26 is earlier',
      'an outcome report (what the State or Territory achieved as a result of the TA)',
      'a summary of TA delivered for every delivery (missing for 11/02/26)',
      'an ask for requester feedback (confirm you asked the requesters)',
    ]);
    const [row] = await db.select().from(activities);
    expect(row?.completionStatus).toBe('open');
  });

  it('R20 feedback already received counts as having asked', async () => {
    const { activity, actor } = await tracked();
    await addFeedback(t.ctx, actor, {
      activityId: activity.id,
      fromName: 'Pat Rivera',
      fromTitle: 'CCDF Administrator',
      text: 'Thanks!',
    });
    const r = await closeActivity(t.ctx, actor, { ...closeInput(activity.id), feedbackRequested: false });
    expect(r.ok).toBe(true);
  });

  it('R12 refuses to close before tracking is open', async () => {
    const { activity, actor } = await tracked({ tracking: false });
    const r = await closeActivity(t.ctx, actor, closeInput(activity.id));
    expect(!r.ok && r.error.code).toBe('tracking_closed');
  });

  it('R20 a closed record still takes late feedback, but no other changes', async () => {
    const { activity, actor } = await tracked();
    expect((await closeActivity(t.ctx, actor, closeInput(activity.id))).ok).toBe(true);
    const fb = await addFeedback(t.ctx, actor, {
      activityId: activity.id,
      fromName: 'Pat Rivera',
      fromTitle: 'CCDF Administrator',
      text: 'This will be so helpful.',
    });
    expect(fb.ok).toBe(true);
    const edit = await updateActivity(t.ctx, actor, { activityId: activity.id, priority: 'low' });
    expect(!edit.ok && edit.error.code).toBe('activity_closed');
  });
});

describe('R19 cancelling', () => {
  it('R19 cancels an activity with no deliveries, keeping the reason as a response note', async () => {
    const { db, activity, actor } = await tracked({ tracking: false });
    const r = await cancelActivity(t.ctx, actor, {
      activityId: activity.id,
      reason: 'State no longer wants TA.',
    });
    expect(r.ok).toBe(true);
    const [row] = await db.select().from(activities);
    expect(row).toMatchObject({ completionStatus: 'cancelled', completionDate: '2026-11-23' });
    expect(await db.select().from(responseNotes)).toMatchObject([
      { text: 'Cancelled: State no longer wants TA.' },
    ]);
  });

  it('R19 refuses to cancel once TA was delivered: it must be closed', async () => {
    const { db, activity, actor } = await tracked();
    await createDelivery(db, { activityId: activity.id, endDate: '2026-11-02' });
    const r = await cancelActivity(t.ctx, actor, { activityId: activity.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('cannot_cancel');
      expect(r.error.message).toMatch(/close it instead/);
    }
  });
});

describe('R17 feedback and R18 response notes', () => {
  it('R17 a requester adds feedback on their own request, attributed from their record', async () => {
    const db = t.handle.db;
    const me = await createStaff(db);
    const pat = await createRequester(db, { name: 'Pat Rivera', title: 'CCDF Administrator' });
    const activity = await createActivity(db, { primaryStaff: me, tracking: true, requesters: [pat] });
    const r = await addFeedback(
      t.ctx,
      { kind: 'requester', requesterId: pat.id, channel: 'slack' },
      { activityId: activity.id, text: 'Exactly what we needed.' },
    );
    expect(r.ok).toBe(true);
    const detail = await getActivityDetail(t.ctx, activity.id);
    expect(detail.ok && detail.value.feedback.map((f) => f.line)).toEqual([
      '11/23/26: received from Pat Rivera, CCDF Administrator: “Exactly what we needed.”',
    ]);
  });

  it('R17 R25 a requester cannot replace the name and title from their record', async () => {
    const db = t.handle.db;
    const me = await createStaff(db);
    const pat = await createRequester(db, { name: 'Pat Rivera', title: 'CCDF Administrator' });
    const activity = await createActivity(db, { primaryStaff: me, tracking: true, requesters: [pat] });
    const r = await addFeedback(
      t.ctx,
      { kind: 'requester', requesterId: pat.id, channel: 'slack' },
      { activityId: activity.id, fromName: 'Lee Someone', fromTitle: 'Governor', text: 'Very helpful.' },
    );
    expect(r.ok).toBe(true);
    expect(await db.select({ name: feedback.fromName, title: feedback.fromTitle }).from(feedback)).toEqual([
      { name: 'Pat Rivera', title: 'CCDF Administrator' },
    ]);
  });

  it('R17 staff must give the full name and title of who gave the feedback', async () => {
    const { activity, actor } = await tracked();
    const r = await addFeedback(t.ctx, actor, {
      activityId: activity.id,
      fromName: 'Pat',
      fromTitle: '',
      text: 'Thanks',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/full name .*; Title or role/);
  });

  it('R18 collaborating staff add response notes; author and date are captured', async () => {
    const db = t.handle.db;
    const me = await createStaff(db);
    const colleague = await createStaff(db, { centerCode: 'ECQA', name: 'Kim Colleague' });
    const activity = await createActivity(db, { primaryStaff: me, collaboratingStaffIds: [colleague.id] });
    const r = await addResponseNote(t.ctx, asStaff(colleague.id), {
      activityId: activity.id,
      text: 'Held a planning call with ECQA.',
    });
    expect(r.ok).toBe(true);
    const [note] = await db.select().from(responseNotes);
    expect(note).toMatchObject({ authorStaffId: colleague.id, noteDate: '2026-11-23' });
  });

  it('R18 the State specialist reviews but does not write response notes', async () => {
    const { db, activity } = await tracked({ tracking: false });
    const specialist = await createStaff(db, { role: 'specialist', states: ['CA'] });
    const r = await addResponseNote(t.ctx, asStaff(specialist.id), {
      activityId: activity.id,
      text: 'Looks fine.',
    });
    expect(!r.ok && r.error.code).toBe('forbidden');
  });
});

describe('R14 activity detail', () => {
  it('R14 shows every note as MM/DD/YY: text in date order, with the current stage and pending deliveries', async () => {
    const { db, activity, actor } = await tracked();
    await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'final',
      text: 'Plan B',
      noteDate: '2026-11-10',
    });
    await addResponseNote(t.ctx, actor, {
      activityId: activity.id,
      text: 'Second note',
      noteDate: '2026-11-12',
    });
    await addResponseNote(t.ctx, actor, {
      activityId: activity.id,
      text: 'First note',
      noteDate: '2026-11-03',
    });
    await createDelivery(db, {
      activityId: activity.id,
      endDate: '2026-11-02',
      summary: 'State received a webinar.',
      summaryDate: '2026-11-04',
    });
    await createDelivery(db, { activityId: activity.id, endDate: '2026-11-20', methods: ['phone'] });
    const r = await getActivityDetail(t.ctx, activity.id);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value;
    expect(d.currentStage).toBe('final');
    expect(d.tracking).toEqual({ ok: true });
    expect(d.planNotes.map((n) => [n.stage, n.line])).toEqual([
      ['archived_final', '10/01/26: Final plan: two facilitated sessions with the QRIS workgroup.'],
      ['final', '11/10/26: Plan B'],
    ]);
    expect(d.responseNotes.map((n) => n.line)).toEqual(['11/03/26: First note', '11/12/26: Second note']);
    expect(d.summaries.map((s) => s.line)).toEqual(['11/04/26: State received a webinar.']);
    expect(d.pendingDeliveries).toEqual([
      expect.objectContaining({
        endDate: '2026-11-20',
        due: '2026-11-30',
        timeliness: 'on_time',
        methods: ['phone'],
      }),
    ]);
    expect(d.state).toEqual({ code: 'CA', name: 'California', region: 9 });
    expect(d.primaryCenter.code).toBe('SCBC');
    expect(d.requesters).toHaveLength(1);
  });

  it('reports an unknown TA request #', async () => {
    const r = await getActivityDetail(t.ctx, 999);
    expect(!r.ok && r.error.code).toBe('not_found');
  });
});

describe('/ta mine', () => {
  it('lists open activities where I am primary or collaborator, most urgent first', async () => {
    const db = t.handle.db;
    const me = await createStaff(db);
    const other = await createStaff(db);
    const calm = await createActivity(db, { primaryStaff: me, tracking: true });
    const urgent = await createActivity(db, {
      primaryStaff: other,
      tracking: true,
      collaboratingStaffIds: [me.id],
      dateOpened: '2026-10-01',
    });
    const closed = await createActivity(db, { primaryStaff: me });
    await db
      .update(activities)
      .set({ completionStatus: 'cancelled', completionDate: '2026-11-20' })
      .where(eq(activities.id, closed.id));
    await createActivity(db, { primaryStaff: other }); // not mine
    await createDelivery(db, { activityId: urgent.id, endDate: '2026-10-30' }); // due 10-31: overdue
    await createDelivery(db, { activityId: calm.id, endDate: '2026-11-20' }); // due 11-30
    const list = await listMyOpenActivities(t.ctx, me.id);
    expect(list.map((a) => [a.activityId, a.role, a.worst, a.nextDue])).toEqual([
      [urgent.id, 'collaborator', 'overdue', '2026-10-31'],
      [calm.id, 'primary', 'on_time', '2026-11-30'],
    ]);
    expect(list[0]?.pending[0]).toMatchObject({
      endDate: '2026-10-30',
      due: '2026-10-31',
      timeliness: 'overdue',
    });
  });
});

describe('R9 reassigning and updating', () => {
  it('R9 reassigns the primary staff at once, moving the center with them', async () => {
    const { db, me, activity, actor } = await tracked();
    const next = await createStaff(db, { centerCode: 'NCECW' });
    const r = await reassignPrimaryStaff(t.ctx, actor, {
      activityId: activity.id,
      staffId: next.id,
      keepPreviousAsCollaborator: true,
    });
    expect(r.ok && r.value).toEqual({
      activityId: activity.id,
      previousStaffId: me.id,
      primaryStaffId: next.id,
      primaryCenterId: next.centerId,
    });
    const mine = await listMyOpenActivities(t.ctx, next.id);
    expect(mine.map((a) => a.role)).toEqual(['primary']);
    const collabs = await db.select().from(activityCollaboratingStaff);
    expect(collabs.map((c) => c.staffId)).toEqual([me.id]);
  });

  it('R9 refuses a primary center the new staff does not belong to', async () => {
    const { db, activity, actor } = await tracked();
    const next = await createStaff(db, { centerCode: 'NCECW' });
    const r = await reassignPrimaryStaff(t.ctx, actor, {
      activityId: activity.id,
      staffId: next.id,
      centerId: await centerIdByCode(db, 'ECQA'),
    });
    expect(!r.ok && r.error.code).toBe('primary_staff_not_in_center');
  });

  it('R5 updating the focus to "Other" needs notes; the audit keeps from/to', async () => {
    const { activity, actor } = await tracked();
    const bad = await updateActivity(t.ctx, actor, { activityId: activity.id, focus: 'Other' });
    expect(!bad.ok && bad.error.message).toMatch(/needs other-focus notes/);
    const r = await updateActivity(t.ctx, actor, {
      activityId: activity.id,
      focus: 'Other',
      otherFocusNotes: 'Tiered reimbursement',
      priority: 'high',
    });
    expect(r.ok && r.value.changed.sort()).toEqual(['focus', 'otherFocusNotes', 'priority']);
  });

  it('R7/R8 replacing requesters recomputes the indirect flag and refuses unapproved ones', async () => {
    const { db, activity, actor } = await tracked({
      activityStatus: 'planning_in_progress',
      tracking: false,
    });
    const pending = await createRequester(db, { approved: false });
    const refused = await updateActivity(t.ctx, actor, {
      activityId: activity.id,
      requesterIds: [pending.id],
    });
    expect(!refused.ok && refused.error.code).toBe('requester_not_approved');
    const admin = await createRequester(db, { isCcdfAdministrator: true });
    const r = await updateActivity(t.ctx, actor, { activityId: activity.id, requesterIds: [admin.id] });
    expect(r.ok && r.value.changed.sort()).toEqual(['requesterIds']);
    const partner = await createRequester(db);
    const r2 = await updateActivity(t.ctx, actor, { activityId: activity.id, requesterIds: [partner.id] });
    expect(r2.ok && r2.value.changed.sort()).toEqual(['indirectRequest', 'requesterIds']);
  });

  it('R7 replacing requesters refuses contacts of another State and region, as creating does', async () => {
    const { db, activity, actor } = await tracked();
    const ny = await createRequester(db, { stateCode: 'NY', name: 'Ny Contact', isCcdfAdministrator: true });
    const refused = await updateActivity(t.ctx, actor, { activityId: activity.id, requesterIds: [ny.id] });
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/Ny Contact is not a contact of CA or its region/),
    });
    const regional = await createRequester(db, { stateCode: null, region: 9, isCcdfStaff: true });
    const r = await updateActivity(t.ctx, actor, { activityId: activity.id, requesterIds: [regional.id] });
    expect(r.ok && r.value.changed).toEqual(['requesterIds']);
  });

  // Opened 2026-10-01 and entered the same day (fixture); R2 allows 3 business days.
  it.each([
    ['2026-09-25', true], // Fri; entered Thu 10-01 is the 4th business day after
    ['2026-09-28', false], // Mon; 10-01 is the 3rd business day after
  ])('R2 changing the date opened to %s recomputes entered late (%s)', async (dateOpened, late) => {
    const { db, activity, actor } = await tracked({ enteredLate: !late });
    const r = await updateActivity(t.ctx, actor, { activityId: activity.id, dateOpened });
    expect(r.ok && r.value.changed.sort()).toEqual(['dateOpened', 'enteredLate']);
    const [row] = await db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row).toMatchObject({ dateOpened, enteredLate: late });
  });

  it('R2 refuses a date opened after the first delivery, saying what to do', async () => {
    const { db, activity, actor } = await tracked();
    await createDelivery(db, { activityId: activity.id, endDate: '2026-10-15' });
    const later = await updateActivity(t.ctx, actor, { activityId: activity.id, dateOpened: '2026-10-16' });
    expect(!later.ok && later.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/after the first TA delivered .*10\/15\/26.*correct that delivery/),
    });
    const same = await updateActivity(t.ctx, actor, { activityId: activity.id, dateOpened: '2026-10-15' });
    expect(same.ok).toBe(true);
  });
});
