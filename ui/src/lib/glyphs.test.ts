import { beforeEach, describe, expect, it, vi } from 'vitest';

// The command behind lib/api.ts's iconGlyph, answered here: GitHub exists, anything else not,
// and "broken" fails the way a failed IPC call does.
const calls: string[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: async (cmd: string, args: { slug: string }) => {
    calls.push(`${cmd}:${args.slug}`);
    if (args.slug === 'broken') throw new Error('ipc');
    return args.slug.startsWith('brand') || args.slug === 'github'
      ? { title: args.slug, hex: '181717', path: `M0 0h${args.slug.length}` }
      : null;
  },
  convertFileSrc: (p: string) => p,
}));

const { knownGlyph, loadGlyph } = await import('./glyphs');

beforeEach(() => {
  calls.length = 0;
});

describe('glyphs', () => {
  it('asks once for rows that ask at the same time, then knows it', async () => {
    const [a, b] = await Promise.all([loadGlyph('github'), loadGlyph('github')]);
    expect(a).toEqual({ title: 'github', hex: '181717', path: 'M0 0h6' });
    expect(b).toBe(a);
    expect(calls).toEqual(['icon_glyph:github']);
    expect(knownGlyph('github')).toBe(a);
    await loadGlyph('github');
    expect(calls).toEqual(['icon_glyph:github']);
  });

  it('remembers that an icon is missing, and a failed call gives the letter', async () => {
    expect(knownGlyph('nope')).toBeUndefined();
    expect(await loadGlyph('nope')).toBeNull();
    expect(knownGlyph('nope')).toBeNull();
    expect(await loadGlyph('broken')).toBeNull();
  });

  it('keeps at most 256, the least recently used leaving first', async () => {
    // Known so far: github, nope, broken (github the least recently used after this test's
    // first line touches nope and broken).
    knownGlyph('nope');
    knownGlyph('broken');
    for (let i = 0; i < 254; i++) await loadGlyph(`brand${i}`);
    expect(knownGlyph('github')).toBeUndefined();
    expect(knownGlyph('brand0')).not.toBeUndefined(); // now the most recent
    await loadGlyph('brand254');
    expect(knownGlyph('brand0')).not.toBeUndefined();
    expect(knownGlyph('nope')).toBeUndefined();
    calls.length = 0;
    await loadGlyph('github');
    expect(calls).toEqual(['icon_glyph:github']);
  });
});
