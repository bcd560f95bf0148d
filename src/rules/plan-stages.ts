// R11 Plan description stages: initial → intermediate → final, stages may be skipped. Only one final
// plan is current: a new final plan archives the old one, and once a final plan is archived planning
// may restart at initial (or intermediate) or go straight to a new final plan.
import type { PLAN_STAGES } from '../../db/schema.js';

export type PlanStage = (typeof PLAN_STAGES)[number];
/** The stages a user can choose; `archived_final` is only ever set by archiving. */
export type ChosenPlanStage = Exclude<PlanStage, 'archived_final'>;

export const PLAN_STAGE_LABELS: Record<PlanStage, string> = {
  initial: 'initial plan',
  intermediate: 'intermediate plan',
  final: 'final plan',
  archived_final: 'archived final plan',
};

const RANK: Record<ChosenPlanStage, number> = { initial: 1, intermediate: 2, final: 3 };

/**
 * The current description: the stage of the latest note that is not an archived final plan
 * (notes in the order they were written). `undefined` when there is no plan note yet.
 */
export function currentPlanStage(stagesInOrder: readonly PlanStage[]): ChosenPlanStage | undefined {
  for (let i = stagesInOrder.length - 1; i >= 0; i--) {
    const stage = stagesInOrder[i]!;
    if (stage !== 'archived_final') return stage;
  }
  return undefined;
}

/** The stages that may follow the current description. */
export function nextPlanStages(current: ChosenPlanStage | undefined): ChosenPlanStage[] {
  if (current === undefined || current === 'final') return ['initial', 'intermediate', 'final'];
  return (['initial', 'intermediate', 'final'] as const).filter((s) => RANK[s] >= RANK[current]);
}

export type PlanTransition =
  | { ok: true /** the current final plan must be marked archived first */; archivesFinal: boolean }
  | { ok: false; reason: string };

/** R11: may a note of stage `next` follow the current description? */
export function planTransition(current: ChosenPlanStage | undefined, next: PlanStage): PlanTransition {
  if (next === 'archived_final') {
    return {
      ok: false,
      reason:
        'A final plan is archived automatically when a new final plan is added; choose initial, intermediate or final.',
    };
  }
  if (current === 'final') return { ok: true, archivesFinal: true };
  if (!nextPlanStages(current).includes(next)) {
    const allowed = nextPlanStages(current)
      .map((s) => PLAN_STAGE_LABELS[s])
      .join(' or ');
    return {
      ok: false,
      reason: `The current description is an ${PLAN_STAGE_LABELS[current!]}; planning moves forward, so add an ${allowed}.`,
    };
  }
  return { ok: true, archivesFinal: false };
}
