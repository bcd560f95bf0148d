// Slack redelivers an event when it did not see our 200 in time (x-slack-retry-num) and may deliver
// the same event id twice. These keys are claimed once in processed_events (../processed-events.ts).
/** The dedupe key of an inbound Slack body, if it has a natural one. */
export function dedupeKey(body: Record<string, unknown>): string | undefined {
  const team = (body.team_id as string | undefined) ?? (body.team as { id?: string } | undefined)?.id ?? '-';
  if (typeof body.event_id === 'string') return `slack:${team}:event:${body.event_id}`;
  // Slash commands carry a trigger_id unique to the invocation; a redelivery repeats it.
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string')
    return `slack:${team}:command:${body.trigger_id}`;
  return undefined;
}
