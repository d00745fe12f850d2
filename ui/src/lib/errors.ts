/**
 * The words for an error from Rust. Most core errors come with their code and values
 * (`ApiError.words`, `lockstep_core::words`): the catalog's sentence for that code. Otherwise the
 * window shows a catalog message by the error's `kind` (api.ts `ApiError`) where one sentence
 * fits every error of that kind, and where the core's English message carries free text (a
 * system error, a decoder's reason), a translated lead with that message as `{detail}`: in
 * English the core's sentence unchanged. See ARCHITECTURE.md, "UI text".
 */
import type { ApiError, ErrorCode } from './api';
import { sentence } from './fields';
import { t } from './i18n.svelte';

type Params = Record<string, string | number>;

/** The catalog's sentence for each code the core gives values for (src-tauri's i18n test checks the list). */
const CODES: Record<ErrorCode, (p: Params) => string> = {
  not_otpauth: () => t('error.code.not_otpauth'),
  unknown_otp_type: (p) => t('error.code.unknown_otp_type', p),
  missing_secret: () => t('error.code.missing_secret'),
  bad_secret: () => t('error.code.bad_secret'),
  unknown_algorithm: (p) => t('error.code.unknown_algorithm', p),
  bad_digits: (p) => t('error.code.bad_digits', p),
  bad_period: (p) => t('error.code.bad_period', p),
  bad_counter: (p) => t('error.code.bad_counter', p),
  missing_counter: () => t('error.code.missing_counter'),
  wrong_password: () => t('error.wrong_password'),
  wrong_recovery_key: () => t('error.wrong_recovery_key'),
  malformed_recovery_key: () => t('error.code.malformed_recovery_key'),
  not_a_vault: (p) => t('error.code.not_a_vault', p),
  unsupported_version: (p) => t('error.code.unsupported_version', p),
  unsupported_slot: (p) => t('error.code.unsupported_slot', p),
  vault_missing: (p) => t('error.code.vault_missing', p),
  vault_exists: (p) => t('error.code.vault_exists', p),
  vault_busy: (p) => t('error.code.vault_busy', p),
  member_exists: (p) => t('error.code.member_exists', p),
  no_such_member: (p) => t('error.code.no_such_member', p),
  no_match: (p) => t('error.code.no_match', p),
  ambiguous: (p) => t('error.code.ambiguous', p),
  duplicate: (p) => t('error.code.duplicate', p),
  random: () => t('error.code.random'),
  image_too_large: (p) => t('error.code.image_too_large', p),
  not_an_image: (p) => t('error.code.not_an_image', p),
  empty_image: (p) => t('error.code.empty_image', p),
  camera_unavailable: () => t('error.code.camera_unavailable'),
  camera_timeout: (p) => t('error.code.camera_timeout', p),
  camera_incomplete: (p) => t('error.code.camera_incomplete', p),
  qr_too_long: (p) => t('error.code.qr_too_long', p),
  password_needed: () => t('error.password_needed'),
  backup_password_needed: () => t('error.code.backup_password_needed'),
  wrong_backup_password: () => t('error.code.wrong_backup_password'),
  vault_too_large: (p) => t('error.code.vault_too_large', p),
  credentials_changed: () => t('error.code.credentials_changed'),
  import_unknown_format: (p) => t('error.code.import_unknown_format', p),
  import_missing_password: (p) => t('error.code.import_missing_password', p),
  import_wrong_password: (p) => t('error.code.import_wrong_password', p),
  import_cancelled: (p) => t('error.code.import_cancelled', p),
  import_bad_content: (p) => t('error.code.import_bad_content', p),
  import_unsupported: (p) => t('error.code.import_unsupported', p),
  import_too_costly: (p) => t('error.code.import_too_costly', p),
  import_no_such_format: (p) => t('error.code.import_no_such_format', p),
};

/** Kinds whose every message says the same thing: the catalog's sentence replaces the core's. */
const GENERIC = {
  wrong_password: () => t('error.wrong_password'),
  locked: () => t('error.locked'),
  password_needed: () => t('error.password_needed'),
  busy: () => t('error.busy'),
  not_found: () => t('error.not_found'),
  wrong_recovery_key: () => t('error.wrong_recovery_key'),
  confirm_password: () => t('error.confirm_password'),
} satisfies Partial<Record<ApiError['kind'], () => string>>;

/** Kinds whose message carries a detail: a lead in the reader's language, the core's detail after it. */
const WITH_DETAIL: Record<Exclude<ApiError['kind'], keyof typeof GENERIC>, (detail: string) => string> = {
  weak_password: (detail) => t('error.weak_password', { detail }),
  import_password: (detail) => t('error.import_password', { detail }),
  backup_password: (detail) => t('error.backup_password', { detail }),
  backup: (detail) => t('error.backup', { detail }),
  bad_input: (detail) => t('error.bad_input', { detail }),
  vault: (detail) => t('error.vault', { detail }),
  keyring: (detail) => t('error.keyring', { detail }),
  system: (detail) => t('error.system', { detail }),
};

/** A sentence (or two) for a person about an error from a command. */
export function errorText(e: ApiError): string {
  const worded = e.words && CODES[e.words.code];
  if (worded) return worded(e.words?.params ?? {}).replace(/([.!?])\.$/, '$1');
  if (e.kind in GENERIC) return GENERIC[e.kind as keyof typeof GENERIC]();
  const withDetail = WITH_DETAIL[e.kind as keyof typeof WITH_DETAIL];
  return withDetail ? withDetail(sentence(e.message)) : sentence(e.message);
}
