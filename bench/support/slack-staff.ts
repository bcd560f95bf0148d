// The people of the Slack benchmarks: staff known to the fake Slack (users.info finds their e-mail),
// each primary on a few approved activities with a delivery whose summary is pending, so `/ta mine`
// has real work to list.
import type { Db } from '../../db/client.js';
import type { FakeSlack } from '../../test/support/fake-slack.js';
import { createActivity, createDelivery, createStaff } from '../../test/support/fixtures.js';

/** Seeds `count` such people (ids and e-mails made unique by `tag`); returns their Slack user ids. */
export async function seedSlackStaff(
  db: Db,
  fake: Pick<FakeSlack, 'addUser'>,
  { count, tag, activitiesEach = 3 }: { count: number; tag: string; activitiesEach?: number },
): Promise<string[]> {
  const users: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `U0B${tag.toUpperCase()}${i}`;
    const person = await createStaff(db, { email: `bench-${tag}-${i}@center.example.org`, slackUserId: id });
    for (let k = 0; k < activitiesEach; k++) {
      const activity = await createActivity(db, { primaryStaff: person, tracking: true });
      await createDelivery(db, { activityId: activity.id, endDate: '2026-11-02' });
    }
    fake.addUser({ id, email: person.email });
    users.push(id);
  }
  return users;
}
