import { describe, expect, it } from 'vitest';
import {
  addTag,
  allTags,
  bareSecret,
  clampBox,
  dropIndex,
  gridColumns,
  moveInGrid,
  tagSuggestions,
  favoritesFirst,
  initial,
  moveSelection,
  isLive,
  nextWake,
  remainingAt,
  ringOffset,
  showNext,
  toBase64,
  visibleRange, ringState, copiedMessage } from './format';
import { spoken } from './format';

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
  it('empties the ring as the period runs out', () => {
    expect(ringOffset(30, 30)).toBe(0);
    expect(ringOffset(15, 30)).toBe(50);
    expect(ringOffset(1, 60)).toBeCloseTo(98.33, 2);
    expect(ringOffset(5, 0)).toBe(0);
  });
  it('shows the next code only near the end', () => {
    expect(showNext(5, 30)).toBe(true);
    expect(showNext(6, 30)).toBe(false);
    expect(showNext(0, 0)).toBe(false);
  });
});

describe('nextWake', () => {
  // Brute force, the independent value: the first whole second after `nowMs` at which a
  // calm list must repaint (a code turns, the next code appears, or a 5-second step).
  function firstChange(nowMs: number, periods: number[]): number {
    for (let s = Math.floor(nowMs / 1000) + 1; ; s++) {
      const turns = periods.some((p) => s % p === 0 || s % p === p - Math.min(5, p));
      if (s % 5 === 0 || turns) return s * 1000 - nowMs + 5;
    }
  }

  it('wakes every second while live, just after the second turns', () => {
    expect(nextWake(10_000, [30], true)).toBe(1005);
    expect(nextWake(10_999, [30], true)).toBe(6);
    expect(nextWake(10_400, [30, 60], true)).toBe(605);
  });

  it('when calm wakes at 5-second steps, code changes and next-code times only', () => {
    expect(nextWake(1_000, [30], false)).toBe(4005); // 5 s step
    expect(nextWake(21_000, [30], false)).toBe(4005); // 25 s: next code shows
    expect(nextWake(25_500, [30], false)).toBe(4505); // 30 s: new code
    expect(nextWake(41_000, [45], false)).toBe(4005); // 45 s period: boundary at 45
    expect(nextWake(36_200, [7], false)).toBe(805); // 7 s period: at 37 s (42 − 5) the next code shows
    for (const periods of [[30], [60], [30, 60], [45], [7, 30], [10], [1], []]) {
      for (let ms = 0; ms < 130_000; ms += 337) {
        expect(nextWake(ms, periods, false)).toBe(firstChange(ms, periods));
      }
    }
  });

  it('never waits more than a second live or five calm', () => {
    for (let ms = 0; ms < 70_000; ms += 251) {
      expect(nextWake(ms, [30, 60], true)).toBeLessThanOrEqual(1005);
      expect(nextWake(ms, [30, 60], false)).toBeLessThanOrEqual(5005);
    }
  });
});

describe('isLive', () => {
  it('is live in front until 30 s after the last input', () => {
    expect(isLive(100_000, 100_000, true)).toBe(true);
    expect(isLive(129_999, 100_000, true)).toBe(true);
    expect(isLive(130_000, 100_000, true)).toBe(false);
    expect(isLive(5_000, 0, true, 5_000)).toBe(false);
  });
  it('is never live behind other windows', () => {
    expect(isLive(100_000, 100_000, false)).toBe(false);
  });
});

describe('search and order', () => {
  const entries = [
    { issuer: 'GitHub', account: 'me@x.org', tags: ['work'], favorite: false },
    { issuer: 'Proton', account: 'alice', tags: [], favorite: true },
    { issuer: '', account: 'bob@mail', tags: ['home'], favorite: false },
  ];
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
});


describe('toBase64', () => {
  it('encodes bytes like the standard alphabet', () => {
    expect(toBase64(new Uint8Array([]))).toBe('');
    expect(toBase64(new TextEncoder().encode('otpauth'))).toBe('b3RwYXV0aA==');
    expect(toBase64(new Uint8Array(70_000).fill(255)).length).toBe(93_336);
  });
});

describe('allTags', () => {
  it('lists each tag once, sorted without regard to case', () => {
    expect(allTags([{ tags: ['work', 'Bank'] }, { tags: [] }, { tags: ['bank', 'work', 'alpha'] }])).toEqual([
      'alpha',
      'Bank',
      'bank',
      'work',
    ]);
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    // 1,000 rows of 60 px, 600 px tall view scrolled to row 100.
    expect(visibleRange(6000, 600, 60, 1000, 4)).toEqual({ start: 96, end: 114 });
    expect(visibleRange(0, 600, 60, 1000, 4)).toEqual({ start: 0, end: 14 });
    expect(visibleRange(59_990, 600, 60, 1000, 4)).toEqual({ start: 995, end: 1000 });
  });
  it('handles an empty list, a short list and a negative (rubber-band) scroll', () => {
    expect(visibleRange(0, 600, 60, 0, 4)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 600, 60, 3, 4)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(-40, 600, 60, 50, 2)).toEqual({ start: 0, end: 12 });
  });
});

describe('dropIndex', () => {
  it('picks the nearest slot between rows, within 0..=count', () => {
    expect(dropIndex(-10, 60, 5)).toBe(0);
    expect(dropIndex(29, 60, 5)).toBe(0);
    expect(dropIndex(31, 60, 5)).toBe(1);
    expect(dropIndex(150, 60, 5)).toBe(3);
    expect(dropIndex(10_000, 60, 5)).toBe(5);
  });
});

describe('rows (issue 20, items 6-8)', () => {
  it('uses columns of cards only when two fit', () => {
    expect(gridColumns(340)).toBe(1);
    expect(gridColumns(420)).toBe(1);
    expect(gridColumns(760)).toBe(2);
    expect(gridColumns(1280)).toBe(3);
    expect(gridColumns(4000)).toBe(4);
    expect(gridColumns(0)).toBe(1);
  });

  it('moves a selection through a grid row by row', () => {
    // 7 cards in 3 columns: 0 1 2 / 3 4 5 / 6
    expect(moveInGrid(-1, 'down', 3, 7)).toBe(0);
    expect(moveInGrid(1, 'down', 3, 7)).toBe(4);
    expect(moveInGrid(4, 'down', 3, 7)).toBe(4);
    expect(moveInGrid(3, 'down', 3, 7)).toBe(6);
    expect(moveInGrid(4, 'up', 3, 7)).toBe(1);
    expect(moveInGrid(1, 'up', 3, 7)).toBe(1);
    expect(moveInGrid(2, 'right', 3, 7)).toBe(3);
    expect(moveInGrid(0, 'left', 3, 7)).toBe(0);
    expect(moveInGrid(2, 'left', 1, 7)).toBe(2);
    expect(moveInGrid(2, 'down', 1, 7)).toBe(3);
  });

  it('takes a bare base32 secret for one, and nothing else', () => {
    expect(bareSecret('jbsw y3dp ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP');
    expect(bareSecret(' JBSW-Y3DP-EHPK-3PXP== \n')).toBe('JBSWY3DPEHPK3PXP');
    expect(bareSecret('otpauth://totp/A?secret=JBSWY3DPEHPK3PXP')).toBeNull();
    expect(bareSecret('JBSWY3DP')).toBeNull(); // too short to be a secret rather than a word
    expect(bareSecret('JBSWY3DPEHPK3PX0')).toBeNull(); // 0 is not base32
    expect(bareSecret('Hello, this is a sentence')).toBeNull();
  });

  it('suggests the vault tags not yet typed, matching the piece being typed', () => {
    const vault = ['home', 'Money', 'work'];
    expect(tagSuggestions('', vault)).toEqual(['home', 'Money', 'work']);
    expect(tagSuggestions('work, ', vault)).toEqual(['home', 'Money']);
    expect(tagSuggestions('WORK, mo', vault)).toEqual(['Money']);
    expect(tagSuggestions('home', vault)).toEqual([]);
    expect(addTag('work, mo', 'Money')).toBe('work, Money, ');
    expect(addTag('', 'home')).toBe('home, ');
  });

  it('keeps a tooltip or menu inside the viewport', () => {
    expect(clampBox(300, 400, 200, 100, 340, 420)).toEqual({ x: 136, y: 316 });
    expect(clampBox(-20, -5, 50, 50, 340, 420)).toEqual({ x: 4, y: 4 });
    expect(clampBox(10, 10, 50, 50, 340, 420)).toEqual({ x: 10, y: 10 });
  });
});

describe('ringState', () => {
  it('turns to the warning colour in the last 5 seconds and says the seconds left', () => {
    expect(ringState(6, 30)).toEqual({ warning: false, label: '6 seconds left' });
    expect(ringState(5, 30)).toEqual({ warning: true, label: '5 seconds left' });
    expect(ringState(1, 30)).toEqual({ warning: true, label: '1 second left' });
  });
});

describe('copiedMessage', () => {
  it('names the account', () => {
    expect(copiedMessage({ name: 'GitHub (alice)' })).toBe('Copied the code of GitHub (alice)');
  });
});

describe('spoken', () => {
  it('reads a code one character at a time', () => {
    expect(spoken('492039')).toBe('4 9 2 0 3 9');
    expect(spoken('4920 3977')).toBe('4 9 2 0 3 9 7 7');
    expect(spoken('2K7QX')).toBe('2 K 7 Q X');
    expect(spoken('')).toBe('');
  });
});
