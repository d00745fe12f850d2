/**
 * The words for the core's password advice (`lockstep_core::policy::Warning` / `Suggestion`,
 * zxcvbn's cases by name): one catalog key each. The maps are exhaustive over api.ts's types, and
 * src-tauri's i18n test checks every Rust variant against the catalogs.
 */
import type { PasswordSuggestion, PasswordWarning, Strength } from './api';
import { t } from './i18n.svelte';

const WARNINGS: Record<PasswordWarning, () => string> = {
  straight_rows: () => t('advice.warning.straight_rows'),
  short_keyboard_patterns: () => t('advice.warning.short_keyboard_patterns'),
  repeated_characters: () => t('advice.warning.repeated_characters'),
  repeated_patterns: () => t('advice.warning.repeated_patterns'),
  top10: () => t('advice.warning.top10'),
  top100: () => t('advice.warning.top100'),
  common: () => t('advice.warning.common'),
  similar_to_common: () => t('advice.warning.similar_to_common'),
  sequences: () => t('advice.warning.sequences'),
  recent_years: () => t('advice.warning.recent_years'),
  word_by_itself: () => t('advice.warning.word_by_itself'),
  dates: () => t('advice.warning.dates'),
  names_by_themselves: () => t('advice.warning.names_by_themselves'),
  common_names: () => t('advice.warning.common_names'),
};

const SUGGESTIONS: Record<PasswordSuggestion, (minChars: number) => string> = {
  min_length: (count) => t('advice.suggestion.min_length', { count }),
  few_words: () => t('advice.suggestion.few_words'),
  no_need_for_symbols: () => t('advice.suggestion.no_need_for_symbols'),
  another_word: () => t('advice.suggestion.another_word'),
  capitalization: () => t('advice.suggestion.capitalization'),
  all_uppercase: () => t('advice.suggestion.all_uppercase'),
  reversed_words: () => t('advice.suggestion.reversed_words'),
  substitutions: () => t('advice.suggestion.substitutions'),
  longer_keyboard_pattern: () => t('advice.suggestion.longer_keyboard_pattern'),
  avoid_repeats: () => t('advice.suggestion.avoid_repeats'),
  avoid_sequences: () => t('advice.suggestion.avoid_sequences'),
  avoid_recent_years: () => t('advice.suggestion.avoid_recent_years'),
  avoid_years: () => t('advice.suggestion.avoid_years'),
  avoid_dates: () => t('advice.suggestion.avoid_dates'),
};

/** Why the password is weak, in the reader's language ('' when the core gives no warning). */
export function warningText(s: Strength): string {
  return s.warning ? (WARNINGS[s.warning]?.() ?? '') : '';
}

/** What would make it pass, one sentence each, in the reader's language. */
export function suggestionTexts(s: Strength): string[] {
  return s.suggestions.map((x) => SUGGESTIONS[x]?.(s.min_chars) ?? '').filter(Boolean);
}
