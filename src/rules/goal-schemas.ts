// R21 goal inputs: one category, an optional related category different from it, readiness, a start
// date and a title; strategic areas with optional notes; dated update notes. Whether codes and names
// exist in the reference lists is checked by the services (that needs the database).
import { z } from 'zod';
import { READINESS } from '../../db/schema.js';
import { id, isoDate } from './schemas.js';

export const OTHER_STRATEGIC_AREA = 'Other';

const required = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? `${what} is required` : `${what} must be text`;

const text = (what: string, max: number) =>
  z
    .string({ error: required(what) })
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} must be at most ${max} characters`);

const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : undefined));

export const StateCodeSchema = z
  .string({ error: required('State') })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'State must be a two-letter State or Territory code, e.g. MD or GU');

export const CategoryCodeSchema = text('Goal category', 60);

export const ReadinessSchema = z.enum(READINESS, {
  error:
    'Readiness must be least, somewhat or most (how likely the goal is accomplished in the next 2–3 years)',
});

export const StrategicAreaSchema = z.object({
  name: text('Strategic area', 200),
  notes: optionalText('Strategic area notes', 2000),
});

export const CreateGoalInput = z
  .object({
    stateCode: StateCodeSchema,
    categoryCode: CategoryCodeSchema,
    relatedCategoryCode: optionalText('Related goal category', 60),
    readiness: ReadinessSchema,
    startDate: isoDate('Start date'),
    title: text('Goal', 300),
    strategicAreas: z
      .array(StrategicAreaSchema)
      .max(20, 'Give at most 20 strategic areas at once')
      .default([]),
  })
  .refine((g) => g.relatedCategoryCode === undefined || g.relatedCategoryCode !== g.categoryCode, {
    path: ['relatedCategoryCode'],
    message:
      'Related goal category must differ from the goal category; leave it empty unless another category is essential to the goal (R21)',
  });
export type CreateGoalInput = z.output<typeof CreateGoalInput>;

export const AddStrategicAreaInput = StrategicAreaSchema.extend({ goalId: id('Goal') });
export type AddStrategicAreaInput = z.output<typeof AddStrategicAreaInput>;

/** A dated update note (R14); the date defaults to today in the program time zone. */
export const GoalNoteInput = z.object({
  goalId: id('Goal'),
  text: text('Goal update note', 4000),
  noteDate: isoDate('Note date').optional(),
});
export type GoalNoteInput = z.output<typeof GoalNoteInput>;

/** R21: closing needs an explanatory note; it becomes the goal's completion note. */
export const CloseGoalInput = z.object({
  goalId: id('Goal'),
  note: text(
    'Explanatory note (why the goal is closed, e.g. "All TA activities complete. No further TA requested.")',
    4000,
  ),
});
export type CloseGoalInput = z.output<typeof CloseGoalInput>;

/** A strategic area named "Other" needs notes saying what it covers (as R5 asks of an "Other" focus). */
export function otherAreaNeedsNotes(area: { name: string; notes?: string | undefined }): boolean {
  return area.name.toLowerCase() === OTHER_STRATEGIC_AREA.toLowerCase() && !area.notes;
}
