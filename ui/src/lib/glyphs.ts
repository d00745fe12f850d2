// Bundled logos are drawn inline in their rows from path data (no image document per row; see
// docs/performance.md, "Issuer icons"). Each icon is asked for once and kept, the most recently
// used `MAX`, so a row scrolled back into view draws at once.
import { iconGlyph, type Glyph } from './api';

const MAX = 256;
const loaded = new Map<string, Glyph | null>();
const pending = new Map<string, Promise<Glyph | null>>();

/** The glyph of `slug` if it was loaded already (null: the set has no such icon). */
export function knownGlyph(slug: string): Glyph | null | undefined {
  const g = loaded.get(slug);
  if (g !== undefined) {
    loaded.delete(slug);
    loaded.set(slug, g);
  }
  return g;
}

/** Loads the glyph of `slug` (once, however many rows ask at the same time). */
export function loadGlyph(slug: string): Promise<Glyph | null> {
  const known = knownGlyph(slug);
  if (known !== undefined) return Promise.resolve(known);
  let p = pending.get(slug);
  if (!p) {
    p = iconGlyph(slug)
      .catch(() => null)
      .then((g) => {
        pending.delete(slug);
        loaded.set(slug, g);
        if (loaded.size > MAX) loaded.delete(loaded.keys().next().value as string);
        return g;
      });
    pending.set(slug, p);
  }
  return p;
}
