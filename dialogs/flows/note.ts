// `/ta note [#] [text]`: a response note (R18), dated today (R14); author captured by the service.
import { ok as okResult } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { addResponseNote } from '../../src/services/add-response-note.js';
import type { Flow } from '../flow.js';
import { type ActivityPick, activityStep, startOnActivity } from './common.js';
import { noteNameWarnings } from './note-coaching.js';
import { textStep } from './steps.js';

const pick: ActivityPick = { question: 'Which activity is the note for?' };

export const noteFlow: Flow = {
  kind: 'dialog',
  name: 'note',
  title: 'add a response note',
  start: (args, env) =>
    // "/ta note 12 met the director" is the whole note.
    startOnActivity(args, env, pick, (rest, into) => {
      if (!rest) return;
      into.values.text = rest;
      into.answered.push('text');
    }),
  steps: [
    activityStep(pick),
    textStep({
      field: 'text',
      label: 'Note',
      text: 'The response note: what happened in planning or delivery (R18).',
      hint: 'Day-to-day notes by primary or collaborating staff; the date and author are added for you.',
    }),
  ],
  async preview(v, env) {
    const warnings = await noteNameWarnings(env, Number(v.activityId), v.text);
    return {
      title: 'Response note',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        { field: 'text', label: 'Note', value: `${formatNoteDate(env.today)}: ${v.text}` },
      ],
      ...(warnings.length ? { warnings } : {}),
    };
  },
  async commit(v, env) {
    const r = await addResponseNote(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      text: String(v.text),
    });
    if (!r.ok) return r;
    return okResult({
      messages: [`Added the note to ${v.activityLabel} (${formatNoteDate(r.value.noteDate)}).`],
      recordId: Number(v.activityId),
    });
  },
};
