// Zod schemas for every activity input (R5–R10, R13, R14, R16, R17). Messages are user-facing:
// each says what is wrong with the field and how to fix it. `parseInput` turns a zod failure into
// an InvalidInput result listing every problem.
import { z } from 'zod';
import deliveryMethodList from '../../db/reference/delivery-methods.json' with { type: 'json' };
import otherCollaboratorList from '../../db/reference/other-collaborators.json' with { type: 'json' };
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, PRIORITIES } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { isIsoDate } from './dates.js';
import { TEXT_LIMITS, tooLongMessage } from './text-limits.js';

export const OTHER_FOCUS = 'Other';

export const DELIVERY_METHOD_CODES: readonly string[] = deliveryMethodList.map((m) => m.code);
export const DELIVERY_METHOD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  deliveryMethodList.map((m) => [m.code, m.label]),
);
export const OTHER_COLLABORATOR_CODES: readonly string[] = otherCollaboratorList.map((c) => c.code);

// ---------- building blocks ----------

const required = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? `${what} is required` : undefined;

/** zod's `.max()` option: the message says how long the text is and what the limit is. */
const tooLong = (what: string, max: number) => ({
  error: (iss: { input?: unknown }) => tooLongMessage(what, max, String(iss.input ?? '').length),
});

const text = (what: string, max: number = TEXT_LIMITS.long) =>
  z
    .string({ error: (iss) => required(what)(iss) ?? `${what} must be text` })
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, tooLong(what, max));

const optionalText = (what: string, max: number = TEXT_LIMITS.long) =>
  z
    .string()
    .trim()
    .max(max, tooLong(what, max))
    .optional()
    .nullable()
    .transform((v) => (v ? v : undefined));

export const isoDate = (what: string) =>
  z
    .string({ error: (iss) => required(what)(iss) ?? `${what} must be a date written YYYY-MM-DD` })
    .trim()
    .refine(isIsoDate, `${what} must be a real date written YYYY-MM-DD, e.g. 2026-11-02`);

export const id = (what: string) =>
  z
    .number({ error: (iss) => required(what)(iss) ?? `${what} must be a number` })
    .int()
    .positive(`${what} must be a positive number`);

const ids = (what: string) =>
  z
    .array(id(what))
    .default([])
    .transform((list) => [...new Set(list)]);

/** R6 */
export const PrioritySchema = z.enum(PRIORITIES, {
  error: 'Priority level must be low, medium or high (R6).',
});

/** R13 */
export const ActivityTypeSchema = z.enum(ACTIVITY_TYPES, {
  error: 'Activity type must be universal, targeted or tailored (tailored/individualized).',
});

export const ActivityStatusSchema = z.enum(ACTIVITY_STATUSES, {
  error: 'Activity status must be planning_in_progress, approved, on_hold or denied.',
});

/** R11: the stages a user may choose (archiving is automatic). */
export const PlanStageSchema = z.enum(['initial', 'intermediate', 'final'], {
  error: 'Plan stage must be initial, intermediate or final (an old final plan is archived automatically).',
});

/** R16: one or more delivery methods from the reference list. */
export const DeliveryMethodsSchema = z
  .array(
    z.string().refine((code) => DELIVERY_METHOD_CODES.includes(code), {
      error: (iss) =>
        `"${String(iss.input)}" is not a delivery method; use one of ${DELIVERY_METHOD_CODES.join(', ')}`,
    }),
    { error: `Delivery methods must be a list; use one or more of ${DELIVERY_METHOD_CODES.join(', ')}` },
  )
  .min(1, `Pick at least one delivery method: ${DELIVERY_METHOD_CODES.join(', ')} (R16).`)
  .transform((list) => [...new Set(list)]);

export const OtherCollaboratorsSchema = z
  .array(
    z.string().refine((code) => OTHER_COLLABORATOR_CODES.includes(code), {
      error: (iss) =>
        `"${String(iss.input)}" is not an other-collaborator option; use one of ${OTHER_COLLABORATOR_CODES.join(', ')}`,
    }),
  )
  .default([])
  .transform((list) => [...new Set(list)]);

/** R14: a note date, defaulting to today (set by the service); the text of the note. */
export const NoteDateSchema = isoDate('Note date').optional();

const MIN_OUTCOME_WORDS = 6;

/** R10: descriptive, concrete, measurable, tied to the goal — at least a real sentence. */
export const OutcomePlanSchema = text('Outcome plan').refine(
  (v) => v.split(/\s+/).filter(Boolean).length >= MIN_OUTCOME_WORDS,
  `Outcome plan is too short: describe in a full sentence what the State or Territory will achieve and by when, e.g. "Territory will update its QRIS strategic plan by the fall of 2027" (R10).`,
);

/** R5: "Other" needs other-focus notes, and notes are only accepted with "Other". */
export function focusProblem(focus: string, otherFocusNotes: string | undefined): string | undefined {
  if (focus === OTHER_FOCUS && !otherFocusNotes?.trim())
    return 'TA focus "Other" needs other-focus notes: briefly describe the focus, e.g. "Health and safety training" (R5).';
  if (focus !== OTHER_FOCUS && otherFocusNotes?.trim())
    return `Other-focus notes are only for TA focus "Other"; remove them, or choose "Other" instead of "${focus}" (R5).`;
  return undefined;
}

function withFocusRule<T extends { focus?: string | undefined; otherFocusNotes?: string | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
) {
  if (value.focus === undefined) return;
  const problem = focusProblem(value.focus, value.otherFocusNotes);
  if (problem) ctx.addIssue({ code: 'custom', path: ['otherFocusNotes'], message: problem });
}

/** Other-collaborator "other" needs details naming who (first and last name, title, organization). */
function withCollaboratorDetails<
  T extends { otherCollaborators?: string[] | undefined; otherCollaboratorDetails?: string | undefined },
>(value: T, ctx: z.RefinementCtx) {
  if (value.otherCollaborators?.includes('other') && !value.otherCollaboratorDetails) {
    ctx.addIssue({
      code: 'custom',
      path: ['otherCollaboratorDetails'],
      message:
        'Other collaborator "other" needs details: name the person (first and last name, title, organization) or the organization.',
    });
  }
}

// ---------- use-case inputs ----------

export const InitialPlanSchema = z.object({ stage: PlanStageSchema, text: text('Plan description') });

export const CreateActivityInput = z
  .object({
    stateCode: text('State', TEXT_LIMITS.short).transform((v) => v.toUpperCase()),
    goalId: id('Goal'),
    strategicAreaId: id('Strategic area'),
    focus: text('TA focus', TEXT_LIMITS.short),
    otherFocusNotes: optionalText('Other-focus notes', TEXT_LIMITS.medium),
    dateOpened: isoDate('Date opened'),
    priority: PrioritySchema,
    requesterIds: z
      .array(id('Requester'), { error: 'Requesters must be a list of requester ids (R7).' })
      .min(1, 'Add at least one requester: the person who asked for the TA (R7).')
      .transform((list) => [...new Set(list)]),
    primaryCenterId: id('Primary center').optional(),
    primaryStaffId: id('Primary staff').optional(),
    collaboratingCenterIds: ids('Collaborating center'),
    collaboratingStaffIds: ids('Collaborating staff'),
    otherCollaborators: OtherCollaboratorsSchema,
    otherCollaboratorDetails: optionalText('Other-collaborator details', TEXT_LIMITS.medium),
    activityType: ActivityTypeSchema,
    outcomePlan: OutcomePlanSchema,
    initialPlan: InitialPlanSchema.optional(),
    ignoreDuplicate: z.boolean().default(false),
  })
  .superRefine(withFocusRule)
  .superRefine(withCollaboratorDetails);
export type CreateActivityInput = z.infer<typeof CreateActivityInput>;

export const UpdateActivityInput = z
  .object({
    activityId: id('TA request #'),
    strategicAreaId: id('Strategic area').optional(),
    focus: text('TA focus', TEXT_LIMITS.short).optional(),
    otherFocusNotes: z
      .string()
      .trim()
      .max(TEXT_LIMITS.medium, tooLong('Other-focus notes', TEXT_LIMITS.medium))
      .nullable()
      .optional(),
    dateOpened: isoDate('Date opened').optional(),
    priority: PrioritySchema.optional(),
    requesterIds: z
      .array(id('Requester'))
      .min(1, 'Keep at least one requester on the activity (R7).')
      .transform((list) => [...new Set(list)])
      .optional(),
    collaboratingCenterIds: z
      .array(id('Collaborating center'))
      .transform((l) => [...new Set(l)])
      .optional(),
    collaboratingStaffIds: z
      .array(id('Collaborating staff'))
      .transform((l) => [...new Set(l)])
      .optional(),
    otherCollaborators: OtherCollaboratorsSchema.optional(),
    otherCollaboratorDetails: z
      .string()
      .trim()
      .max(TEXT_LIMITS.medium, tooLong('Other-collaborator details', TEXT_LIMITS.medium))
      .nullable()
      .optional(),
    activityType: ActivityTypeSchema.optional(),
    outcomePlan: OutcomePlanSchema.optional(),
    outcomeReport: z
      .string()
      .trim()
      .max(TEXT_LIMITS.long, tooLong('Outcome report', TEXT_LIMITS.long))
      .nullable()
      .optional(),
    /** R22: the user confirmed the new focus or strategic area is separate work from an open activity. */
    ignoreDuplicate: z.boolean().optional(),
  })
  .refine(
    (v) =>
      Object.keys(v).some(
        (k) => k !== 'activityId' && k !== 'ignoreDuplicate' && v[k as keyof typeof v] !== undefined,
      ),
    { message: 'Nothing to change: give at least one field to update.' },
  );
export type UpdateActivityInput = z.infer<typeof UpdateActivityInput>;

export const AddPlanDescriptionInput = z.object({
  activityId: id('TA request #'),
  stage: PlanStageSchema,
  text: text('Plan description'),
  noteDate: NoteDateSchema,
});

export const SetActivityStatusInput = z.object({
  activityId: id('TA request #'),
  status: ActivityStatusSchema,
  /** R8: who approved an indirect request: the id of the recorded CCDF Administrator or RPM. */
  indirectApproverId: id('Approver (the recorded CCDF Administrator or RPM)').optional(),
});

/** R22: join an existing open activity instead of creating a duplicate. */
export const JoinActivityInput = z.object({
  activityId: id('TA request #'),
  requesterIds: z
    .array(id('Requester'))
    .default([])
    .transform((l) => [...new Set(l)]),
  collaboratingStaffIds: z
    .array(id('Collaborating staff'))
    .default([])
    .transform((l) => [...new Set(l)]),
});

export const ReassignPrimaryStaffInput = z.object({
  activityId: id('TA request #'),
  staffId: id('New primary staff'),
  /** Defaults to the new primary staff's own center (R9). */
  centerId: id('Primary center').optional(),
  keepPreviousAsCollaborator: z.boolean().default(false),
});

export const RecordDeliveryInput = z
  .object({
    activityId: id('TA request #'),
    startDate: isoDate('Delivery date'),
    endDate: isoDate('Last day of delivery').optional(),
    methods: DeliveryMethodsSchema,
    summary: optionalText('Summary of TA delivered'),
  })
  .refine((v) => !v.endDate || v.endDate >= v.startDate, {
    path: ['endDate'],
    message: 'The last day of delivery cannot be before the first day; give the dates as start then end.',
  });

export const AddSummaryInput = z.object({
  deliveryId: id('Delivery'),
  summary: text('Summary of TA delivered'),
  noteDate: NoteDateSchema,
  /** Revise an existing summary (e.g. after the specialist's monthly review). */
  replace: z.boolean().default(false),
});

export const MarkNoTaMonthInput = z.object({
  activityId: id('TA request #'),
  month: z
    .string({ error: 'Month is required, written YYYY-MM' })
    .trim()
    .refine(
      (v) => /^\d{4}-\d{2}$/.test(v) && isIsoDate(`${v}-01`),
      'Month must be written YYYY-MM, e.g. 2026-11',
    ),
});

/** R17: dated, attributed with full name and title or role. */
export const AddFeedbackInput = z.object({
  activityId: id('TA request #'),
  fromName: text('Full name of who gave the feedback', TEXT_LIMITS.short).refine(
    (v) => v.split(/\s+/).length >= 2,
    'Give the full name (first and last) of who gave the feedback (R17).',
  ),
  fromTitle: text('Title or role of who gave the feedback', TEXT_LIMITS.short),
  text: text('Feedback'),
  noteDate: NoteDateSchema,
});

/** R18 */
export const AddResponseNoteInput = z.object({
  activityId: id('TA request #'),
  text: text('Response note'),
  noteDate: NoteDateSchema,
});

/** R20 */
export const CloseActivityInput = z.object({
  activityId: id('TA request #'),
  completionDate: isoDate('Completion date').optional(),
  outcomeReport: optionalText('Outcome report'),
  /** The user confirms the requesters were asked for feedback. */
  feedbackRequested: z.boolean().default(false),
});

/** R19 */
export const CancelActivityInput = z.object({
  activityId: id('TA request #'),
  reason: optionalText('Reason', TEXT_LIMITS.medium),
  /** R19: the user confirmed no work was done although a response note records some. */
  noWorkConfirmed: z.boolean().optional(),
});

// ---------- parsing ----------

const FIELD_LABELS: Record<string, string> = {
  stateCode: 'State',
  goalId: 'goal',
  strategicAreaId: 'strategic area',
  focus: 'TA focus',
  otherFocusNotes: 'other-focus notes',
  dateOpened: 'date opened',
  priority: 'priority level',
  requesterIds: 'requesters',
  primaryCenterId: 'primary center',
  primaryStaffId: 'primary staff',
  collaboratingCenterIds: 'collaborating centers',
  collaboratingStaffIds: 'collaborating staff',
  otherCollaborators: 'other collaborators',
  otherCollaboratorDetails: 'other-collaborator details',
  activityType: 'activity type',
  outcomePlan: 'outcome plan',
  outcomeReport: 'outcome report',
  methods: 'delivery methods',
  noteDate: 'note date',
  completionDate: 'completion date',
};

export interface InputIssue {
  field: string;
  message: string;
}

/** Validates input; on failure an InvalidInput result whose message lists every problem and its fix. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  const issues: InputIssue[] = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.'),
    message: i.message,
  }));
  // Our messages are sentences naming their field; anything else gets the field's label in front.
  const lines = issues.map((i) => {
    const text = i.message.replace(/\.$/, '');
    if (/^[A-Z"]/.test(text)) return text;
    const label = FIELD_LABELS[i.field.split('.')[0] ?? ''] ?? i.field;
    return label ? `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${text}` : text;
  });
  return fail(ErrorCode.InvalidInput, `Please fix: ${lines.join('; ')}.`, { issues });
}
