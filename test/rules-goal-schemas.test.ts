// R21 goal inputs (zod): category, related category different from it, readiness, start date, title,
// strategic areas with optional notes, dated goal notes and the closing note.
import { describe, expect, it } from 'vitest';
import {
  AddStrategicAreaInput,
  CloseGoalInput,
  CreateGoalInput,
  GoalNoteInput,
  otherAreaNeedsNotes,
} from '../src/rules/goal-schemas.js';

const valid = {
  stateCode: 'md',
  categoryCode: 'quality_improvement',
  relatedCategoryCode: 'workforce',
  readiness: 'somewhat',
  startDate: '2026-10-01',
  title: 'Maryland will revise its QRIS.',
  strategicAreas: [{ name: 'Early learning and development guidelines', notes: '  ' }],
};

const problems = (
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  value: unknown,
) => schema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('R21 goal input', () => {
  it('R21 accepts a complete goal and normalizes it', () => {
    const parsed = CreateGoalInput.parse(valid);
    expect(parsed.stateCode).toBe('MD');
    expect(parsed.strategicAreas[0]!.notes).toBeUndefined();
  });

  it('R21 the related category is optional', () => {
    const { relatedCategoryCode: _, ...rest } = valid;
    expect(CreateGoalInput.parse(rest).relatedCategoryCode).toBeUndefined();
    expect(CreateGoalInput.parse({ ...rest, relatedCategoryCode: '' }).relatedCategoryCode).toBeUndefined();
    expect(CreateGoalInput.parse({ ...rest, strategicAreas: undefined }).strategicAreas).toEqual([]);
  });

  it('R21 refuses a related category equal to the goal category', () => {
    expect(problems(CreateGoalInput, { ...valid, relatedCategoryCode: 'quality_improvement' })).toEqual([
      expect.stringMatching(/^relatedCategoryCode: Related goal category must differ/),
    ]);
  });

  it.each([
    ['readiness', 'very', /Readiness must be least, somewhat or most/],
    ['startDate', '2026-02-30', /Start date must be a real date/],
    ['startDate', '10/01/2026', /Start date must be a real date/],
    ['title', '   ', /Goal cannot be empty/],
    ['stateCode', 'Maryland', /two-letter State or Territory code/],
    ['categoryCode', '', /Goal category cannot be empty/],
  ])('R21 refuses %s = %j', (field, value, message) => {
    expect(problems(CreateGoalInput, { ...valid, [field]: value }).join('\n')).toMatch(message);
  });

  it.each(['least', 'somewhat', 'most'])('R21 readiness %s is accepted', (readiness) => {
    expect(CreateGoalInput.safeParse({ ...valid, readiness }).success).toBe(true);
  });

  it('R21 lists every missing field at once', () => {
    const fields = (CreateGoalInput.safeParse({}).error?.issues ?? []).map((i) => i.path[0]);
    expect(fields).toEqual(
      expect.arrayContaining(['stateCode', 'categoryCode', 'readiness', 'startDate', 'title']),
    );
  });

  it('R21 a strategic area needs a name; notes are optional', () => {
    expect(AddStrategicAreaInput.safeParse({ goalId: 3, name: 'Continuity of care' }).success).toBe(true);
    expect(problems(AddStrategicAreaInput, { goalId: 3, name: '' }).join()).toMatch(
      /Strategic area cannot be empty/,
    );
    expect(problems(AddStrategicAreaInput, { name: 'x' }).join()).toMatch(/Goal is required/);
  });

  it('R21 a strategic area "Other" needs notes saying what it covers', () => {
    expect(otherAreaNeedsNotes({ name: 'other' })).toBe(true);
    expect(otherAreaNeedsNotes({ name: 'Other', notes: 'Tribal consultation' })).toBe(false);
    expect(otherAreaNeedsNotes({ name: 'Continuity of care' })).toBe(false);
  });

  it('R14 a goal note has text and an optional date', () => {
    expect(GoalNoteInput.parse({ goalId: 1, text: ' Goal updated. ' })).toEqual({
      goalId: 1,
      text: 'Goal updated.',
    });
    expect(problems(GoalNoteInput, { goalId: 1, text: 'x', noteDate: 'yesterday' }).join()).toMatch(
      /Note date/,
    );
  });

  it('R21 closing a goal needs an explanatory note', () => {
    expect(problems(CloseGoalInput, { goalId: 1 }).join()).toMatch(/Explanatory note .* is required/);
    expect(problems(CloseGoalInput, { goalId: 1, note: '  ' }).join()).toMatch(
      /Explanatory note .* cannot be empty/,
    );
    expect(CloseGoalInput.safeParse({ goalId: 1, note: 'All TA activities complete.' }).success).toBe(true);
  });
});
