/**
 * Keyboard focus and modal dialogs: Tab and Shift+Tab go round the topmost open dialog
 * (`aria-modal="true"`) instead of wandering into the page behind its backdrop, and a Tab from
 * nowhere (the body, after the control that had the focus went away) lands in the dialog.
 */

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The controls Tab visits inside `root`, in document order (hidden ones left out). */
export function tabbables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && el.getClientRects().length > 0,
  );
}

/** Window keydown: keeps Tab inside the topmost modal dialog, if one is open. */
export function keepFocusInDialog(e: KeyboardEvent) {
  // Shift+Tab is ISO_Left_Tab on X11, which some paths report with `key` "Unidentified": the
  // key's code says Tab all the same.
  const tab = e.key === 'Tab' || e.code === 'Tab' || e.keyCode === 9;
  if (!tab || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
  const dialogs = document.querySelectorAll<HTMLElement>('[aria-modal="true"]');
  const dialog = dialogs[dialogs.length - 1];
  if (!dialog) return;
  const items = tabbables(dialog);
  if (items.length === 0) return;
  const active = document.activeElement as HTMLElement | null;
  const at = active ? items.indexOf(active) : -1;
  let to: HTMLElement | undefined;
  if (!active || !dialog.contains(active)) to = e.shiftKey ? items[items.length - 1] : items[0];
  else if (e.shiftKey && at === 0) to = items[items.length - 1];
  else if (!e.shiftKey && at === items.length - 1) to = items[0];
  if (to) {
    e.preventDefault();
    to.focus();
  }
}

/**
 * Svelte action for a modal dialog (`use:modal`): when it opens, the focus moves into it (to its
 * `autofocus` control, else its first control) unless it is there already; when it closes, the
 * focus goes back to the control that had it before, if that is still in the page. (Svelte's own
 * `autofocus` only acts when nothing has the focus, so a dialog opened from a focused button
 * would otherwise leave the focus behind its backdrop.)
 */
export function modal(node: HTMLElement) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  queueMicrotask(() => {
    if (node.contains(document.activeElement)) return;
    (node.querySelector<HTMLElement>('[autofocus]') ?? tabbables(node)[0])?.focus();
  });
  return {
    destroy() {
      queueMicrotask(() => {
        const lost = !document.activeElement || document.activeElement === document.body;
        if (lost && opener && opener !== document.body && opener.isConnected) opener.focus();
      });
    },
  };
}
