// `/ta new` and the State: a State the provider does not cover is named, never swapped for their only
// State (R25), and a State without an open goal says so and who can add one (R21, R26).
import { describe, it } from 'vitest';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createGoal, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function guamProvider() {
  const me = await createStaff(t.ctx.db, { states: ['GU'], name: 'Kai Santos' });
  await createGoal(t.ctx.db, { stateCode: 'GU' });
  await createGoal(t.ctx.db, { stateCode: 'MD' });
  return { me, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

describe('/ta new <State>', () => {
  it('R25 a State the provider does not cover is named, and their States are offered (no switch)', async () => {
    const { engine, speaker } = await guamProvider();
    await converse(engine, speaker, [
      [
        '/ta new MD',
        {
          prompt: 'stateCode',
          messages: /You do not cover Maryland \(MD\)[\s\S]*Guam \(GU\)/,
        },
      ],
      ['Maryland', { prompt: 'stateCode', error: /You do not cover Maryland \(MD\).*Guam \(GU\)/ }],
      ['GU', { prompt: 'focus', noError: true }],
    ]);
  });

  it('R25 a provider with one State still gets it without asking when they name no State', async () => {
    const { engine, speaker } = await guamProvider();
    await converse(engine, speaker, [['/ta new', { prompt: 'focus', messages: /State: Guam \(GU\)/ }]]);
  });

  it('R21 R26 a State with no open goal says so and names its specialist', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD', 'CA'], name: 'Robin Reyes' });
    await createStaff(t.ctx.db, { states: ['CA'], role: 'specialist', name: 'Carmen Ortiz' });
    await createGoal(t.ctx.db, { stateCode: 'MD' });
    await converse(engineFor(t.ctx), speakerFor(me), [
      [
        '/ta new California',
        {
          prompt: 'stateCode',
          messages: /California \(CA\) has no open goal[\s\S]*Carmen Ortiz/,
        },
      ],
      ['CA', { prompt: 'stateCode', error: /California \(CA\) has no open goal.*Carmen Ortiz/ }],
      ['MD', { prompt: 'focus', noError: true }],
    ]);
  });

  it('R21 R26 an admin typing a State with no goal and no specialist is told a TAT administrator adds it', async () => {
    const admin = await createStaff(t.ctx.db, { states: [], role: 'admin', name: 'Ada Admin' });
    await createGoal(t.ctx.db, { stateCode: 'MD' });
    await converse(engineFor(t.ctx), speakerFor(admin), [
      [
        '/ta new California',
        {
          prompt: 'stateCode',
          messages:
            /California \(CA\) has no open goal[\s\S]*no State Systems Specialist[\s\S]*administrator/,
        },
      ],
    ]);
  });

  it('a State name that is no State is said so', async () => {
    const { engine, speaker } = await guamProvider();
    await converse(engine, speaker, [
      ['/ta new Atlantis', { prompt: 'stateCode', messages: /"Atlantis" is not a State/ }],
    ]);
  });
});
