// R7 requester inputs (zod): name, e-mail, title/role, State or region, CCDF flags; the approval record.
import { describe, expect, it } from 'vitest';
import {
  ApproveRequesterInput,
  ProposeRequesterInput,
  RegionSchema,
} from '../src/rules/requester-schemas.js';

const valid = {
  name: 'Morgan Ellis',
  email: ' Morgan.Ellis@MD.example.gov ',
  title: 'CCDF Administrator',
  stateCode: 'md',
};
const messages = (value: unknown) =>
  (ProposeRequesterInput.safeParse(value).error?.issues ?? []).map((i) => i.message).join('\n');

describe('R7 requester input', () => {
  it('R7 accepts a State requester and trims the e-mail (case is kept; uniqueness ignores it)', () => {
    const r = ProposeRequesterInput.parse(valid);
    expect(r).toMatchObject({
      email: 'Morgan.Ellis@MD.example.gov',
      stateCode: 'MD',
      isCcdfAdministrator: false,
    });
  });

  it('R7 accepts a regional contact with a region and no State', () => {
    const r = ProposeRequesterInput.parse({ ...valid, stateCode: undefined, region: 'Region III' });
    expect(r.region).toBe(3);
    expect(r.stateCode).toBeUndefined();
  });

  it.each([
    [{ ...valid, email: 'morgan.md.gov' }, /E-mail must be an address/],
    [{ ...valid, name: ' ' }, /Full name cannot be empty/],
    [{ ...valid, title: undefined }, /Title or role is required/],
    [{ ...valid, stateCode: undefined }, /State is required/],
    [
      { ...valid, stateCode: undefined, region: 3, isCcdfAdministrator: true },
      /CCDF Administrator belongs to one State/,
    ],
    [{ ...valid, stateCode: undefined, region: 11 }, /Region must be an ACF region from 1 to 10/],
  ])('R7 refuses %j', (value, message) => {
    expect(messages(value)).toMatch(message);
  });

  it.each([
    [5, 5],
    ['5', 5],
    ['V', 5],
    ['region x', 10],
    ['Region I', 1],
  ])('R7 region %j reads as %i', (input, region) => {
    expect(RegionSchema.parse(input)).toBe(region);
  });

  it('R7 an approval names the recorded approver by id, never by a typed name', () => {
    expect(ApproveRequesterInput.parse({ requesterId: 4, approverId: 9 })).toEqual({
      requesterId: 4,
      approverId: 9,
    });
    const bad = ApproveRequesterInput.safeParse({
      requesterId: 4,
      approvedBy: 'Dana Whitfield',
      approvedByRole: 'rpm',
    });
    expect(bad.error?.issues.map((i) => i.path[0])).toEqual(['approverId']);
  });
});
