/**
 * The words for what an unlock tells besides opening (`session::Notice`, the keyring that could
 * not remember): one catalog key per kind, the core's English detail (a path, a system error)
 * after a translated lead where there is one.
 */
import type { Notice } from './api';
import { t } from './i18n.svelte';

type Words = { [K in Notice['kind']]: (n: Extract<Notice, { kind: K }>) => string };

const NOTICES: Words = {
  rolled_back: (n) => t('notice.rolled_back', { generation: n.generation, seen: n.seen }),
  backup_failed: (n) => t('notice.backup_failed', { detail: n.detail }),
  keys_from_sync: () => t('notice.keys_from_sync'),
  sync_failed: (n) => t('notice.sync_failed', { detail: n.detail }),
  sync_write_failed: (n) => t('notice.sync_write_failed', { detail: n.detail }),
  device_expired: () => t('notice.device_expired'),
};

/** One notice as a sentence in the reader's language. */
export function noticeText(n: Notice): string {
  const words = NOTICES[n.kind] as ((n: Notice) => string) | undefined;
  const text = words ? words(n) : '';
  return !text || /[.!?]$/.test(text) ? text : `${text}.`;
}

/** "Remember this device" failed: why, and what would help. */
export function rememberFailedText(detail: string): string {
  return t('unlock.remember_failed', { detail });
}
