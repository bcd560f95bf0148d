// Teams (like any Bot Framework channel) may redeliver an activity when our 200 was late. Each
// activity id is claimed once in processed_events (../processed-events.ts) before anything is done.
export function activityKey(activity: { id?: string; conversation?: { id?: string } }): string | undefined {
  return activity.id ? `teams:${activity.conversation?.id ?? '-'}:${activity.id}` : undefined;
}
