// R19: cancelling an activity whose response notes record work needs an explicit confirmation that
// no work was done; "no" points to closing instead.
import { notesRecordingWork } from '../../src/rules/completion.js';
import type { FlowEnv, Step, Values } from '../flow.js';
import { retry } from '../flow.js';
import { activityDetail } from './common.js';
import { yesNoStep } from './steps.js';

async function workNotes(env: FlowEnv, v: Values) {
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok ? notesRecordingWork(d.value.responseNotes) : [];
}

const asked = yesNoStep({
  field: 'noWorkConfirmed',
  label: 'No work done',
  text: 'Confirm no work was done on it?',
});

export const noWorkStep: Step = {
  ...asked,
  // Asked only when cancelling and a response note records work.
  applies: (v) => v.mode === 'cancel',
  async auto(v, env) {
    return (await workNotes(env, v)).length ? undefined : { set: { noWorkConfirmed: false } };
  },
  async prompt(v, env) {
    const notes = await workNotes(env, v);
    const p = await asked.prompt(v, env);
    return {
      ...p,
      text: `A response note records work:\n${notes.map((n) => `  ${n.line}`).join('\n')}\nCancelling means the requester no longer wants TA and no work was done (R19). Confirm that no work was done?`,
    };
  },
  async accept(answer, v, env, source) {
    const r = await asked.accept(answer, v, env, source);
    if (r.ok && r.set.noWorkConfirmed === false)
      return retry(
        'Then work was done, so the activity is closed, not cancelled (R19): type `edit close or cancel` and choose Close it — or `cancel` to stop.',
      );
    return r;
  },
};
