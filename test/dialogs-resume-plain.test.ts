// Text that is not a command: typed after a dialog expired (offered as the answer it was meant to be,
// also after a restart), and a plain sentence in a direct message (the start of `log`).
import { describe, expect, it } from 'vitest';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createGoal, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

const later = (minutes: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000);
};

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD', 'TX'], name: 'Robin Reyes' });
  await createGoal(t.ctx.db, { stateCode: 'MD' });
  await createGoal(t.ctx.db, { stateCode: 'TX' });
  const md = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking: true,
    focus: 'QRIS strategic planning',
  });
  return { me, md, speaker: speakerFor(me) };
}

describe('text typed after a dialog expired', () => {
  it('is offered as the answer; yes resumes with it, nothing typed is lost', async () => {
    const { speaker } = await setup();
    const engine = engineFor(t.ctx, 30);
    await converse(engine, speaker, [['/ta new', { prompt: 'stateCode' }]]);
    later(31);
    await converse(engine, speaker, [
      [
        'Maryland',
        {
          done: 'expired',
          prompt: 'resume',
          messages:
            /expired[\s\S]*Resume \/ta new with “Maryland” as the answer to “Which State or Territory/,
        },
      ],
      ['yes', { prompt: 'goalId', noError: true, messages: /Resuming \/ta new/ }],
    ]);
  });

  it('after a restart (a new engine on the same database) the unfinished dialog is offered again', async () => {
    const { md, speaker } = await setup();
    await converse(engineFor(t.ctx, 30), speaker, [[`/ta log #${md.id}`, { prompt: 'dates' }]]);
    later(120);
    const restarted = engineFor(t.ctx, 30);
    await converse(restarted, speaker, [
      ['yesterday', { prompt: 'resume', messages: /Resume \/ta log with “yesterday” as the answer/ }],
      [
        { answer: 'yes', expectedVersion: undefined },
        { prompt: 'methods', noError: true },
      ],
    ]);
  });

  it('after a restart within the idle time, the next message says the dialog is picked up', async () => {
    const { md, speaker } = await setup();
    await converse(engineFor(t.ctx, 30), speaker, [[`/ta log #${md.id}`, { prompt: 'dates' }]]);
    later(5);
    const restarted = engineFor(t.ctx, 30);
    const [first, second] = await converse(restarted, speaker, [
      [
        'yesterday',
        {
          prompt: 'methods',
          messages:
            /Picking up your unfinished \/ta log from before the bot restarted \(answered so far: Activity/,
        },
      ],
      ['phone', { prompt: 'summary' }],
    ]);
    expect(first!.messages[0]).toMatch(/^Picking up/);
    expect(second!.messages.join('\n')).not.toMatch(/Picking up/);
  });

  it('no drops it; cancel drops it; a command still runs', async () => {
    const { speaker } = await setup();
    const engine = engineFor(t.ctx, 30);
    await converse(engine, speaker, [['/ta new', { prompt: 'stateCode' }]]);
    later(31);
    await converse(engine, speaker, [
      ['Texas', { prompt: 'resume' }],
      ['no', { prompt: null, messages: /Dropped \/ta new\. Nothing was saved/ }],
      ['Texas', { prompt: null, messages: /There is no question waiting|log/ }],
      ['/ta new', { prompt: 'stateCode' }],
    ]);
    later(31);
    await converse(engine, speaker, [
      ['Texas', { prompt: 'resume' }],
      ['mine', { prompt: null, messages: /Your open activities/ }],
    ]);
  });
});

describe('a plain sentence in a direct message', () => {
  it('starts /ta log even when another dialog expired (that one is dropped, said so)', async () => {
    const { speaker } = await setup();
    const engine = engineFor(t.ctx, 30);
    await converse(engine, speaker, [
      ['/ta new', { prompt: 'stateCode' }],
      ['Maryland', { prompt: 'goalId' }],
    ]);
    later(31);
    const [reply] = await converse(engine, speaker, [
      [
        'held a phone call with Maryland yesterday',
        {
          prompt: 'summary',
          messages: /expired[\s\S]*Your answers \(State\) were dropped[\s\S]*I read that as \/ta log/,
        },
      ],
    ]);
    expect(reply!.messages.join('\n')).not.toMatch(/resume/);
  });

  it('is the start of /ta log', async () => {
    const { speaker } = await setup();
    await converse(engineFor(t.ctx), speaker, [
      [
        'held a phone call with Maryland yesterday',
        {
          prompt: 'summary',
          messages: /I read that as \/ta log[\s\S]*Activity: #\d+ MD — QRIS strategic planning/,
        },
      ],
    ]);
  });

  it('a mistyped verb still gets the closest one, and a sentence with no TA in it says how to log', async () => {
    const { speaker } = await setup();
    await converse(engineFor(t.ctx), speaker, [
      ['shwo 12', { prompt: null, messages: /Did you mean `\/ta show`/ }],
      ['what can you do for me', { prompt: null, messages: /log held a call/ }],
    ]);
  });
});
