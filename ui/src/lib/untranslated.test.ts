import { describe, expect, it } from 'vitest';

/**
 * A heuristic scan of every component for words a person would read that do not come from the
 * message catalog (`t('...')`): text between tags, the attributes that are read out or shown
 * (aria-label, title, placeholder, alt, label), string literals in template expressions that
 * look like prose, and in the script, literals given to a toast or set as an error or note.
 */
const COMPONENTS = import.meta.glob(['../**/*.svelte'], { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Symbols that are not words in any language. */
const ALLOWED = new Set(['×', '•', '·', '…', '—', '–', '→', '←', '↑', '↓', '★', '☆', '+', '-', '/', ':', '%', '✓']);

/** Template expressions `{...}` (nested braces and quoted strings included), as [start, end]. */
function expressions(markup: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  let quote = '';
  for (let i = 0; i < markup.length; i++) {
    const c = markup[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (depth > 0 && (c === "'" || c === '"' || c === '`')) quote = c;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) out.push([start, i + 1]);
  }
  return out;
}

/** Names that are the same in every language: brands, algorithms, key names compared in code. */
const NAMES = /^(Lockstep|Steam|SHA\d+|[A-Z]{2,5}|\+?[A-Z0-9]|Escape|Enter|Tab|Backspace|Delete|Home|End|Arrow(Up|Down|Left|Right))$/;

/** Whether a string literal in an expression reads as prose rather than a key, class or value. */
function prose(s: string): boolean {
  if (NAMES.test(s)) return false;
  if (/^[A-Z][a-z]/.test(s)) return true;
  return /\p{Ll}{2,}[ ,]+\p{Ll}{2,}/u.test(s) && !/[-_:;=/]/.test(s);
}

function hasWords(s: string): boolean {
  const rest = [...s.trim()].filter((c) => !ALLOWED.has(c)).join('');
  return /\p{L}/u.test(rest) && !NAMES.test(rest);
}

/** Each human text in a component's source that does not come from `t()`. */
export function untranslated(source: string): string[] {
  const found: string[] = [];
  // The script: literals shown to a person (a toast, an error or note set to a sentence).
  for (const block of source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const m of block[1].matchAll(
      /\b(?:toast\s*\(|(?:\w*[eE]rror|note|message|label)\s*[=:]\s*)\s*(['"`])((?:(?!\1).)*\p{L}(?:(?!\1).)*)\1/gu,
    )) {
      found.push(m[2]);
    }
  }
  let markup = source
    .replace(/<script[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // String literals inside expressions that read as prose, unless they are a t() key.
  for (const [a, b] of expressions(markup)) {
    const expr = markup.slice(a, b);
    for (const m of expr.matchAll(/(?<!\bt\(\s*)(['"`])((?:(?!\1).)+)\1/g)) {
      if (prose(m[2])) found.push(m[2]);
    }
  }
  // Now every expression is a blank: what remains between tags and in attributes is literal.
  let blanked = '';
  let at = 0;
  for (const [a, b] of expressions(markup)) {
    blanked += markup.slice(at, a) + ' ';
    at = b;
  }
  markup = blanked + markup.slice(at);
  for (const m of markup.matchAll(/\b(?:aria-label|title|placeholder|alt|label)="([^"]*)"/g)) {
    if (hasWords(m[1])) found.push(m[1]);
  }
  for (const m of markup.matchAll(/>([^<>]+)</g)) {
    if (hasWords(m[1])) found.push(m[1].trim());
  }
  return found;
}

describe('untranslated text', () => {
  it('finds literal text, read-out attributes and prose in expressions', () => {
    expect(untranslated('<p>Hello there</p>')).toEqual(['Hello there']);
    expect(untranslated('<button aria-label="Close" title="Close it">×</button>')).toEqual(['Close', 'Close it']);
    expect(untranslated('<input placeholder="Search" />')).toEqual(['Search']);
    expect(untranslated("<b>{busy ? 'Saving…' : t('x.save')}</b>")).toEqual(['Saving…']);
    expect(untranslated('<script>toast(\'Copied\'); error = "Wrong password.";</script>')).toEqual([
      'Copied',
      'Wrong password.',
    ]);
    expect(untranslated('<label><input type="checkbox" /> Remember me</label>')).toEqual(['Remember me']);
    expect(untranslated("<script>const items = [{ action: 'edit', label: 'Edit…' }];</script>")).toEqual(['Edit…']);
  });

  it('lets translated text, symbols, values and keys through', () => {
    const ok = `<script lang="ts">
      let kind = $state('totp');
      error = t('unlock.wrong');
      toast(t('rows.copied', { name }));
    </script>
    <button aria-label={t('app.close')} title={t('app.close')} class:on={kind === 'totp'}>×</button>
    <p class="muted">{t('a.b', { count: n })} • {entry.issuer}</p>
    <span data-testid="x-y" class={open ? 'menu-open' : 'menu'}>{n}%</span>
    <option value="SHA1">SHA1</option> {#if e.key === 'Escape'}{/if}
    <style>.x { content: 'Some words'; }</style>
    <!-- A comment in English -->`;
    expect(untranslated(ok)).toEqual([]);
  });

  it('finds none in the components', () => {
    const found = Object.entries(COMPONENTS).flatMap(([file, src]) => untranslated(src).map((s) => `${file}: ${s}`));
    expect(Object.keys(COMPONENTS).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
