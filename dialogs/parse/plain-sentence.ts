// A line typed without a command that reads as TA delivered ("held a phone call with Maryland
// yesterday"): several words, no search criteria, and a delivery method or a past date in it.
import type { FlowEnv } from '../flow.js';
import { recordDates } from '../flow.js';
import { findDate } from './dates.js';
import { inferMethods } from './methods.js';

export function looksLikeTaDelivered(text: string, env: FlowEnv): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 3 || words.some((w) => w.includes(':') || /^#?\d+$/.test(w))) return false;
  if (inferMethods(text).length > 0) return true;
  const date = findDate(text, recordDates(env));
  return date !== undefined && date.end <= env.today;
}
