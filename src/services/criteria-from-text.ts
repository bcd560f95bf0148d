// `/ta export <criteria>` and `tat export <criteria>`: the typed `/ta find` criteria (R24) as the
// search service's criteria object, names resolved to codes and `staff:` to one staff person
// ("me" is the actor). `/ta find` reads its criteria here too.
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { CRITERIA_HELP, parseCriteria, resolveCriteria } from '../rules/search-criteria-text.js';
import type { ServiceContext } from './context.js';
import { listStates, searchPeople, searchVocabulary } from './lookups.js';

export { CRITERIA_HELP };

export async function criteriaFromText(
  ctx: ServiceContext,
  me: { id: number },
  text: string,
): Promise<Result<Record<string, unknown>>> {
  const states = (await listStates(ctx)).map((s) => ({ code: s.code, name: s.name }));
  const parsed = parseCriteria(text, states);
  if (!parsed.ok) return fail(ErrorCode.InvalidInput, parsed.error);
  // Names as `/ta show` prints them work like codes; an unknown value gets the closest ones (R24).
  const resolved = resolveCriteria(parsed.criteria, await searchVocabulary(ctx));
  if (!resolved.ok) return fail(ErrorCode.InvalidInput, resolved.error);
  const criteria: Record<string, unknown> = { ...resolved.criteria };
  if (parsed.staffQuery === undefined) return ok(criteria);
  if (parsed.staffQuery === 'me') return ok({ ...criteria, staffId: me.id });
  const people = await searchPeople(ctx, 'staff', parsed.staffQuery, { limit: 5 });
  if (people.length === 1) return ok({ ...criteria, staffId: people[0]!.id });
  return fail(
    ErrorCode.InvalidInput,
    people.length
      ? `"${parsed.staffQuery}" fits several staff: ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`
      : `No staff person matches "${parsed.staffQuery}".`,
  );
}
