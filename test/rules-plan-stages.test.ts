import { describe, expect, it } from 'vitest';
import {
  type ChosenPlanStage,
  currentPlanStage,
  nextPlanStages,
  type PlanStage,
  planTransition,
} from '../src/rules/plan-stages.js';

describe('R11 plan description stages', () => {
  it.each<[ChosenPlanStage | undefined, PlanStage, boolean, boolean]>([
    // current, next, allowed, archives the current final plan
    [undefined, 'initial', true, false],
    [undefined, 'intermediate', true, false],
    [undefined, 'final', true, false], // stages may be skipped
    ['initial', 'initial', true, false],
    ['initial', 'intermediate', true, false],
    ['initial', 'final', true, false],
    ['intermediate', 'intermediate', true, false],
    ['intermediate', 'final', true, false],
    ['intermediate', 'initial', false, false],
    ['final', 'final', true, true], // a new final plan archives the old one
    ['final', 'initial', true, true], // planning restarts at initial
    ['final', 'intermediate', true, true],
    [undefined, 'archived_final', false, false],
    ['final', 'archived_final', false, false],
  ])('R11 from %s to %s: allowed=%s, archives=%s', (current, next, allowed, archives) => {
    const t = planTransition(current, next);
    expect(t.ok).toBe(allowed);
    if (t.ok) expect(t.archivesFinal).toBe(archives);
    else expect(t.reason).toMatch(/plan/);
  });

  it('R11 a refused step says which stages may follow', () => {
    const t = planTransition('intermediate', 'initial');
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toContain('intermediate plan or final plan');
  });

  it.each<[PlanStage[], ChosenPlanStage | undefined]>([
    [[], undefined],
    [['initial'], 'initial'],
    [['initial', 'intermediate', 'final'], 'final'],
    [['archived_final', 'initial'], 'initial'],
    [['initial', 'archived_final', 'final'], 'final'],
    [['archived_final'], undefined],
  ])('R11 current stage of %j is %s (archived final plans are skipped)', (stages, current) => {
    expect(currentPlanStage(stages)).toBe(current);
  });

  it.each<[ChosenPlanStage | undefined, ChosenPlanStage[]]>([
    [undefined, ['initial', 'intermediate', 'final']],
    ['initial', ['initial', 'intermediate', 'final']],
    ['intermediate', ['intermediate', 'final']],
    ['final', ['initial', 'intermediate', 'final']],
  ])('R11 after %s the next stages are %j', (current, next) => {
    expect(nextPlanStages(current)).toEqual(next);
  });
});
