// R15 role-not-name coaching beyond the people on record (the Quick Guide's "Amy to provide xyz"),
// for summaries, plan descriptions and response notes; and the R11 preview warning that an initial
// or intermediate plan after a final plan archives it and stops tracking (R12).
import { describe, expect, it } from 'vitest';
import { coachNoteNames, coachSummary, unknownNames } from '../src/rules/summary-coaching.js';
import { addResponseNote } from '../src/services/add-response-note.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('R15 given names not on record', () => {
  it.each([
    ['Amy provided a remote consultation on the QRIS tiers.', ['Amy']],
    ['Amy to provide xyz', ['Amy']],
    ['Jordan Lee presented a webinar on licensing.', ['Jordan Lee']],
    ['Ms. Alvarez reviewed the draft policy.', ['Ms. Alvarez']],
    ['SCBC provided a remote consultation to the CCDF Administrator.', []],
    ['Maryland received a webinar; the State shared its data.', []],
    ['The State received onsite training from SCBC.', []],
  ])('R15 %s', (text, names) => {
    expect(unknownNames(text)).toEqual(names);
  });

  it('R15 a summary naming someone not on record is coached', () => {
    const c = coachSummary('Amy provided a remote consultation on QRIS tiers.');
    expect(c.warnings.map((w) => w.code)).toContain('names_person');
    expect(c.warnings.find((w) => w.code === 'names_person')?.message).toMatch(/instead of "Amy"/);
  });

  it('R15 a person on record is coached once, with their center, not twice', () => {
    const w = coachNoteNames('Casey Provider met the CCDF Administrator.', [
      { name: 'Casey Provider', suggestion: 'SCBC' },
    ]);
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/write "SCBC" instead of "Casey Provider"/);
  });

  it('R15 plan descriptions and response notes get the role-not-name advice in the preview', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    const engine = engineFor(t.ctx);
    const speaker = speakerFor(me);
    await converse(engine, speaker, [
      [
        `/ta note ${a.id} Amy provided the draft brief to the State.`,
        { prompt: 'confirm', warnings: /instead of "Amy"/ },
      ],
      ['cancel', { done: 'cancelled' }],
      [`/ta plan ${a.id}`, { prompt: 'stage' }],
      ['initial', { prompt: 'text' }],
      ['Amy to provide xyz', { prompt: 'confirm', warnings: /title or role[\s\S]*instead of "Amy"/ }],
      ['cancel', { done: 'cancelled' }],
    ]);
    const r = await addResponseNote(
      t.ctx,
      { kind: 'staff', staffId: me.id, channel: 'console' },
      {
        activityId: a.id,
        text: 'Amy provided the draft brief to the State.',
      },
    );
    expect(r.ok && r.value.warnings.join()).toMatch(/instead of "Amy"/);
  });
});

describe('R11 planning restarted after a final plan', () => {
  it.each(['initial', 'intermediate'])(
    'R11 R12 an %s plan after a final plan warns that it archives the final plan and stops tracking',
    async (stage) => {
      const me = await createStaff(t.ctx.db, { states: ['MD'] });
      const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
      await converse(engineFor(t.ctx), speakerFor(me), [
        [`/ta plan ${a.id}`, { prompt: 'stage' }],
        [stage, { prompt: 'text' }],
        [
          'SCBC reworks the plan with the State.',
          { prompt: 'confirm', warnings: /archives the current final plan: tracking stops/ },
        ],
        ['cancel', { done: 'cancelled' }],
      ]);
    },
  );
});
