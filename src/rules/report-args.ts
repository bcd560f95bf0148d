// `/ta report [YYYY-MM] [state:… center:…]` and `tat report --month YYYY-MM [state:… center:…]`: which
// month and whose records. Pure; whether the person may see that scope is the report service's job.
import { type IsoDate, isIsoDate } from './dates.js';

export type ReportScopeRequest =
  | { kind: 'default' }
  | { kind: 'program' }
  | { kind: 'states'; stateCodes: string[] }
  | { kind: 'center'; centerCode: string };

export type ParsedReportArgs =
  | { ok: true; month: string; scope: ReportScopeRequest }
  | { ok: false; error: string };

export const REPORT_HELP =
  'Write `/ta report [YYYY-MM] [state:MD state:GU | center:SCBC | program]`; the month defaults to the one before today.';

/** The month before `today` (the month a first-business-day review looks back on). */
export function previousMonth(today: IsoDate): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function parseReportArgs(text: string, today: IsoDate): ParsedReportArgs {
  let month: string | undefined;
  const stateCodes: string[] = [];
  let centerCode: string | undefined;
  let program = false;
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const kv = /^([a-z]+):(.*)$/i.exec(token);
    const key = kv?.[1]?.toLowerCase();
    const value = kv?.[2]?.trim() ?? '';
    if (/^\d{4}-\d{2}$/.test(token)) {
      if (!isIsoDate(`${token}-01`)) return { ok: false, error: `"${token}" is not a month. ${REPORT_HELP}` };
      if (month) return { ok: false, error: `Give one month, not ${month} and ${token}.` };
      month = token;
    } else if (key === 'state' && /^[a-z]{2}$/i.test(value)) stateCodes.push(value.toUpperCase());
    else if (key === 'center' && value) {
      if (centerCode) return { ok: false, error: `Give one center, not ${centerCode} and ${value}.` };
      centerCode = value.toUpperCase();
    } else if (/^(program|all)$/i.test(token)) program = true;
    else return { ok: false, error: `I don't understand "${token}" in the report. ${REPORT_HELP}` };
  }
  const kinds = [stateCodes.length > 0, centerCode !== undefined, program].filter(Boolean).length;
  if (kinds > 1)
    return { ok: false, error: `Report on States, a center or the program, one at a time. ${REPORT_HELP}` };
  const chosen = month ?? previousMonth(today);
  if (`${chosen}-01` > today)
    return { ok: false, error: `${chosen} has not started yet; pick this month or an earlier one.` };
  const scope: ReportScopeRequest = program
    ? { kind: 'program' }
    : centerCode
      ? { kind: 'center', centerCode }
      : stateCodes.length
        ? { kind: 'states', stateCodes: [...new Set(stateCodes)].sort() }
        : { kind: 'default' };
  return { ok: true, month: chosen, scope };
}
