import { describe, expect, it } from 'vitest';
import { type CoachCode, coachSummary, splitSentences } from '../src/rules/summary-coaching.js';

const people = [
  { name: 'Amy Jones', suggestion: 'SCBC' },
  { name: 'Pat Rivera', suggestion: 'the CCDF Administrator' },
];
const codes = (text: string, methods?: string[]) =>
  coachSummary(text, { people, ...(methods ? { methods } : {}) }).warnings.map((w) => w.code);

describe('R15 summary coaching', () => {
  // The Quick Guide's own examples of good summaries draw no warning.
  it.each([
    'State X participated in a peer-to-peer call with States Y and Z to discuss CCR&R agency restructuring efforts. Follow-up remote consultation was provided by Center A in collaboration with Center B on 11/02/26.',
    'Territory X received a two-day onsite visit focused on strategic planning for the roll-out of its QRIS system, scheduled for May 2027.',
    'State received one TA memo, (TITLE), and two information products (TITLE, TITLE). State has incorporated the information in these documents into its revised policy.',
  ])('R15 accepts the Quick Guide example "%s"', (text) => {
    expect(coachSummary(text, { people })).toEqual({ warnings: [] });
  });

  it.each<[string, CoachCode[]]>([
    [
      'SCBC facilitated an onsite meeting. The State reviewed the draft. The workgroup agreed on tiers.',
      ['too_long'],
    ],
    [
      'SCBC provided remote consultation; the State will adopt the standards in June.',
      ['future_or_planning'],
    ],
    ['SCBC plans to deliver a webinar on QRIS validation.', ['future_or_planning']],
    ['SCBC shared a memo on next steps for the registry.', ['future_or_planning']],
    ['A webinar is scheduled with the licensing team.', ['future_or_planning']],
    ['SCBC held a planning call with the State team.', ['future_or_planning']],
    ['Amy Jones facilitated a remote meeting with the licensing team.', ['names_person']],
    ['Amy led an onsite session on QRIS.', ['names_person']],
    ['SCBC called Ms. Rivera to discuss the plan by phone.', ['names_person']],
    ['SCBC reviewed the State licensing regulations with the licensing team.', ['no_delivery_method']],
    ['First, SCBC reviewed the rules by phone, then drafted a memo.', ['step_by_step']],
    ['SCBC facilitated a remote meeting. After that, ECQA shared resources.', ['step_by_step']],
  ])('R15 "%s" draws %j', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('R15 "first" as an adjective is not step-by-step detail', () => {
    expect(codes('The State received its first onsite visit on QRIS validation.')).toEqual([]);
  });

  it('R15 rewrite drops future sentences and replaces names with their title or center', () => {
    const c = coachSummary(
      'Amy Jones met with Pat Rivera by phone to review the QRIS standards. SCBC will send a draft crosswalk next week.',
      { people },
    );
    expect(c.suggestion).toBe('SCBC met with the CCDF Administrator by phone to review the QRIS standards.');
  });

  it('R15 rewrite keeps the first two sentences and strips sequence markers', () => {
    const c = coachSummary(
      'First, SCBC reviewed the licensing rules by phone, then drafted a memo. After that, the State discussed it by e-mail. The team met again onsite. Next steps: schedule a webinar.',
      { people },
    );
    expect(c.warnings.map((w) => w.code)).toEqual(['too_long', 'future_or_planning', 'step_by_step']);
    expect(c.suggestion).toBe(
      'SCBC reviewed the licensing rules by phone and drafted a memo. The State discussed it by e-mail.',
    );
  });

  it('R15 rewrite adds the recorded delivery methods when the text names none', () => {
    const c = coachSummary('SCBC reviewed the State licensing regulations with the licensing team.', {
      methods: ['Remote/virtual', 'Phone'],
    });
    expect(c.suggestion).toBe(
      'SCBC reviewed the State licensing regulations with the licensing team (remote/virtual and phone).',
    );
  });

  it('R15 a requester name at the start of a sentence becomes a capitalized role', () => {
    const c = coachSummary('Pat Rivera received two information products by e-mail.', { people });
    expect(c.suggestion).toBe('The CCDF Administrator received two information products by e-mail.');
  });

  it('R15 no rewrite when nothing but future plans is left', () => {
    const c = coachSummary('SCBC will deliver a webinar next month.', { people });
    expect(c.warnings.map((w) => w.code)).toEqual(['future_or_planning']);
    expect(c.suggestion).toBeUndefined();
  });

  it('R15 an empty summary is coached, not refused', () => {
    expect(coachSummary('   ').warnings.map((w) => w.code)).toEqual(['empty']);
  });

  it.each([
    ['One. Two.', ['One.', 'Two.']],
    [
      'Dr. Jones met the U.S. team by phone. It went well.',
      ['Dr. Jones met the U.S. team by phone.', 'It went well.'],
    ],
    ['SCBC sent e.g. a memo. Then more.', ['SCBC sent e.g. a memo.', 'Then more.']],
    [
      'On 11/02/26 SCBC called. "Great," said the State.',
      ['On 11/02/26 SCBC called.', '"Great," said the State.'],
    ],
  ])('R15 splits "%s" into sentences', (text, sentences) => {
    expect(splitSentences(text)).toEqual(sentences);
  });
});
