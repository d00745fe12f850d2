/**
 * The words for an error from Rust. The core's messages are English sentences; the window shows
 * a catalog message by the error's `kind` (api.ts `ApiError`) where one sentence fits every error
 * of that kind, and where the core's message carries the detail (which field, which file, why), a
 * translated lead with that detail as `{detail}`: in English the core's sentence unchanged.
 * See ARCHITECTURE.md, "UI text".
 */
import type { ApiError } from './api';
import { sentence } from './fields';
import { t } from './i18n.svelte';

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
  if (e.kind in GENERIC) return GENERIC[e.kind as keyof typeof GENERIC]();
  const withDetail = WITH_DETAIL[e.kind as keyof typeof WITH_DETAIL];
  return withDetail ? withDetail(sentence(e.message)) : sentence(e.message);
}
