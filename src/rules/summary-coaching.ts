// R15 Summary language. A summary of TA delivered is one or two sentences about TA the State
// received: no future plans or planning, people by title or role (actions credited to centers),
// no step-by-step detail, and it says how the TA was delivered (R16). Coached, never refused: the
// result lists warnings and, when it can, a rewrite built from the user's own text.

export interface CoachPerson {
  /** Full name as known (staff or requester). */
  name: string;
  /** What to write instead: a center code for staff ("SCBC"), a title or role for requesters. */
  suggestion: string;
}

export interface CoachOptions {
  people?: readonly CoachPerson[];
  /** Labels of the delivery's methods; used to add the method to the rewrite when the text lacks one. */
  methods?: readonly string[];
}

export type CoachCode =
  | 'empty'
  | 'too_long'
  | 'future_or_planning'
  | 'names_person'
  | 'no_delivery_method'
  | 'step_by_step';

export interface CoachWarning {
  code: CoachCode;
  message: string;
}

export interface Coaching {
  warnings: CoachWarning[];
  /** A rewrite of the text that addresses the warnings it can; absent when no change helps. */
  suggestion?: string;
}

const MAX_SENTENCES = 2;

// Endings that do not close a sentence: titles, initials, common abbreviations.
const ABBREVIATION =
  /(?:\b(?:Dr|Mr|Mrs|Ms|Mx|St|Jr|Sr|vs|etc|approx|Inc|No|Dept)|\b[A-Z]|\be\.g|\bi\.e|\bU\.S)\.$/;

/** Splits text into sentences, keeping the closing punctuation. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?]+["”’')]*\s+(?=["“‘(]?[A-Z0-9])/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    const candidate = text.slice(start, end).trim();
    if (ABBREVIATION.test(candidate)) continue;
    sentences.push(candidate);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

// Future plans. "scheduled for <date>" alone is allowed: the Quick Guide's own example describes a
// State's roll-out "scheduled for May 20XX"; TA being scheduled ("is scheduled", "scheduled a") is not.
const FUTURE: readonly RegExp[] = [
  /\bwill\b/i,
  /\bshall\b/i,
  /\bgoing to\b/i,
  /\bplan(?:s|ned)? to\b/i,
  /\bintends? to\b/i,
  /\b(?:hope|hopes|expect|expects) to\b/i,
  /\bnext steps?\b/i,
  /\bupcoming\b/i,
  /\bin the (?:coming|next) (?:days|weeks|months?)\b/i,
  /\bnext (?:week|month|quarter|year)\b/i,
  /\b(?:is|are|was|were|been|be|now) (?:being )?scheduled\b/i,
  /\bscheduled (?:to|a|an|the)\b/i,
];
// Planning done during the month ("strategic planning" as a topic of TA is fine).
const PLANNING: readonly RegExp[] = [
  /\bplanning (?:to|for (?:the )?(?:next|upcoming|future))\b/i,
  /\bplanning (?:calls?|meetings?|sessions?|discussions?)\b/i,
  /\b(?:held|began|begun|started|continued|did|conducted|completed|began) (?:the |some )?planning\b/i,
  /\bplanned (?:the|a|an|for)\b/i,
];

// Step-by-step detail: sequence markers at a sentence start, or chaining inside one.
const STEP_LEAD =
  /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after that|afterwards?|subsequently|finally|lastly)\b,?\s*/i;
const STEP_INSIDE: readonly RegExp[] = [
  /\bafter that\b/i,
  /\bafterwards?\b/i,
  /\bsubsequently\b/i,
  /\bstep (?:one|two|three|\d+)\b/i,
  /,?\s+and then\b/i,
  /,\s*then\b/i,
  /;\s*then\b/i,
];

// R16 delivery methods and the words people use for them.
const METHOD_WORDS =
  /\b(?:on-?site|on site|in[- ]person|site visits?|visits?|remote(?:ly)?|virtual(?:ly)?|video|zoom|online|web ?conference|phone|telephone|calls?|conference calls?|e-?mails?|peer[- ]to[- ]peer|peer exchanges?|peer learning|webinars?|trainings?|trained|information products?|memos?|briefs?|toolkits?|resources?|fact sheets?|publications?|data analysis|analy[sz]ed|analysis|meetings?|facilitat\w*|convened)\b/i;

// Capitalized words that are more often ordinary words than a person's first or last name.
const NOT_NAMES = new Set([
  'May',
  'June',
  'April',
  'August',
  'Will',
  'Mark',
  'Grace',
  'Hope',
  'Faith',
  'Joy',
  'Bill',
  'Frank',
  'Center',
  'State',
]);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface NameMatcher {
  person: CoachPerson;
  patterns: RegExp[];
}

function nameMatchers(people: readonly CoachPerson[]): NameMatcher[] {
  const seen = new Set<string>();
  const out: NameMatcher[] = [];
  for (const person of people) {
    const name = person.name.trim().replace(/\s+/g, ' ');
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const parts = name.split(' ');
    const patterns = [new RegExp(`\\b${parts.map(escape).join('\\s+')}\\b`, 'gi')];
    const last = parts.at(-1)!;
    if (parts.length > 1) {
      patterns.push(new RegExp(`\\b(?:Dr|Mr|Mrs|Ms|Mx|Miss)\\.?\\s+${escapeRe(last)}\\b`, 'g'));
      // Single first or last names: case-sensitive, capitalized, not a common word.
      for (const part of [parts[0]!, last]) {
        if (part.length >= 3 && /^[A-Z]/.test(part) && !NOT_NAMES.has(part)) {
          patterns.push(new RegExp(`\\b${escapeRe(part)}\\b`, 'g'));
        }
      }
    }
    out.push({ person: { name, suggestion: person.suggestion }, patterns });
  }
  return out;
}

// R15: a person named by given name even when not on record, as in the Quick Guide's own "Amy to
// provide xyz": a capitalized word (with an optional surname) right before an action verb, or a
// courtesy title before a name. Words that are more often places, bodies or roles are left alone.
const ACTION_AFTER_NAME =
  /\b([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?)\s+(?:(?:will|to|also|then|has|had|was)\s+)?(?:provided|provide|presented|present|met|meet|led|lead|shared|share|delivered|deliver|facilitated|facilitate|trained|train|reviewed|review|drafted|draft|sent|send|called|call|gave|give|hosted|host|conducted|conduct|emailed|e-mailed|contacted|contact|worked|developed|prepared|prepare|discussed|explained|answered|helped|help|coached|walked|offered|wrote|write|created|create|supported|support|connected|spoke|talked|followed)\b/g;
const COURTESY_NAME = /\b(?:Dr|Mr|Mrs|Ms|Mx|Miss)\.?\s+[A-Z][a-z]+\b/g;
const NOT_PEOPLE = new Set(
  (
    'The This That These Those There They We You He She It Our Their His Her Its Everyone Someone Both All Each ' +
    'State States Territory Territories Center Centers Staff Specialist Administrator Administrators Team Teams ' +
    'Region Regional Office Department Division Agency Bureau Committee Council Workgroup Participants ' +
    'Providers Provider Director Directors Manager Coordinator Lead Leadership Tribe Tribes County Counties ' +
    'City Program Programs Board Partners Partner Group Grantee Grantees Requester Requesters Contractor ' +
    'Consultant Consultants Experts Trainers Presenters Facilitators Attendees Members Leaders Officials ' +
    'Researchers Stakeholders Families Parents Children Agencies Organizations Also Together Later Today ' +
    'Yesterday Afterwards Finally Then Next First Last Quality Health Safety Licensing Workforce ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March July September October ' +
    'November December TA Technical National Federal Alabama Alaska Arizona Arkansas California Colorado ' +
    'Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine ' +
    'Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma ' +
    'Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming Guam Samoa ' +
    'Puerto Rico Islands Mariana Columbia Carolina Dakota Hampshire Jersey Mexico York Rhode Island West ' +
    'North South New American Northern Virgin District'
  ).split(' '),
);

/** Given names (and courtesy-titled names) in the text that no known person accounts for. */
export function unknownNames(text: string, known: readonly string[] = []): string[] {
  const knownWords = new Set(known.flatMap((n) => n.split(/\s+/)).map((w) => w.toLowerCase()));
  const found: string[] = [];
  const titled = new Set<string>();
  for (const m of text.matchAll(COURTESY_NAME)) {
    const last = m[0].split(/\s+/).at(-1)!;
    titled.add(last);
    if (!knownWords.has(last.toLowerCase())) found.push(m[0]);
  }
  for (const m of text.matchAll(ACTION_AFTER_NAME)) {
    const words = m[1]!.split(/\s+/);
    const skip = (w: string) =>
      NOT_PEOPLE.has(w) || NOT_NAMES.has(w) || knownWords.has(w.toLowerCase()) || titled.has(w);
    if (!words.some(skip)) found.push(m[1]!);
  }
  return [...new Set(found)];
}

/** The role-not-name advice (R15) for a name in the text. */
function nameWarnings(text: string, matchers: NameMatcher[]): CoachWarning[] {
  const warnings: CoachWarning[] = [];
  for (const m of matchers) {
    const found = m.patterns.map((re) => text.match(re)?.[0]).find(Boolean);
    if (found) {
      warnings.push({
        code: 'names_person',
        message: `Name people by title or role and credit actions to centers: write "${m.person.suggestion}" instead of "${found}".`,
      });
    }
  }
  for (const name of unknownNames(
    text,
    matchers.map((m) => m.person.name),
  )) {
    warnings.push({
      code: 'names_person',
      message: `Name people by title or role and credit actions to centers: write the center (e.g. "SCBC") or the person's title (e.g. "the CCDF Administrator") instead of "${name}".`,
    });
  }
  return warnings;
}

/**
 * R15: the same role-not-name and credit-the-center advice for plan descriptions and response
 * notes (only that advice: they may speak of plans and detail). Pure; never refuses.
 */
export function coachNoteNames(text: string, people: readonly CoachPerson[] = []): CoachWarning[] {
  return nameWarnings(text.trim(), nameMatchers(people));
}

const isFuture = (s: string) => FUTURE.some((re) => re.test(s)) || PLANNING.some((re) => re.test(s));
const hasSteps = (s: string) => STEP_LEAD.test(s) || STEP_INSIDE.some((re) => re.test(s));

function stripSteps(sentence: string): string {
  let s = sentence.replace(STEP_LEAD, '');
  s = s
    .replace(/,?\s+and then\b/gi, ' and')
    .replace(/[,;]\s*then\b/gi, ' and')
    .replace(/,?\s*(?:after that|afterwards?|subsequently),?\s*/gi, ' ');
  s = s.replace(/\s{2,}/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function replaceNames(text: string, matchers: NameMatcher[]): string {
  let out = text;
  for (const m of matchers) for (const re of m.patterns) out = out.replace(re, m.person.suggestion);
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function appendMethods(text: string, methods: readonly string[]): string {
  const list = methods.map((m) => m.toLowerCase());
  const phrase = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
  const m = /[.!?]*$/.exec(text)!;
  return `${text.slice(0, m.index)} (${phrase})${m[0] || '.'}`;
}

/** R15: coach a summary of TA delivered. Pure; never refuses. */
export function coachSummary(text: string, options: CoachOptions = {}): Coaching {
  const trimmed = text.trim();
  if (!trimmed) {
    return {
      warnings: [
        {
          code: 'empty',
          message: 'The summary is empty: in one or two sentences, say what TA the State received and how.',
        },
      ],
    };
  }
  const warnings: CoachWarning[] = [];
  const sentences = splitSentences(trimmed);

  if (sentences.length > MAX_SENTENCES) {
    warnings.push({
      code: 'too_long',
      message: `Keep the summary to one or two sentences (this one has ${sentences.length}); detail belongs in response notes.`,
    });
  }

  const future = sentences.filter(isFuture);
  if (future.length > 0) {
    warnings.push({
      code: 'future_or_planning',
      message: `Leave out future plans and planning ("${future[0]}"): a summary covers only TA the State already received; plans go in a response note or the plan description.`,
    });
  }

  const matchers = nameMatchers(options.people ?? []);
  warnings.push(...nameWarnings(trimmed, matchers));

  if (!METHOD_WORDS.test(trimmed)) {
    warnings.push({
      code: 'no_delivery_method',
      message:
        'Say how the TA was delivered: onsite, remote/virtual, phone, e-mail, peer-to-peer, webinar, training, information product, data analysis or meeting facilitation.',
    });
  }

  if (sentences.some(hasSteps)) {
    warnings.push({
      code: 'step_by_step',
      message:
        'Leave out step-by-step detail ("first", "then", "after that"): say what TA the State received, not how it was done.',
    });
  }

  if (warnings.length === 0) return { warnings };

  // The rewrite: drop future/planning sentences, strip sequence markers, keep two sentences,
  // replace names, and add the delivery methods when the text names none.
  let kept = sentences
    .filter((s) => !isFuture(s))
    .map(stripSteps)
    .slice(0, MAX_SENTENCES);
  kept = kept.map((s) => replaceNames(s, matchers));
  let suggestion = kept.join(' ');
  if (suggestion && options.methods?.length && !METHOD_WORDS.test(suggestion)) {
    suggestion = appendMethods(suggestion, options.methods);
  }
  return suggestion && suggestion !== trimmed ? { warnings, suggestion } : { warnings };
}
