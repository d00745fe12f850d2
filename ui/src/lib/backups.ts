/**
 * Display helpers of the Backups screen: dates, sizes, reasons and the restore plan's summary.
 * The export formats and their rules come from the core (`exportFormats`). Tested in
 * backups.test.ts.
 */
import type { RestoreMode, RestoreReport } from './api';
import { toBase64 } from './format';
import { t } from './i18n.svelte';

const pad = (n: number) => String(n).padStart(2, '0');

/** Unix seconds → `YYYY-MM-DD HH:MM` in local time. */
export function formatDate(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Bytes → `812 B`, `3.4 KB`, `1.2 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const REASONS: Record<string, () => string> = {
  daily: () => t('backups.reason_daily'),
  delete: () => t('backups.reason_delete'),
  import: () => t('backups.reason_import'),
  passwd: () => t('backups.reason_passwd'),
  memberadd: () => t('backups.reason_memberadd'),
  memberremove: () => t('backups.reason_memberremove'),
  restore: () => t('backups.reason_restore'),
  manual: () => t('backups.reason_manual'),
};

/** Why an automatic backup was made, for people. */
export function reasonLabel(reason: string): string {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason]() : reason;
}

/** One sentence for a restore plan (`done`: what it did). */
export function planSummary(r: RestoreReport, mode: RestoreMode, done = false): string {
  // `count` picks the plural form of "account", which goes with the added ones.
  const counts = {
    count: r.added.length,
    added: r.added.length,
    updated: r.updated.length,
    kept: r.kept.length,
    removed: r.removed.length,
  };
  const removes = mode === 'replace' || r.removed.length > 0;
  if (done) return removes ? t('backups.done_removing', counts) : t('backups.done', counts);
  return removes ? t('backups.plan_removing', counts) : t('backups.plan', counts);
}

/** Whole days from `then` to `now` (Unix seconds), never negative. */
export function ageInDays(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / 86400));
}

/** The largest file taken as a backup (restore or check): far above any real vault. */
export const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

/** A chosen backup file, read for the core: its bytes in base64 and its name. */
export interface ChosenBackup {
  data: string;
  label: string;
}

/**
 * Reads a backup file the person chose (restore or "Check this backup"): its contents, or the
 * sentence to show under the field when it is too large to be a backup.
 */
export async function readBackupFile(f: File): Promise<ChosenBackup | { error: string }> {
  if (f.size > MAX_BACKUP_BYTES) return { error: t('backups.too_large') };
  return { data: toBase64(new Uint8Array(await f.arrayBuffer())), label: f.name };
}
