// Picking a goal in the goal dialogs: the open goals of the States I cover (an admin, who covers no
// State, types the goal's # or a State code first). "#12" or "12" always works.
import { eq } from 'drizzle-orm';
import { goals } from '../../db/schema.js';
import { goalsForState, staffStates } from '../../src/services/lookups.js';
import { answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';

export async function myGoalChoices(env: FlowEnv, includeClosed = false): Promise<Choice[]> {
  return env.memo(`goal-choices:${includeClosed}`, async () => {
    const states = await staffStates(env.ctx, env.me.id);
    const out: Choice[] = [];
    for (const s of states) {
      for (const g of await goalsForState(env.ctx, s.code, { includeClosed })) {
        out.push({
          value: String(g.id),
          label: `#${g.id} ${g.stateCode} — ${g.title}`,
          description: g.categoryName,
        });
      }
    }
    return out;
  });
}

/** The goal's label and category (its strategic areas come from the category's list). */
export async function goalFacts(
  env: FlowEnv,
  id: number,
): Promise<{ label: string; categoryCode: string } | undefined> {
  const [g] = await env.ctx.db.select().from(goals).where(eq(goals.id, id));
  return g ? { label: `#${g.id} ${g.stateCode} — ${g.title}`, categoryCode: g.categoryCode } : undefined;
}

/** A leading "#12" or "12" in the command's arguments: the goal, and the rest. */
export function leadingGoalId(args: string): { id?: number; rest: string } {
  const m = /^#?(\d+)\b\s*(.*)$/s.exec(args.trim());
  return m ? { id: Number(m[1]), rest: m[2]!.trim() } : { rest: args.trim() };
}

export function goalStep(question: string, applies?: Step['applies']): Step {
  const step: Step = {
    field: 'goalId',
    label: 'Goal',
    async prompt(_v: Values, env) {
      const choices = await myGoalChoices(env);
      return {
        kind: 'choice',
        field: 'goalId',
        text: choices.length ? question : `${question} Type the goal's # (e.g. #12).`,
        choices,
      };
    },
    async accept(answer, _v, env, source) {
      const text = answerText(answer);
      const typed = leadingGoalId(text).id;
      const picked = typed === undefined ? matchChoice(text, await myGoalChoices(env), source) : undefined;
      const id = typed ?? (picked?.ok ? Number(picked.value.value) : undefined);
      if (id === undefined)
        return retry(picked && !picked.ok ? picked.error : "Type the goal's #, e.g. #12.");
      const facts = await goalFacts(env, id);
      if (!facts) return retry(`Goal #${id} does not exist. Check the number in the State's goal list.`);
      return ok({ goalId: id, goalLabel: facts.label, categoryCode: facts.categoryCode });
    },
  };
  if (applies) step.applies = applies;
  return step;
}
