/**
 * Pure display helpers of the codes list: code grouping, countdown math, search. No business
 * rules (those are in Rust); unit-tested in format.test.ts.
 */
import type { CodeView } from './api';
import { t } from './i18n.svelte';

/** Seconds left in the current period at `nowMs` (1..=period), as the Rust side computes it. */
export function remainingAt(period: number, nowMs: number): number {
  const p = Math.max(1, Math.floor(period));
  const t = Math.floor(nowMs / 1000);
  return p - (t % p);
}

/** How much of the countdown ring is gone (0..100, the SVG dash offset). */
export function ringOffset(remaining: number, period: number): number {
  if (period <= 0) return 0;
  return Math.min(100, Math.max(0, ((period - remaining) / period) * 100));
}

/** Seconds before a code changes when its ring turns to the warning colour. */
export const RING_WARN_SECONDS = 5;

/** The ring's state: the warning colour in the last seconds, and the seconds left in words. */
export function ringState(remaining: number, period: number): { warning: boolean; label: string } {
  const s = Math.max(0, Math.round(remaining));
  return {
    warning: period > 0 && s <= Math.min(RING_WARN_SECONDS, period),
    label: t('rows.seconds_left', { count: s }),
  };
}

/** The toast after a copy: it names the account. */
export function copiedMessage(e: Pick<CodeView, 'name'>): string {
  return t('rows.copied', { name: e.name });
}

/** Whether the next code should be shown (last `window` seconds of the period). */
export function showNext(remaining: number, period: number, window = 5): boolean {
  return period > 0 && remaining <= Math.min(window, period);
}

/**
 * Milliseconds from `nowMs` until the codes list next needs to change on screen (+5 ms, so the
 * timer lands just after the second turns). While `live` (see [`isLive`]), every second: the
 * rings move each second. Otherwise only what a glance needs: a new code (period boundary), the
 * next code appearing (`nextWindow` seconds before it) and the rings in `step`-second steps, so a
 * window left open repaints every few seconds instead of every second.
 */
export function nextWake(
  nowMs: number,
  periods: readonly number[],
  live: boolean,
  step = 5,
  nextWindow = 5,
): number {
  const t = Math.floor(nowMs / 1000);
  let wake = t + 1;
  if (!live) {
    wake = (Math.floor(t / step) + 1) * step;
    for (const raw of periods) {
      const p = Math.max(1, Math.floor(raw));
      const boundary = (Math.floor(t / p) + 1) * p;
      for (const at of [boundary - Math.min(nextWindow, p), boundary]) {
        if (at > t && at < wake) wake = at;
      }
    }
  }
  return wake * 1000 - nowMs + 5;
}

/** How long the list stays live after the last key, click, scroll or pointer move. */
export const CALM_AFTER_MS = 30_000;

/**
 * Whether the codes list moves every second: the window is in front and someone used it in the
 * last `calmAfterMs` (a key, a click, a scroll, the pointer moving over it, or the window coming
 * to the front). Otherwise it is "calm": behind other windows, or in front with nobody at it, it
 * repaints only at [`nextWake`]'s few-second steps.
 */
export function isLive(
  nowMs: number,
  lastInputMs: number,
  focused: boolean,
  calmAfterMs = CALM_AFTER_MS,
): boolean {
  return focused && nowMs - lastInputMs < calmAfterMs;
}

/** The first letter to show when an entry has no icon. */
export function initial(e: Pick<CodeView, 'issuer' | 'account'>): string {
  const name = (e.issuer || e.account).trim();
  return name ? [...name][0].toUpperCase() : '?';
}

/** Favorites first, keeping the given (user) order otherwise. */
export function favoritesFirst<T extends Pick<CodeView, 'favorite'>>(entries: T[]): T[] {
  return [...entries.filter((e) => e.favorite), ...entries.filter((e) => !e.favorite)];
}

/** Moves a selection index by `delta` within `length` items, clamped. */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return -1;
  return Math.min(length - 1, Math.max(0, index + delta));
}

/** Every tag used by the entries, once each, sorted (case-insensitive). */
export function allTags(entries: Pick<CodeView, 'tags'>[]): string[] {
  const set = new Set(entries.flatMap((e) => e.tags));
  return [...set].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

/**
 * The rows of a virtual list to put in the DOM: those within the viewport plus `overscan` on
 * each side, as a half-open index range clamped to `count`.
 */
export function visibleRange(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewHeight)) / rowHeight);
  return {
    start: Math.min(count, Math.max(0, first - overscan)),
    end: Math.min(count, last + overscan),
  };
}

/**
 * Where a dragged row would be dropped: the slot (0..=count) nearest to `y`, the pointer's
 * offset from the list's top, in a list of `count` rows of `rowHeight` px.
 */
export function dropIndex(y: number, rowHeight: number, count: number): number {
  if (rowHeight <= 0) return 0;
  return Math.min(count, Math.max(0, Math.round(y / rowHeight)));
}


/**
 * How many columns of cards the codes list uses at `width` px: one below two cards' width, so a
 * wide window shows codes beside their names instead of a window's width away (issue 20, item 6).
 */
export function gridColumns(width: number, minCard = 380, maxColumns = 4): number {
  if (!(width > 0)) return 1;
  return Math.max(1, Math.min(maxColumns, Math.floor(width / minCard)));
}

/**
 * Moves a selection in a grid of `columns` laid out row by row: up/down by a row, left/right by
 * one, clamped; with one column left/right do nothing.
 */
export function moveInGrid(index: number, key: 'up' | 'down' | 'left' | 'right', columns: number, length: number): number {
  const cols = Math.max(1, columns);
  if (cols === 1 && (key === 'left' || key === 'right')) return index;
  const delta = { up: -cols, down: cols, left: -1, right: 1 }[key];
  if (index < 0) return moveSelection(-1, 1, length);
  const to = index + delta;
  return to < 0 || to >= length ? index : to;
}

/**
 * A pasted text that is a bare base32 secret (not a link), cleaned as the core reads secrets
 * (spaces, dashes and padding dropped, upper case), or null. Only a hint for offering the manual
 * form: the core checks the secret when the form is sent. At least 16 characters (80 bits), so a
 * word or a name is not taken for one.
 */
export function bareSecret(text: string): string | null {
  const cleaned = text.replace(/[\s=-]/g, '').toUpperCase();
  if (cleaned.length < 16 || !/^[A-Z2-7]+$/.test(cleaned)) return null;
  return cleaned;
}

/**
 * Tags to suggest while editing: the vault's tags not yet in the field, those starting with the
 * piece being typed after the last comma first (case-insensitive).
 */
export function tagSuggestions(field: string, vaultTags: readonly string[]): string[] {
  const pieces = field.split(',');
  const typing = (pieces[pieces.length - 1] ?? '').trim().toLowerCase();
  const done = new Set(pieces.slice(0, -1).map((t) => t.trim().toLowerCase()));
  const left = vaultTags.filter((t) => !done.has(t.toLowerCase()) && t.toLowerCase() !== typing);
  if (!typing) return left;
  return left.filter((t) => t.toLowerCase().startsWith(typing));
}

/** The field with `tag` taking the place of the piece being typed, ready for the next one. */
export function addTag(field: string, tag: string): string {
  const done = field.split(',').slice(0, -1).map((t) => t.trim()).filter(Boolean);
  return [...done, tag].join(', ') + ', ';
}

/** Keeps a box of `w`×`h` px at (`x`, `y`) inside a viewport of `vw`×`vh`, with `margin` px. */
export function clampBox(x: number, y: number, w: number, h: number, vw: number, vh: number, margin = 4): { x: number; y: number } {
  return {
    x: Math.max(margin, Math.min(x, vw - w - margin)),
    y: Math.max(margin, Math.min(y, vh - h - margin)),
  };
}

/** Base64 of bytes (for sending a file to Rust through JSON). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * A code as a screen reader should read it: one character at a time ("4 9 2 0 3 9"), never
 * "four hundred ninety-two thousand…". Spaces of the grouped form are dropped first.
 */
export function spoken(code: string): string {
  return [...code.replace(/\s+/g, '')].join(' ');
}
