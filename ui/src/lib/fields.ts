/**
 * The form pattern every screen uses: an error sits under the control that caused it
 * (`FieldError.svelte`) and is brought into view; password fields (`PasswordField.svelte`) warn
 * about Caps Lock and, for a new password, say why the core's policy refuses it and what would
 * pass. Pure helpers here, unit-tested in fields.test.ts; the rule itself is the core's
 * (`password_strength`).
 */
import { suggestionTexts, warningText } from './advice';
import type { ApiError, Strength } from './api';
import { t } from './i18n.svelte';

/** A button in a toast ("Undo"). */
export type ToastAction = { label: string; run: () => void };

/** How a toast is shown: for how long, with which button. */
export type ToastOptions = { ms?: number; action?: ToastAction };

/** The app's toast: a sentence, optionally with a button. */
export type ToastFn = (message: string, options?: ToastOptions) => void;

/**
 * Why a new password is refused, and what would pass, from the core's answer (its advice as
 * data, worded by advice.ts); null when it passes.
 */
export function passwordAdvice(s: Strength | null): { reason: string; pass: string } | null {
  if (!s || s.acceptable) return null;
  const reason = warningText(s) || t('password.too_easy');
  return { reason, pass: suggestionTexts(s).join(' ') };
}

/** Whether Caps Lock is on, as a key or pointer event reports it (false when it cannot tell). */
export function capsLockOn(e: { getModifierState?: (key: string) => boolean }): boolean {
  return typeof e.getModifierState === 'function' && e.getModifierState('CapsLock');
}

/** Which field an error belongs to: the first whose kinds include the error's, else `other`. */
export function fieldOf<F extends string, O extends string>(
  e: ApiError,
  fields: Partial<Record<F, readonly ApiError['kind'][]>>,
  other: O,
): F | O {
  for (const [field, kinds] of Object.entries(fields) as [F, readonly ApiError['kind'][]][]) {
    if (kinds.includes(e.kind)) return field;
  }
  return other;
}

/** A sentence from the core's message: capital first letter, full stop at the end. */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return '';
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Brings an element (an error under its field) into the visible part of every scrolled box. */
export function revealInView(el: Element | null | undefined): void {
  el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
}
