import { describe, expect, it } from 'vitest';
import {
  AddFeedbackInput,
  AddResponseNoteInput,
  CreateActivityInput,
  DELIVERY_METHOD_CODES,
  parseInput,
  RecordDeliveryInput,
  SetActivityStatusInput,
} from '../src/rules/schemas.js';

const valid = {
  stateCode: 'ca',
  goalId: 1,
  strategicAreaId: 1,
  focus: 'QRIS validation',
  dateOpened: '2026-11-02',
  priority: 'high',
  requesterIds: [3, 3],
  activityType: 'targeted',
  outcomePlan: 'State will validate its QRIS tiers with an external study by June 2027.',
};

function problems(schema: Parameters<typeof parseInput>[0], input: unknown): string {
  const r = parseInput(schema, input);
  return r.ok ? '' : r.error.message;
}

describe('activity input schemas', () => {
  it('accepts a complete activity and normalizes it', () => {
    const r = parseInput(CreateActivityInput, valid);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.stateCode).toBe('CA');
      expect(r.value.requesterIds).toEqual([3]);
      expect(r.value.ignoreDuplicate).toBe(false);
    }
  });

  it.each([
    ['R5 "Other" without notes', { focus: 'Other' }, /needs other-focus notes/],
    ['R5 "Other" with blank notes', { focus: 'Other', otherFocusNotes: '  ' }, /needs other-focus notes/],
    [
      'R5 notes with a standard focus',
      { otherFocusNotes: 'Health and safety training' },
      /only for TA focus "Other"/,
    ],
    ['R5 no focus', { focus: undefined }, /TA focus is required/],
    [
      'R6 priority outside low/medium/high',
      { priority: 'urgent' },
      /Priority level must be low, medium or high/,
    ],
    ['R7 no requester', { requesterIds: [] }, /at least one requester/],
    ['R7 requesters missing', { requesterIds: undefined }, /Requesters must be a list/],
    ['R10 no outcome plan', { outcomePlan: '   ' }, /Outcome plan cannot be empty/],
    ['R10 outcome plan too vague', { outcomePlan: 'Better QRIS.' }, /Outcome plan is too short.*by when/],
    ['R13 unknown activity type', { activityType: 'intensive' }, /universal, targeted or tailored/],
    ['bad date opened', { dateOpened: '2026-02-30' }, /real date written YYYY-MM-DD/],
    ['R9 primary staff not a number', { primaryStaffId: 'amy' }, /Primary staff must be a number/],
    ['other collaborator unknown', { otherCollaborators: ['martians'] }, /not an other-collaborator option/],
    ['other collaborator "other" without details', { otherCollaborators: ['other'] }, /needs details/],
    [
      'R11 initial plan with an archived stage',
      { initialPlan: { stage: 'archived_final', text: 'x' } },
      /initial, intermediate or final/,
    ],
  ])('%s is refused with how to fix it', (_name, change, message) => {
    expect(problems(CreateActivityInput, { ...valid, ...change })).toMatch(message);
  });

  it('R5 "Other" with notes is accepted', () => {
    expect(
      parseInput(CreateActivityInput, {
        ...valid,
        focus: 'Other',
        otherFocusNotes: 'Health and safety training',
      }).ok,
    ).toBe(true);
  });

  it('lists every problem at once', () => {
    const r = parseInput(CreateActivityInput, {
      ...valid,
      priority: 'x',
      activityType: 'y',
      requesterIds: [],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details?.issues).toHaveLength(3);
  });

  const delivery = { activityId: 1, startDate: '2026-11-02', methods: ['remote'] };
  it.each([
    ['R16 no method', { methods: [] }, /at least one delivery method/],
    ['R16 unknown method', { methods: ['carrier pigeon'] }, /"carrier pigeon" is not a delivery method/],
    ['end before start', { endDate: '2026-11-01' }, /cannot be before the first day/],
  ])('%s is refused', (_name, change, message) => {
    expect(problems(RecordDeliveryInput, { ...delivery, ...change })).toMatch(message);
  });

  it('R16 every reference delivery method is accepted', () => {
    expect(DELIVERY_METHOD_CODES).toHaveLength(11);
    expect(parseInput(RecordDeliveryInput, { ...delivery, methods: [...DELIVERY_METHOD_CODES] }).ok).toBe(
      true,
    );
  });

  const fb = {
    activityId: 1,
    fromName: 'Pat Rivera',
    fromTitle: 'CCDF Administrator',
    text: 'Thanks! Exactly what we needed.',
  };
  it.each([
    ['R17 no name', { fromName: undefined }, /Full name of who gave the feedback is required/],
    ['R17 first name only', { fromName: 'Pat' }, /full name \(first and last\)/],
    ['R17 no title or role', { fromTitle: ' ' }, /Title or role .* cannot be empty/],
    ['R17 no text', { text: '' }, /Feedback cannot be empty/],
    ['R14 bad note date', { noteDate: '11/02/26' }, /Note date must be a real date written YYYY-MM-DD/],
  ])('%s is refused', (_name, change, message) => {
    expect(problems(AddFeedbackInput, { ...fb, ...change })).toMatch(message);
  });

  it('R14 a note may carry its date', () => {
    const r = parseInput(AddResponseNoteInput, {
      activityId: 1,
      text: 'Held a call.',
      noteDate: '2026-11-02',
    });
    expect(r.ok && r.value.noteDate).toBe('2026-11-02');
  });

  it('R8 indirect approval names the recorded CCDF Administrator or RPM by id', () => {
    expect(
      problems(SetActivityStatusInput, { activityId: 1, status: 'approved', indirectApproverId: 'Sam Lee' }),
    ).toMatch(/Approver \(the recorded CCDF Administrator or RPM\)/);
  });
});
