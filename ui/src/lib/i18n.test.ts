import { describe, expect, it } from 'vitest';
import {
  LANGUAGES,
  format,
  language,
  loadCatalog,
  pluralCategory,
  resolveLanguage,
  setLanguage,
  t,
  translate,
  type Catalog,
  type Language,
  type Message,
} from './i18n.svelte';
import en from '../locales/en.json';
import sv from '../locales/sv.json';
import de from '../locales/de.json';

/** The catalog files themselves, read here, not through the module's loader. */
const CATALOGS: Record<Language, Catalog> = { en, sv, de };

/** Every .svelte and .ts file under src/, tests and this module's own file excepted. */
const SOURCES = import.meta.glob(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts', '!./i18n.svelte.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
/** The tray menu (Rust) takes its labels from the same catalogs: `i18n::tr(lang, "tray.lock", ..)`. */
const TRAY = import.meta.glob('../../../src-tauri/src/tray.rs', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** The keys the code looks up: the literal first argument of every `t(...)` call (and `tr(lang, "...")` in Rust). */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const text of Object.values(SOURCES)) {
    for (const m of text.matchAll(/(?<![\w.$])t\(\s*(['"`])([^'"`]+)\1/g)) keys.add(m[2]);
  }
  for (const text of Object.values(TRAY)) {
    for (const m of text.matchAll(/\btr\(\s*\w+,\s*"([^"]+)"/g)) keys.add(m[1]);
  }
  return keys;
}

function placeholders(m: Message): string[] {
  const texts = typeof m === 'string' ? [m] : Object.values(m);
  return [...new Set(texts.flatMap((s) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();
}

describe('message catalogs', () => {
  const used = usedKeys();

  it('reads the sources it checks', () => {
    expect(Object.keys(SOURCES).some((f) => f.endsWith('App.svelte'))).toBe(true);
    expect(Object.keys(TRAY)).toHaveLength(1);
  });
  const english = Object.keys(CATALOGS.en);

  it('has every key the code uses, in every language', () => {
    for (const lang of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      const missing = [...used].filter((k) => !(k in CATALOGS[lang]));
      expect(missing, `missing in ${lang}.json`).toEqual([]);
    }
  });

  it('has no key the code never uses', () => {
    expect(english.filter((k) => !used.has(k)), 'unused keys in en.json').toEqual([]);
  });

  it('has the same keys and placeholders in every language', () => {
    for (const lang of ['sv', 'de'] as const) {
      expect(Object.keys(CATALOGS[lang]).sort(), `${lang}.json keys`).toEqual([...english].sort());
      for (const key of english) {
        expect(placeholders(CATALOGS[lang][key]), `${lang}: ${key}`).toEqual(placeholders(CATALOGS.en[key]));
      }
    }
  });

  it('gives every plural message the forms its language needs', () => {
    for (const lang of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      const rules = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, m] of Object.entries(CATALOGS[lang])) {
        if (typeof m === 'string') continue;
        for (const rule of rules) expect(m[rule], `${lang}: ${key}.${rule}`).toBeTypeOf('string');
      }
    }
  });
});

describe('plural categories', () => {
  it('agree with Intl.PluralRules in every language', () => {
    const counts = [0, 1, 2, 3, 5, 11, 21, 100, 101, 1000, 1.5, 0.5, -1, 1e6];
    for (const lang of Object.keys(LANGUAGES)) {
      const rules = new Intl.PluralRules(lang);
      for (const n of counts) expect(pluralCategory(n), `${lang}: ${n}`).toBe(rules.select(n));
    }
  });
});

describe('lookup', () => {
  it('follows the setting, then the system, then English', () => {
    expect(resolveLanguage('de', ['sv-SE'])).toBe('de');
    expect(resolveLanguage('system', ['fr-FR', 'sv-SE', 'en-US'])).toBe('sv');
    expect(resolveLanguage('system', ['de_AT'])).toBe('de');
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Copied {name}', { name: 'GitHub' })).toBe('Copied GitHub');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('falls back to the key when no catalog has it', () => {
    expect(translate('sv', 'no.such.key')).toBe('no.such.key');
  });
});

// Runs in file order: German and Swedish are not loaded before these tests load them.
describe('catalogs loaded on demand', () => {
  it('keeps the window in English until the chosen catalog has loaded, then switches', async () => {
    expect(language()).toBe('en');
    expect(CATALOGS.sv['app.lock']).not.toBe(CATALOGS.en['app.lock']);
    // Not loaded yet: a lookup in Swedish gives the English words.
    expect(translate('sv', 'app.lock')).toBe(CATALOGS.en['app.lock']);
    const switched = setLanguage('sv');
    expect(t('app.lock')).toBe(CATALOGS.en['app.lock']);
    await switched;
    expect(language()).toBe('sv');
    expect(t('app.lock')).toBe(CATALOGS.sv['app.lock']);
    expect(await loadCatalog('sv')).toEqual(CATALOGS.sv);
  });

  it('uses the latest choice when an earlier catalog arrives after it', async () => {
    const german = setLanguage('de');
    const english = setLanguage('en');
    await Promise.all([german, english]);
    expect(language()).toBe('en');
    expect(t('app.lock')).toBe(CATALOGS.en['app.lock']);
    // German did load, and a later choice of it switches at once.
    void setLanguage('de');
    expect(language()).toBe('de');
    expect(t('app.lock')).toBe(CATALOGS.de['app.lock']);
    await setLanguage('en');
  });
});
