// `/ta find` (R24): a single-valued criterion given twice is refused, names as `/ta show` prints them
// work as well as codes, and a value that names nothing known is reported with the closest values.
import { describe, expect, it } from 'vitest';
import { activityOtherCollaborators } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createGoal, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD', 'GU'], name: 'Robin Reyes', centerCode: 'ECQA' });
  const qi = await createGoal(t.ctx.db, { stateCode: 'MD', categoryCode: 'quality_improvement' });
  const md = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', ...qi });
  const ws = await createGoal(t.ctx.db, { stateCode: 'GU', categoryCode: 'workforce' });
  const gu = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'GU', ...ws });
  await t.ctx.db
    .insert(activityOtherCollaborators)
    .values({ activityId: gu.id, collaboratorCode: 'regional_office' });
  return { md, gu, area: qi.area.name, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

describe('/ta find criteria', () => {
  it('R24 a single-valued criterion given twice is refused, keyed or bare', async () => {
    const { engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['/ta find state:MD state:GU', { error: /State is given twice \(MD and GU\)/ }],
      ['/ta find MD GU', { error: /State is given twice \(MD and GU\)/ }],
      ['/ta find approved status:denied', { error: /Activity status is given twice/ }],
    ]);
  });

  it('R24 names as /ta show prints them work as well as codes', async () => {
    const { md, gu, area, engine, speaker } = await setup();
    const cases: [string, number][] = [
      ['/ta find category:"Support continuous quality improvement"', md.id],
      ['/ta find category:quality_improvement', md.id],
      ['/ta find category:workforce', gu.id],
      ['/ta find center:"National Center on Early Childhood Quality Assurance" state:GU', gu.id],
      ['/ta find center:ecqa state:MD', md.id],
      ['/ta find other:"ACF Regional Office"', gu.id],
      ['/ta find other:regional_office', gu.id],
      [`/ta find category:"Support continuous quality improvement" area:"${area.toUpperCase()}"`, md.id],
      ['/ta find state:Guam', gu.id],
    ];
    for (const [said, id] of cases) {
      const [reply] = await converse(engine, speaker, [[said, { messages: /Found 1:/ }]]);
      expect(reply!.messages.join('\n'), said).toContain(`#${id} `);
    }
  });

  it('R24 a value that names nothing known is reported with the closest values, never "no match"', async () => {
    const { engine, speaker } = await setup();
    await converse(engine, speaker, [
      [
        '/ta find category:"Support continuous quality improvment"',
        {
          error:
            /No goal category is called "Support continuous quality improvment".*Support continuous quality improvement/,
        },
      ],
      ['/ta find center:ECQX', { error: /No center is called "ECQX".*ECQA/ }],
      [
        '/ta find other:"regional ofice"',
        { error: /No other collaborator is called "regional ofice".*ACF Regional Office/ },
      ],
      ['/ta find state:Marylnd', { error: /No State or Territory is called "Marylnd".*Maryland \(MD\)/ }],
      [
        '/ta find category:quality_improvement area:"QRIS nothing"',
        { error: /No strategic area is called "QRIS nothing"/ },
      ],
    ]);
  });
});
