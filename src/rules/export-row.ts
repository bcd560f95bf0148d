// R24 export: one CSV row per TA activity, every TAT field in the Quick Guide's order, dated notes as
// `MM/DD/YY: text` (R14), one note per line inside its cell. Pure: the export service feeds it the
// records it reads (src/services/export-records.ts), the two delivery cells already formatted.
import { formatNoteDate, type IsoDate } from './dates.js';
import { PLAN_STAGE_LABELS, type PlanStage } from './plan-stages.js';
import { DELIVERY_METHOD_LABELS } from './schemas.js';
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from './tracking-gate.js';

/** The header row, in the Quick Guide's order (creation tab, tracking tab, response notes, completion). */
export const EXPORT_HEADERS = [
  'TA request #',
  'State/Territory',
  'Region',
  'Goal',
  'Goal category',
  'Related goal category',
  'Strategic area',
  'TA focus',
  'Other TA focus notes',
  'Priority level',
  'Requesters',
  'Primary center',
  'Primary staff person',
  'Collaborating centers',
  'Collaborating staff',
  'Other collaborators',
  'Details on other collaborators',
  'TA activity type',
  'TA activity status',
  'Date opened',
  'Date entered',
  'Entered late (R2)',
  'State/Territory outcome plan',
  'TA activity description notes',
  'TA delivered (dates and delivery methods)',
  'Summary of TA delivered notes',
  'Requester feedback/closing comments',
  'TA response notes',
  'Completion status',
  'Completion date',
  'State/Territory outcome report',
  'Requester feedback asked',
] as const;

/** One activity as the export query builds it (keys kept short: 100,000 of these cross the wire). */
export interface ExportRecord {
  id: number;
  state: string;
  stateCode: string;
  region: number;
  goal: string;
  category: string;
  related: string | null;
  area: string;
  focus: string;
  otherFocus: string | null;
  priority: string;
  /** [name, title, e-mail] */
  requesters: [string, string, string][] | null;
  pcCode: string;
  pcName: string;
  staff: string;
  staffEmail: string;
  collabCenters: string[] | null;
  collabStaff: string[] | null;
  others: string[] | null;
  otherDetails: string | null;
  type: string;
  status: string;
  opened: IsoDate;
  entered: IsoDate;
  late: boolean;
  outcomePlan: string;
  /** [date, stage, text] */
  plans: [IsoDate, PlanStage, string][] | null;
  /** The deliveries cell as the database puts it together: `MM/DD/YY[-MM/DD/YY]: code,code` lines. */
  delivered: string | null;
  /** The delivery summaries cell, likewise: `MM/DD/YY: text` per summarized delivery. */
  summaries: string | null;
  /** [date, from name, from title, text] */
  feedback: [IsoDate, string, string, string][] | null;
  /** [date, text] */
  notes: [IsoDate, string][] | null;
  completion: string;
  completed: IsoDate | null;
  outcomeReport: string | null;
  feedbackAsked: IsoDate | null;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const TYPE_LABELS: Record<string, string> = {
  universal: 'Universal',
  targeted: 'Targeted',
  tailored: 'Tailored/individualized',
};
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const dated = (date: IsoDate, text: string) => `${formatNoteDate(date)}: ${text}`;
const lines = (list: string[] | null | undefined) => (list ?? []).join('\n');

const labelsByCodes = new Map<string, string>();
/** `onsite,remote` → `Onsite, Remote/virtual`, remembered: few method sets recur across 1M lines. */
function methodLabels(codes: string): string {
  let labels = labelsByCodes.get(codes);
  if (labels === undefined) {
    labels = codes
      .split(',')
      .map((m) => DELIVERY_METHOD_LABELS[m] ?? m)
      .join(', ');
    if (labelsByCodes.size < 1000) labelsByCodes.set(codes, labels);
  }
  return labels;
}

/** The CSV cells of one activity, in EXPORT_HEADERS order. */
export function exportRow(r: ExportRecord): string[] {
  return [
    String(r.id),
    `${r.state} (${r.stateCode})`,
    `Region ${ROMAN[r.region - 1] ?? r.region}`,
    r.goal,
    r.category,
    r.related ?? '',
    r.area,
    r.focus,
    r.otherFocus ?? '',
    capital(r.priority),
    lines(r.requesters?.map(([name, title, email]) => `${name}, ${title} <${email}>`)),
    `${r.pcCode} (${r.pcName})`,
    `${r.staff} <${r.staffEmail}>`,
    (r.collabCenters ?? []).join('; '),
    (r.collabStaff ?? []).join('; '),
    (r.others ?? []).join('; '),
    r.otherDetails ?? '',
    TYPE_LABELS[r.type] ?? r.type,
    capital(ACTIVITY_STATUS_LABELS[r.status as ActivityStatus] ?? r.status),
    formatNoteDate(r.opened),
    formatNoteDate(r.entered),
    r.late ? 'Yes' : 'No',
    r.outcomePlan,
    lines(
      r.plans?.map(([date, stage, text]) =>
        dated(date, `(${capital(PLAN_STAGE_LABELS[stage] ?? stage)}) ${text}`),
      ),
    ),
    r.delivered?.replace(/: ([^\n]*)/g, (_line, codes: string) => `: ${methodLabels(codes)}`) ?? '',
    r.summaries ?? '',
    lines(
      r.feedback?.map(([date, name, title, text]) =>
        dated(date, `received from ${name}, ${title}: "${text}"`),
      ),
    ),
    lines(r.notes?.map(([date, text]) => dated(date, text))),
    capital(r.completion),
    r.completed ? formatNoteDate(r.completed) : '',
    r.outcomeReport ?? '',
    r.feedbackAsked ? formatNoteDate(r.feedbackAsked) : '',
  ];
}
