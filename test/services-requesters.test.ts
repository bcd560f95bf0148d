// R7 requesters through the services: unique e-mail (case-insensitive) with the existing one offered,
// new ones pending until the CCDF Administrator or RPM approves, the approval recorded (who, role, when)
// by the State's specialist or an admin (R25), every change audited.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, requesters } from '../db/schema.js';
import { ErrorCode } from '../src/errors.js';
import { approveRequester } from '../src/services/approve-requester.js';
import type { Actor } from '../src/services/context.js';
import { proposeRequester } from '../src/services/propose-requester.js';
import { createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const as = (s: { id: number }): Actor => ({ kind: 'staff', staffId: s.id, channel: 'slack' });

const newRequester = {
  name: 'Jordan Blake',
  email: 'Jordan.Blake@md.example.gov',
  title: 'Subsidy Policy Manager',
  stateCode: 'MD',
  isCcdfStaff: true,
};

describe('R7 propose a requester', () => {
  it('R7 saves a new requester as pending, with the State region and who proposed it', async () => {
    const provider = await createStaff(t.ctx.db, { states: ['MD'] });
    const result = await proposeRequester(t.ctx, as(provider), newRequester);
    expect(result.ok && result.value).toMatchObject({
      name: 'Jordan Blake',
      email: 'Jordan.Blake@md.example.gov',
      stateCode: 'MD',
      region: 3,
      isCcdfStaff: true,
      isCcdfAdministrator: false,
      approvalStatus: 'pending',
      approvedBy: null,
      proposedByStaffId: provider.id,
    });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'propose_requester'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorStaffId: provider.id, channel: 'slack', entity: 'requester' });
  });

  it.each(['jordan.blake@md.example.gov', 'JORDAN.BLAKE@MD.EXAMPLE.GOV', '  Jordan.Blake@md.example.gov '])(
    'R7 refuses the e-mail %j of an existing requester and offers that one',
    async (email) => {
      const provider = await createStaff(t.ctx.db, { states: ['MD'] });
      const existing = await createRequester(t.ctx.db, {
        name: 'Jordan Blake',
        email: 'Jordan.Blake@md.example.gov',
        stateCode: 'MD',
      });
      const result = await proposeRequester(t.ctx, as(provider), {
        ...newRequester,
        name: 'J. Blake',
        email,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe(ErrorCode.RequesterExists);
      expect(result.error.details).toEqual({ existingRequesterId: existing.id });
      expect(result.error.message).toMatch(/already exists: Jordan Blake.*Choose Jordan Blake instead/);
      expect(await t.ctx.db.select().from(requesters)).toHaveLength(1);
    },
  );

  it('R7 two people adding the same e-mail at once get one requester; the other is offered it', async () => {
    const a = await createStaff(t.ctx.db, { states: ['MD'] });
    const b = await createStaff(t.ctx.db, { states: ['MD'] });
    const results = await Promise.all([
      proposeRequester(t.ctx, as(a), newRequester),
      proposeRequester(t.ctx, as(b), { ...newRequester, email: newRequester.email.toUpperCase() }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.error.code).toBe(ErrorCode.RequesterExists);
    expect(await t.ctx.db.select().from(requesters)).toHaveLength(1);
  });

  it('R7 a regional contact has a region and no State', async () => {
    const provider = await createStaff(t.ctx.db, { states: ['MD'] });
    const result = await proposeRequester(t.ctx, as(provider), {
      name: 'Dana Whitfield',
      email: 'dana.whitfield@acf.example.gov',
      title: 'Regional Program Manager',
      region: 'III',
    });
    expect(result.ok && [result.value.stateCode, result.value.region]).toEqual([null, 3]);
  });

  it.each([
    [{ region: 5 }, /Maryland is in Region 3, not Region 5/],
    [{ stateCode: 'ZZ' }, /ZZ is not a State or Territory code/],
    [{ email: 'jordan at md' }, /E-mail must be an address/],
  ])('R7 refuses %j', async (change, message) => {
    const provider = await createStaff(t.ctx.db, { states: ['MD'] });
    const result = await proposeRequester(t.ctx, as(provider), { ...newRequester, ...change });
    expect(result.ok || result.error.message).toMatch(message);
    expect(await t.ctx.db.select().from(requesters)).toEqual([]);
  });

  it('R25 a requester cannot add requesters', async () => {
    const someone = await createRequester(t.ctx.db, { stateCode: 'MD' });
    const result = await proposeRequester(
      t.ctx,
      { kind: 'requester', requesterId: someone.id, channel: 'slack' },
      newRequester,
    );
    expect(result.ok || result.error.code).toBe(ErrorCode.Forbidden);
  });
});

describe('R7 record the approval of a new requester', () => {
  /** The recorded approvers: MD's CCDF Administrator, the Region III RPM, and Guam's administrator. */
  async function approvers() {
    const mdAdministrator = await createRequester(t.ctx.db, {
      name: 'Morgan Ellis',
      stateCode: 'MD',
      region: 3,
      isCcdfAdministrator: true,
    });
    const rpm = await createRequester(t.ctx.db, {
      name: 'Dana Whitfield',
      stateCode: null,
      region: 3,
      isRpm: true,
    });
    const guAdministrator = await createRequester(t.ctx.db, {
      name: 'Maria Cruz',
      stateCode: 'GU',
      region: 9,
      isCcdfAdministrator: true,
    });
    return { mdAdministrator, rpm, guAdministrator };
  }

  it('R7 records who approved (the recorded contact), in which role and when', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'] });
    const { mdAdministrator } = await approvers();
    const pending = await createRequester(t.ctx.db, { stateCode: 'MD', approved: false });
    t.clock.now = new Date('2026-11-24T14:30:00Z');
    const result = await approveRequester(t.ctx, as(specialist), {
      requesterId: pending.id,
      approverId: mdAdministrator.id,
    });
    expect(result.ok && result.value).toMatchObject({
      approvalStatus: 'approved',
      approvedBy: 'Morgan Ellis',
      approvedByRole: 'ccdf_administrator',
      approvedByRequesterId: mdAdministrator.id,
      approvedAt: new Date('2026-11-24T14:30:00Z'),
    });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'approve_requester'));
    expect(audit).toMatchObject({ actorStaffId: specialist.id, entityId: String(pending.id) });
  });

  it.each([
    ['a provider covering the State', { role: 'provider' as const, states: ['MD'] }, false],
    ['the specialist of another State', { role: 'specialist' as const, states: ['GU'] }, false],
    ['the specialist of the State', { role: 'specialist' as const, states: ['MD'] }, true],
    ['an admin', { role: 'admin' as const, states: [] }, true],
  ])('R25 R7 %s may record an approval: %s', async (_who, staffFields, allowed) => {
    const who = await createStaff(t.ctx.db, staffFields);
    const { rpm } = await approvers();
    const pending = await createRequester(t.ctx.db, { stateCode: 'MD', approved: false });
    const result = await approveRequester(t.ctx, as(who), { requesterId: pending.id, approverId: rpm.id });
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.Forbidden);
    const [row] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, pending.id));
    expect(row?.approvalStatus).toBe(allowed ? 'approved' : 'pending');
  });

  it('R7 a regional contact is approved by a specialist of a State in that region', async () => {
    const mdSpecialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'] });
    const guSpecialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['GU'] });
    const { rpm } = await approvers();
    const regional = await createRequester(t.ctx.db, { stateCode: null, region: 3, approved: false });
    const input = { requesterId: regional.id, approverId: rpm.id };
    const refused = await approveRequester(t.ctx, as(guSpecialist), input);
    expect(refused.ok || refused.error.message).toMatch(/State Systems Specialist for Region 3/);
    expect((await approveRequester(t.ctx, as(mdSpecialist), input)).ok).toBe(true);
  });

  it('R7 an approval already on record is not overwritten', async () => {
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const { rpm } = await approvers();
    const approved = await createRequester(t.ctx.db, { stateCode: 'MD' });
    const result = await approveRequester(t.ctx, as(admin), { requesterId: approved.id, approverId: rpm.id });
    expect(result.ok || result.error.code).toBe(ErrorCode.AlreadyApproved);
    expect(result.ok || result.error.message).toMatch(
      /already approved by Pat Director \(CCDF Administrator\) on 01\/05\/26/,
    );
    const [row] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, approved.id));
    expect(row?.approvedBy).toBe('Pat Director');
  });

  it.each([
    ["another State's CCDF Administrator (Guam's for a Maryland requester)", 'guAdministrator'],
    ['a contact who is neither CCDF Administrator nor RPM', 'plain'],
  ] as const)(
    'R7 R8 the approver must be on record for the State or its region: %s is refused',
    async (_what, key) => {
      const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
      const people = await approvers();
      const plain = await createRequester(t.ctx.db, { stateCode: 'MD', region: 3 });
      const approver = key === 'plain' ? plain : people[key];
      const pending = await createRequester(t.ctx.db, { stateCode: 'MD', approved: false });
      const result = await approveRequester(t.ctx, as(admin), {
        requesterId: pending.id,
        approverId: approver.id,
      });
      expect(result.ok || result.error.code).toBe(ErrorCode.InvalidInput);
      expect(result.ok || result.error.message).toMatch(
        /is not the recorded CCDF Administrator of MD nor the RPM of Region III.*Morgan Ellis.*Dana Whitfield/,
      );
      const [row] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, pending.id));
      expect(row?.approvalStatus).toBe('pending');
    },
  );

  it('R7 a free-text name is not an approval', async () => {
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const pending = await createRequester(t.ctx.db, { stateCode: 'MD', approved: false });
    const result = await approveRequester(t.ctx, as(admin), {
      requesterId: pending.id,
      approvedBy: 'Maria Cruz',
      approvedByRole: 'ccdf_administrator',
    });
    expect(result.ok || result.error.code).toBe(ErrorCode.InvalidInput);
  });
});
