import { describe, expect, it } from 'vitest';
import { lastWrote, newsText } from './sync';

describe('newsText', () => {
  it('joins the lines from Rust as sentences', () => {
    const news = { lines: ['Updated from laptop: added GitHub'], changed: true, locked: 0, skipped: [] };
    expect(newsText(news)).toBe('Updated from laptop: added GitHub.');
  });
  it('says when copies need the other password', () => {
    expect(newsText({ lines: [], changed: false, locked: 1, skipped: [] })).toContain('A copy in the sync folder');
    expect(newsText({ lines: ['x'], changed: true, locked: 2, skipped: [] })).toMatch(/^x\. 2 copies/);
  });
});

describe('lastWrote', () => {
  it('names the time, or that it never wrote', () => {
    const d = new Date(2025, 2, 18, 9, 5, 0);
    expect(lastWrote(d.getTime() / 1000)).toBe('last wrote 2025-03-18 09:05');
    expect(lastWrote(null)).toBe('has not written yet');
  });
});
