/**
 * The window's words: one message catalog per language (`src/locales/<lang>.json`), looked up by
 * key with `t('settings.title')`. Every string a person reads in the window comes from here; the
 * CLI stays in English.
 *
 * Rules (i18n.test.ts enforces them):
 * - A key is always a string literal at the call: `t('rows.copy')`, never `t('rows.' + x)`, so
 *   the test can find every key the code uses. Where the key depends on a value, keep a map of
 *   literal calls (`{ totp: () => t('kind.totp'), ... }`).
 * - Every language has exactly the keys of `en.json`, and `en.json` has no key the code never uses.
 * - Placeholders are `{name}`; a value that depends on a count is an object with the plural
 *   categories of `Intl.PluralRules` (`{ "one": "{count} account", "other": "{count} accounts" }`),
 *   chosen by the `count` parameter ([`pluralCategory`]).
 *
 * The language is a reactive value: templates that call `t` re-render when `setLanguage` changes
 * it.
 */
import en from '../locales/en.json';

export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Catalog = Record<string, Message>;

/** The languages the window speaks, with each one's name in itself (for the language setting). */
export const LANGUAGES = { en: 'English', sv: 'Svenska', de: 'Deutsch' } as const;
export type Language = keyof typeof LANGUAGES;

/**
 * The catalogs loaded so far. English is in the first script (the fallback and the default);
 * Swedish and German are chunks of their own, loaded when chosen ([`loadCatalog`]): each of the
 * three adds about 0.3 MiB to the web process's memory once evaluated (docs/performance.md), so
 * a reader gets one or two of them, not all three.
 */
const catalogs: Partial<Record<Language, Catalog>> = { en };

const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalog }>> = {
  sv: () => import('../locales/sv.json'),
  de: () => import('../locales/de.json'),
};

/** `lang`'s catalog, loaded once (a chunk of its own except English). */
export async function loadCatalog(lang: Language): Promise<Catalog> {
  const have = catalogs[lang];
  if (have) return have;
  const loaded = (await LOADERS[lang as Exclude<Language, 'en'>]()).default;
  catalogs[lang] = loaded;
  return loaded;
}

let current: Language = $state('en');
// Which setLanguage call is the latest: a catalog that arrives after a newer choice is not used.
let asked = 0;
/** The system's preferred languages as the app reports them (from LANG/LANGUAGE/LC_MESSAGES). */
let system: readonly string[] = [];

/**
 * The system's languages as Rust reads them (`status().locales`, gettext's order): WebKitGTK's
 * `navigator.languages` follows only the C library's locale (`en-US` when it is not installed,
 * `LANGUAGE` ignored), so "system" uses these first. See ARCHITECTURE.md, "UI text".
 */
export function setSystemLanguages(tags: readonly string[]) {
  system = tags;
}

/** The language in use now. */
export function language(): Language {
  return current;
}

/**
 * Picks the language: a setting of `'system'` (or anything unknown) follows the system's
 * preferred languages (those Rust reported, else `navigator.languages`), first match wins,
 * English when none matches. Resolves once the window speaks it (its catalog loaded).
 */
export function setLanguage(setting: string, preferred: readonly string[] = systemLanguages()): Promise<void> {
  const lang = resolveLanguage(setting, preferred);
  const ticket = ++asked;
  const show = () => {
    if (ticket !== asked) return;
    current = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  };
  // A catalog already loaded switches at once (no frame in the old language); another one
  // switches when its chunk has loaded, the window staying in the old language meanwhile.
  if (catalogs[lang]) {
    show();
    return Promise.resolve();
  }
  return loadCatalog(lang).then(show);
}

/** Pure part of [`setLanguage`]: which catalog a setting and the system's languages select. */
export function resolveLanguage(setting: string, preferred: readonly string[]): Language {
  if (setting in LANGUAGES) return setting as Language;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base in LANGUAGES) return base as Language;
  }
  return 'en';
}

function systemLanguages(): readonly string[] {
  if (system.length) return system;
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written, so a mistake shows. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    name in params ? String(params[name]) : all,
  );
}

/**
 * The message for `key` in `lang` (English when that language lacks it or its catalog is not
 * loaded, the key when none has).
 */
export function translate(
  lang: Language,
  key: string,
  params: Record<string, string | number> = {},
): string {
  const message = catalogs[lang]?.[key] ?? (en as Catalog)[key];
  if (message === undefined) return key;
  if (typeof message === 'string') return format(message, params);
  const rule = pluralCategory(Number(params.count ?? 0));
  return format(message[rule] ?? message.other ?? '', params);
}

/**
 * The plural category of `count` in English, Swedish and German, which share CLDR's rule: "one"
 * for 1 (and -1), "other" for everything else, fractions too. Written out instead of
 * `Intl.PluralRules`, whose first use makes WebKit's web process map about 1.7 MiB more of ICU's
 * data and code (docs/performance.md, "What the codes screen touches"); i18n.test.ts checks it
 * against `Intl.PluralRules` in each language. A language with other categories needs its rule
 * here.
 */
export function pluralCategory(count: number): 'one' | 'other' {
  return Math.abs(count) === 1 ? 'one' : 'other';
}

/** The message for `key` in the current language; see the module's rules. */
export function t(key: string, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}
