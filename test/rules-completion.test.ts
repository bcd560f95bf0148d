import { describe, expect, it } from 'vitest';
import { type CloseFacts, canCancel, closeChecklist, goalCloseProblems } from '../src/rules/completion.js';

describe('R19 closed vs cancelled', () => {
  it.each([
    [0, true],
    [1, false],
    [3, false],
  ])('R19 with %i deliveries cancel allowed=%s', (n, allowed) => {
    const c = canCancel(n);
    expect(c.ok).toBe(allowed);
    if (!c.ok) expect(c.reason).toMatch(/close it instead/);
  });
});

describe('R20 closing an activity', () => {
  const complete: CloseFacts = {
    completionDate: '2026-11-20',
    dateOpened: '2026-11-02',
    outcomeReport: 'State launched the director credential with 175 professionals enrolled.',
    unsummarizedDeliveries: [],
    feedbackRequested: true,
  };
  it.each<[string, Partial<CloseFacts>, RegExp[]]>([
    ['everything present', {}, []],
    ['completion date on the date opened', { completionDate: '2026-11-02' }, []],
    ['no completion date', { completionDate: undefined }, [/^a completion date \(/]],
    [
      'completion date before the date opened',
      { completionDate: '2026-11-01' },
      [/on or after the date opened \(11\/02\/26\)/],
    ],
    ['no outcome report', { outcomeReport: '  ' }, [/outcome report/]],
    [
      'an unsummarized delivery',
      { unsummarizedDeliveries: [{ endDate: '2026-11-05' }] },
      [/missing for 11\/05\/26/],
    ],
    ['feedback not requested', { feedbackRequested: false }, [/requester feedback/]],
    [
      'nothing done',
      {
        completionDate: undefined,
        outcomeReport: undefined,
        unsummarizedDeliveries: [{ endDate: '2026-11-05' }],
        feedbackRequested: false,
      },
      [/completion date/, /outcome report/, /summary/, /feedback/],
    ],
  ])('R20 %s', (_name, overrides, expected) => {
    const missing = closeChecklist({ ...complete, ...overrides });
    expect(missing).toHaveLength(expected.length);
    expected.forEach((re, i) => {
      expect(missing[i]).toMatch(re);
    });
  });
});

describe('R21 closing a goal', () => {
  const ready = {
    goalStatus: 'open' as const,
    actorIsAdmin: true,
    note: 'All TA activities complete.',
    openActivities: [],
  };
  it.each([
    ['admin with note and all activities done', {}, []],
    ['not an admin', { actorIsAdmin: false }, [/administrator/]],
    ['no note', { note: '' }, [/explanatory note/]],
    [
      'an open activity',
      { openActivities: [{ id: 7, focus: 'QRIS validation' }] },
      [/#7 \(QRIS validation\)/],
    ],
    ['already closed', { goalStatus: 'closed' as const }, [/already closed/]],
  ] as const)('R21 %s', (_name, overrides, expected) => {
    const problems = goalCloseProblems({ ...ready, ...overrides });
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => {
      expect(problems[i]).toMatch(re);
    });
  });
});
