import { describe, expect, it } from 'vitest';
import {
  favoritesFirst,
  filterEntries,
  groupCode,
  initial,
  moveSelection,
  msToNextBoundary,
  msToNextEvent,
  parseTags,
  remainingAt,
  ringDelay,
  showNext,
} from './format';

describe('groupCode', () => {
  it('groups like the core', () => {
    expect(groupCode('123456')).toBe('123 456');
    expect(groupCode('1234567')).toBe('123 4567');
    expect(groupCode('12345678')).toBe('1234 5678');
    expect(groupCode('123456789')).toBe('123 456 789');
    expect(groupCode('1234567890')).toBe('123 456 7890');
  });
  it('leaves Steam and empty codes alone', () => {
    expect(groupCode('5X7KQ')).toBe('5X7KQ');
    expect(groupCode('')).toBe('');
  });
});

describe('countdown', () => {
  it('counts down from the period to 1', () => {
    expect(remainingAt(30, 0)).toBe(30);
    expect(remainingAt(30, 29_999)).toBe(1);
    expect(remainingAt(30, 30_000)).toBe(30);
    expect(remainingAt(60, 59_000)).toBe(1);
  });
  it('matches the RFC 6238 time of 59 s', () => {
    expect(remainingAt(30, 59_000)).toBe(1);
  });
  it('places the ring at the phase of the period', () => {
    expect(ringDelay(30, 45_500)).toBe('-15.5s');
    expect(ringDelay(30, 60_000)).toBe('-0s');
  });
  it('asks for codes at the earliest boundary', () => {
    expect(msToNextBoundary([30, 60], 50_000)).toBe(10_000);
    expect(msToNextBoundary([60], 50_000)).toBe(10_000);
    expect(msToNextBoundary([], 1)).toBe(30_000);
    expect(msToNextBoundary([0], 1)).toBe(30_000);
  });
  it('shows the next code only near the end', () => {
    expect(showNext(5, 30)).toBe(true);
    expect(showNext(6, 30)).toBe(false);
    expect(showNext(0, 0)).toBe(false);
  });
});

describe('search and order', () => {
  const entries = [
    { issuer: 'GitHub', account: 'me@x.org', tags: ['work'], favorite: false },
    { issuer: 'Proton', account: 'alice', tags: [], favorite: true },
    { issuer: '', account: 'bob@mail', tags: ['home'], favorite: false },
  ];
  it('matches every word in issuer, account or tags, any case', () => {
    expect(filterEntries(entries, 'git')).toHaveLength(1);
    expect(filterEntries(entries, 'GIT work')).toHaveLength(1);
    expect(filterEntries(entries, 'git home')).toHaveLength(0);
    expect(filterEntries(entries, 'HOME')[0].account).toBe('bob@mail');
    expect(filterEntries(entries, '   ')).toHaveLength(3);
  });
  it('puts favorites first and keeps the order otherwise', () => {
    expect(favoritesFirst(entries).map((e) => e.issuer)).toEqual(['Proton', 'GitHub', '']);
  });
  it('clamps keyboard moves', () => {
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
  it('uses the issuer initial, else the account', () => {
    expect(initial({ issuer: 'github', account: 'x' })).toBe('G');
    expect(initial({ issuer: '', account: 'bob' })).toBe('B');
    expect(initial({ issuer: ' ', account: '' })).toBe('?');
  });
  it('splits tags', () => {
    expect(parseTags(' work, home,,work ')).toEqual(['work', 'home']);
  });
});

describe('msToNextEvent', () => {
  it('wakes at the next-code window, then at the boundary', () => {
    expect(msToNextEvent([30], 10_000)).toBe(15_000);
    expect(msToNextEvent([30], 26_000)).toBe(4_000);
    expect(msToNextEvent([30, 60], 40_000)).toBe(15_000);
    expect(msToNextEvent([], 0)).toBe(30_000);
  });
});
