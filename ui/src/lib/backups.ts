/**
 * Display helpers of the Backups screen: dates, sizes, reasons and the restore plan's summary.
 * The export formats and their rules come from the core (`exportFormats`). Tested in
 * backups.test.ts.
 */
import type { RestoreMode, RestoreReport } from './api';

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

const REASONS: Record<string, string> = {
  daily: 'Daily',
  delete: 'Before a delete',
  import: 'Before an import',
  passwd: 'Before a password change',
  memberadd: 'Before a member was added',
  memberremove: 'Before a member was removed',
  restore: 'Before a restore',
  manual: 'Manual',
};

/** Why an automatic backup was made, for people. */
export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}

/** One sentence for a restore plan (`done`: what it did). */
export function planSummary(r: RestoreReport, mode: RestoreMode, done = false): string {
  const n = (k: number) => (k === 1 ? '1 account' : `${k} accounts`);
  const parts = [
    `${done ? 'added' : 'adds'} ${n(r.added.length)}`,
    `${done ? 'updated' : 'updates'} ${r.updated.length}`,
    `${done ? 'kept' : 'keeps'} ${r.kept.length}`,
  ];
  if (mode === 'replace' || r.removed.length > 0) parts.push(`${done ? 'removed' : 'removes'} ${r.removed.length}`);
  const s = parts.join(', ');
  return (done ? 'Restored: ' : 'This restore ') + s + '.';
}

/** Whole days from `then` to `now` (Unix seconds), never negative. */
export function ageInDays(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / 86400));
}
