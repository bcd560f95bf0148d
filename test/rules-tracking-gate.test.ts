import { describe, expect, it } from 'vitest';
import type { ChosenPlanStage } from '../src/rules/plan-stages.js';
import { type ActivityStatus, statusChangeProblem, trackingGate } from '../src/rules/tracking-gate.js';

describe('R12 tracking gate', () => {
  it.each<[ActivityStatus, ChosenPlanStage | undefined, string[]]>([
    ['approved', 'final', []],
    ['approved', 'initial', ['the current description is an initial plan; add a final plan']],
    ['approved', 'intermediate', ['the current description is an intermediate plan; add a final plan']],
    ['approved', undefined, ['there is no plan description yet; add a final plan']],
    [
      'planning_in_progress',
      'final',
      [
        'the activity status is planning in progress; it must be approved (mark it approved once the COR approves it)',
      ],
    ],
    [
      'on_hold',
      'initial',
      [
        'the activity status is on hold; it must be approved (mark it approved once the COR approves it)',
        'the current description is an initial plan; add a final plan',
      ],
    ],
    [
      'denied',
      undefined,
      [
        'the activity status is denied; it must be approved (mark it approved once the COR approves it)',
        'there is no plan description yet; add a final plan',
      ],
    ],
  ])('R12 status %s with %s plan: missing %j', (status, stage, missing) => {
    const gate = trackingGate(status, stage);
    expect(gate.ok).toBe(missing.length === 0);
    if (!gate.ok) {
      expect(gate.missing).toEqual(missing);
      for (const m of missing) expect(gate.message).toContain(m);
    }
  });
});

describe('R12/R8 activity status changes', () => {
  const base = {
    from: 'planning_in_progress' as ActivityStatus,
    to: 'approved' as ActivityStatus,
    completionStatus: 'open' as const,
    indirectRequest: false,
    indirectApproved: false,
  };
  it.each([
    ['direct request approved', {}, undefined],
    ['R8 indirect request without approval', { indirectRequest: true }, 'indirect'],
    ['R8 indirect request with approval', { indirectRequest: true, indirectApproved: true }, undefined],
    [
      'R8 indirect request put on hold needs no approval',
      { indirectRequest: true, to: 'on_hold' },
      undefined,
    ],
    ['same status', { from: 'approved', to: 'approved' }, 'same'],
    ['closed activity', { completionStatus: 'closed' }, 'closed'],
    ['cancelled activity', { completionStatus: 'cancelled', to: 'denied' }, 'closed'],
    ['denied back to planning', { from: 'denied', to: 'planning_in_progress' }, undefined],
  ] as const)('R12 %s', (_name, overrides, problem) => {
    expect(statusChangeProblem({ ...base, ...overrides })?.kind).toBe(problem);
  });
});
