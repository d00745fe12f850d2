/**
 * Display helpers of Settings → Sync and the sync toast. What a merge brought in comes from Rust
 * as data (`SyncNews`: names by device); the sentences are the catalog's. Tested in sync.test.ts.
 */
import type { DeviceNews, SyncNews } from './api';
import { formatDate } from './backups';
import { t } from './i18n.svelte';

/** "Updated from laptop: added GitHub (me); removed Bank". */
function deviceText(d: DeviceNews): string {
  const part = (names: string[], words: (p: { count: number; names: string }) => string) =>
    names.length ? [words({ count: names.length, names: names.join(', ') })] : [];
  const changes = [
    ...part(d.added, (p) => t('sync.news_added', p)),
    ...part(d.updated, (p) => t('sync.news_updated', p)),
    ...part(d.removed, (p) => t('sync.news_removed', p)),
  ];
  return t('sync.news_from', { device: d.device, changes: changes.join('; ') });
}

/**
 * The toast for a merge: what came in by device, whose new password this device took, then what
 * still needs the other password.
 */
export function newsText(news: SyncNews): string {
  const parts = news.devices.map(deviceText);
  if (news.keys_from) parts.push(t('sync.news_keys', { device: news.keys_from }));
  if (news.locked > 0) {
    parts.push(t('sync.news_locked', { count: news.locked }));
  }
  return parts.map((p) => (/[.!?)]$/.test(p) ? p : `${p}.`)).join(' ');
}

/** "last wrote 2025-03-18 09:05", or that it never did. */
export function lastWrote(written: number | null): string {
  return written == null ? t('sync.never_wrote') : t('sync.last_wrote', { date: formatDate(written) });
}
