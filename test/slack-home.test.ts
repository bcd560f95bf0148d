// App Home's "due this week" on every day of the week: on a Saturday or Sunday it is the work week
// ahead, so a summary due on Monday shows (it used to say "Nothing due this week").
import { describe, expect, it } from 'vitest';
import { renderHome } from '../adapters/slack/render-home.js';
import type { MyActivity } from '../src/services/list-my-activities.js';
import { textOf } from './support/slack-harness.js';

const activity = (due: string): MyActivity => ({
  activityId: 7,
  stateCode: 'CA',
  focus: 'QRIS strategic planning',
  otherFocusNotes: null,
  role: 'primary',
  activityStatus: 'approved',
  currentStage: 'final',
  trackingOpen: true,
  dateOpened: '2026-11-02',
  pending: [
    {
      deliveryId: 1,
      startDate: '2026-11-20',
      endDate: '2026-11-20',
      methods: ['onsite'],
      due,
      timeliness: 'due_soon',
    },
  ] as MyActivity['pending'],
  nextDue: due,
  worst: 'due_soon',
});

describe('Slack App Home', () => {
  it.each([
    ['Saturday', '2026-11-28'],
    ['Sunday', '2026-11-29'],
    ['Monday', '2026-11-30'],
  ])('R1 on a %s a summary due Monday 11/30 is listed as due', (_day, today) => {
    const text = textOf(renderHome({ today, activities: [activity('2026-11-30')], feedback: [] }).blocks);
    expect(text).toContain('summary due 11/30/26');
    expect(text).not.toContain('Nothing due');
  });

  it('R1 on a Wednesday a summary due next Monday is not this week', () => {
    const text = textOf(
      renderHome({ today: '2026-11-25', activities: [activity('2026-11-30')], feedback: [] }).blocks,
    );
    expect(text).toContain('Nothing due this week');
  });
});
