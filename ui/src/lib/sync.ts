/**
 * Display helpers of Settings → Sync and the sync toast. The sentences themselves come from Rust
 * (`SyncNews.lines`, by the core's report); this only joins them. Tested in sync.test.ts.
 */
import type { SyncNews } from './api';
import { formatDate } from './backups';

/** The toast for a merge: what came in by device, then what still needs the other password. */
export function newsText(news: SyncNews): string {
  const parts = [...news.lines];
  if (news.locked > 0) {
    parts.push(
      news.locked === 1
        ? 'A copy in the sync folder needs the password set on another device (Settings → Sync).'
        : `${news.locked} copies in the sync folder need the password set on another device (Settings → Sync).`,
    );
  }
  return parts.map((p) => (/[.!?)]$/.test(p) ? p : `${p}.`)).join(' ');
}

/** "last wrote 2025-03-18 09:05", or that it never did. */
export function lastWrote(written: number | null): string {
  return written == null ? 'has not written yet' : `last wrote ${formatDate(written)}`;
}
