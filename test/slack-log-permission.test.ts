// R25 in Slack: permission to log on an activity is checked when the activity is named, before any
// question is asked (it used to be refused only at Save, after every answer was given).
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { commandFields, type Harness, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('Slack log permission', () => {
  it('R25 /ta log on someone else’s activity is refused at once, before the questions', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { email: 'u0perm@center.example.org', states: ['MD'] });
    h.fake.addUser({ id: 'U0PERM', email: me.email });
    const other = await createStaff(t.ctx.db, { email: 'sam@center.example.org', states: ['TX'] });
    const theirs = await createActivity(t.ctx.db, { primaryStaff: other, stateCode: 'TX', tracking: true });
    await h.slack.command(commandFields(h, 'U0PERM', `log ${theirs.id}`));
    const reply = await h.fake.waitFor(() => h!.fake.responses[0], 'the reply');
    const text = textOf(reply.body.blocks);
    expect(text).toContain(`You are not primary or collaborating staff on TA request #${theirs.id}`);
    expect(text).not.toContain('When was the TA delivered');
    expect(await t.ctx.db.query.dialogStates.findMany()).toHaveLength(0);
  });
});
