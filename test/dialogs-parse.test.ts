// Parsing for the dialogs: dates in the user's zone, delivery methods from words, choices, the
// command grammar, search criteria and recognizing an activity from free text.
import { describe, expect, it } from 'vitest';
import { closestVerb, parseInput } from '../dialogs/commands.js';
import { clearMatch, spellOutStates, statesMentioned } from '../dialogs/parse/activity-match.js';
import { matchChoice, matchChoices } from '../dialogs/parse/choice.js';
import { findDate, parseDateAnswer } from '../dialogs/parse/dates.js';
import { inferMethods } from '../dialogs/parse/methods.js';
import { parseCriteria } from '../src/rules/search-criteria-text.js';

// Monday 2026-11-23, 10:00 in New York.
const ny = { now: new Date('2026-11-23T15:00:00Z'), timeZone: 'America/New_York', today: '2026-11-23' };
// The same instant is already Tuesday 2026-11-24 in Guam.
const guam = { now: new Date('2026-11-23T15:00:00Z'), timeZone: 'Pacific/Guam', today: '2026-11-24' };

describe('dates (chrono-node, user time zone, past by default)', () => {
  it.each([
    ['yesterday', ny, '2026-11-22', '2026-11-22'],
    ['yesterday', guam, '2026-11-23', '2026-11-23'],
    ['last Tuesday', ny, '2026-11-17', '2026-11-17'],
    ['tuesday', ny, '2026-11-17', '2026-11-17'],
    ['11/18', ny, '2026-11-18', '2026-11-18'],
    ['Nov 3-4', ny, '2026-11-03', '2026-11-04'],
    [
      'held a two-day onsite visit with MD on QRIS strategic planning Nov 3-4',
      ny,
      '2026-11-03',
      '2026-11-04',
    ],
    ['2026-11-02..2026-11-04', ny, '2026-11-02', '2026-11-04'],
    ['Nov 30 - Dec 2, 2025', ny, '2025-11-30', '2025-12-02'],
  ])('%s (%s) → %s..%s', (text, dc, start, end) => {
    expect(findDate(text, dc)).toMatchObject({ start, end });
  });

  it.each([
    ['next Friday', /12\/04\/26 is in the future/],
    ['tomorrow', /11\/24\/26 is in the future/],
    ['Dec 5, 2026', /12\/05\/26 is in the future/],
    ['Nov 20-25', /11\/20\/26–11\/25\/26 is in the future/],
  ])('refuses %s, a date really in the future, instead of moving it', (text, error) => {
    const r = parseDateAnswer(text, ny, { allowRange: true, what: 'delivery date' });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(error) });
  });

  it.each([
    ['Dec 5', '2025-12-05', '2025-12-05'],
    ['5/1', '2026-05-01', '2026-05-01'],
    ['Dec 30 - Jan 2', '2025-12-30', '2026-01-02'],
  ])('reads %s without a year as the most recent past one', (text, start, end) => {
    expect(parseDateAnswer(text, ny, { allowRange: true, what: 'delivery date' })).toMatchObject({
      ok: true,
      range: { start, end },
    });
  });

  it.each([
    ['nothing here', /could not read a date/],
    ['Nov 3-4', /single day/],
  ])('refuses %s for a single-day answer', (text, error) => {
    const r = parseDateAnswer(text, ny, { allowRange: false, what: 'date opened' });
    expect(r.ok ? '' : r.error).toMatch(error);
  });
});

describe('R16 delivery methods inferred from words', () => {
  it.each([
    ['held a two-day onsite visit', ['onsite']],
    ['on-site meeting and a phone call', ['onsite', 'phone']],
    ['a zoom call with the State', ['remote']],
    ['virtual session', ['remote']],
    ['hosted a webinar', ['webinar']],
    ['peer to peer exchange', ['peer_to_peer']],
    ['peer-to-peer learning', ['peer_to_peer']],
    ['delivered a training', ['training']],
    ['sent an e-mail', ['email']],
    ['shared a memo and a brief', ['information_product']],
    ['reviewed their data', ['data_analysis']],
    ['facilitated the workgroup', ['meeting_facilitation']],
    ['talked', []],
  ])('%s → %j', (text, codes) => {
    expect(inferMethods(text).map((m) => m.code)).toEqual(codes);
  });
});

describe('choices', () => {
  const choices = [
    { value: 'low', label: 'Low' },
    { value: 'medium', label: 'Medium' },
    { value: 'high', label: 'High' },
  ];
  it.each([
    ['2', 'medium'],
    ['High', 'high'],
    ['med', 'medium'],
  ])('%s → %s', (input, value) => {
    const m = matchChoice(input, choices, 'typed');
    expect(m.ok && m.value.value).toBe(value);
  });
  // Values that look like positions: an activity #3 shown third-from-last, a requester with id 3.
  const numbered = [
    { value: '9', label: '#9 MD' },
    { value: '12', label: '#12 VA' },
    { value: '3', label: '#3 TX' },
  ];
  it.each([
    ['picked', '3', '3'],
    ['picked', '9', '9'],
    ['typed', '3', '3'],
    ['typed', '1', '9'],
    ['typed', '#3', '3'],
  ] as const)('a %s %s is read as %s (picked values are never positions)', (source, input, value) => {
    const m = matchChoice(input, numbered, source);
    expect(m.ok && m.value.value).toBe(value);
  });
  it('a picked number that is no longer a value is refused, not read as a position', () => {
    const m = matchChoice('2', numbered, 'picked');
    expect(m.ok ? '' : m.error).toMatch(/no longer on the list/);
  });
  it('several picked values are values', () => {
    const m = matchChoices(['3', '9'], numbered, 'picked');
    expect(m.ok && m.value.map((c) => c.value)).toEqual(['3', '9']);
  });
  it.each([
    ['hihg', 'high', 'I took "hihg" as High.'],
    ['Meduim', 'medium', 'I took "Meduim" as Medium.'],
    ['lwo', 'low', 'I took "lwo" as Low.'],
  ])('a typo %s is taken as %s and the reply says so', (input, value, note) => {
    const m = matchChoice(input, choices, 'typed');
    expect(m.ok && [m.value.value, m.note]).toEqual([value, note]);
  });
  it('a typo as close to two choices is refused', () => {
    const m = matchChoice(
      'cat',
      [
        { value: 'a', label: 'Car' },
        { value: 'b', label: 'Hat' },
      ],
      'typed',
    );
    expect(m.ok).toBe(false);
  });
  it('never reads a number off the list as part of a label', () => {
    const m = matchChoice(
      '9',
      [
        { value: '1', label: 'Goal x19' },
        { value: '2', label: 'Goal y29' },
      ],
      'typed',
    );
    expect(m.ok ? '' : m.error).toMatch(/^9 is not on the list/);
  });
  it('refuses an answer that is not a choice, listing them', () => {
    const m = matchChoice('urgent', choices, 'typed');
    expect(m.ok ? '' : m.error).toMatch(/1\. Low; 2\. Medium; 3\. High/);
  });
  it('reads several answers', () => {
    const m = matchChoices('1 and high', choices, 'typed');
    expect(m.ok && m.value.map((c) => c.value)).toEqual(['low', 'high']);
  });
});

describe('command grammar', () => {
  it.each([
    ['/ta log held a call yesterday', true, { kind: 'command', verb: 'log', args: 'held a call yesterday' }],
    ['log 42', true, { kind: 'command', verb: 'log', args: '42' }],
    ['no-ta 42 2026-11', true, { kind: 'command', verb: 'no-ta', args: '42 2026-11' }],
    ['/ta', true, { kind: 'command', verb: 'help' }],
    ['/ta serch state:MD', false, { kind: 'unknown', word: 'serch', suggestion: 'find' }],
    ['/ta lgo', false, { kind: 'unknown', word: 'lgo', suggestion: 'log' }],
    ['log 42', false, { kind: 'text', text: 'log 42' }],
    ['/ta search state:MD', false, { kind: 'command', verb: 'find', args: 'state:MD' }],
  ])('%s (bare=%s)', (line, bare, expected) => {
    expect(parseInput(line, { bare })).toMatchObject(expected);
  });
  it('suggests the closest verb by edit distance', () => {
    expect(closestVerb('stauts')).toBe('status');
    expect(closestVerb('snoze')).toBe('snooze');
    expect(closestVerb('xyzzy')).toBeUndefined();
  });
});

const STATES = [
  { code: 'MD', name: 'Maryland' },
  { code: 'TX', name: 'Texas' },
  { code: 'VA', name: 'Virginia' },
  { code: 'WV', name: 'West Virginia' },
];

describe('R24 find criteria', () => {
  it('reads keys, quoted values, ranges and bare words', () => {
    const r = parseCriteria(
      'state:MD status:approved opened:2026-01-01..2026-06-30 area:"QRIS validation" open #12',
      STATES,
    );
    expect(r).toEqual({
      ok: true,
      criteria: {
        stateCode: 'MD',
        activityStatus: 'approved',
        opened: { from: '2026-01-01', to: '2026-06-30' },
        strategicArea: 'QRIS validation',
        completionStatus: 'open',
        requestId: 12,
      },
    });
  });
  it('turns staff into a query for the caller, and refuses unknown keys with help', () => {
    expect(parseCriteria('staff:me texas', STATES)).toEqual({
      ok: true,
      criteria: { stateCode: 'TX' },
      staffQuery: 'me',
    });
    const bad = parseCriteria('colour:red', STATES);
    expect(bad.ok ? '' : bad.error).toMatch(/"colour" is not a search criterion/);
    const badDate = parseCriteria('opened:2026-13-01..', STATES);
    expect(badDate.ok ? '' : badDate.error).toMatch(/not a date/);
  });
});

describe('recognizing the activity in free text', () => {
  const targets = [
    { id: 1, stateCode: 'MD', focus: 'QRIS strategic planning' },
    { id: 2, stateCode: 'TX', focus: 'QRIS strategic planning' },
    { id: 3, stateCode: 'MD', focus: 'Director credential' },
  ];
  it.each([
    ['onsite visit with MD on QRIS strategic planning', 1],
    ['call with Texas about QRIS planning', 2],
    ['director credential webinar', 3],
    ['webinar for Maryland', undefined],
    ['qris strategic planning', undefined],
  ])('%s → %s', (text, id) => {
    expect(clearMatch(text, targets, STATES)?.id).toBe(id);
  });
  it('reads State names before codes, longest first', () => {
    expect(statesMentioned('visit to West Virginia', STATES)).toEqual(['WV']);
    expect(spellOutStates('met with MD and TX staff', STATES)).toBe('met with Maryland and Texas staff');
  });
});
