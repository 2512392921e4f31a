// A Svelte action for dialogs: focus moves in (the first field or button),
// Tab and Shift+Tab stay inside, Escape closes, and focus returns to what
// had it before the dialog opened.

const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest("[hidden]"));
}

export function modal(node: HTMLElement, onescape: () => void) {
  const opener = document.activeElement as HTMLElement | null;
  let escape = onescape;
  (focusables(node)[0] ?? node).focus();

  function keydown(e: KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      escape();
      return;
    }
    if (e.key !== "Tab") return;
    const all = focusables(node);
    if (all.length === 0) {
      e.preventDefault();
      return;
    }
    const [first, last] = [all[0], all[all.length - 1]];
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !node.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !node.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  document.addEventListener("keydown", keydown, true);
  return {
    update(next: () => void) {
      escape = next;
    },
    destroy() {
      document.removeEventListener("keydown", keydown, true);
      opener?.focus?.();
    },
  };
}
