/**
 * Display helpers of Settings → Sync and the sync toast. The sentences themselves come from Rust
 * (`SyncNews.lines`, by the core's report); this only joins them. Tested in sync.test.ts.
 */
import type { SyncNews } from './api';
import { formatDate } from './backups';
import { t } from './i18n.svelte';

/** The toast for a merge: what came in by device, then what still needs the other password. */
export function newsText(news: SyncNews): string {
  const parts = [...news.lines];
  if (news.locked > 0) {
    parts.push(t('sync.news_locked', { count: news.locked }));
  }
  return parts.map((p) => (/[.!?)]$/.test(p) ? p : `${p}.`)).join(' ');
}

/** "last wrote 2025-03-18 09:05", or that it never did. */
export function lastWrote(written: number | null): string {
  return written == null ? t('sync.never_wrote') : t('sync.last_wrote', { date: formatDate(written) });
}
