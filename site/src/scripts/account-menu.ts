// The header's account menu is a <details> that works on its own; this closes it the ways a menu is expected to
// close: Escape (focus back on its toggle), a click elsewhere, or focus moving out of it.

export function enhanceAccountMenus(): void {
  for (const menu of document.querySelectorAll<HTMLDetailsElement>('details[data-account-menu]:not([data-enhanced])')) {
    menu.dataset.enhanced = 'true';
    const toggle = menu.querySelector('summary');
    menu.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !menu.open) return;
      event.preventDefault();
      menu.open = false;
      toggle?.focus();
    });
    document.addEventListener('click', (event) => {
      if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
    });
    menu.addEventListener('focusout', (event) => {
      const next = event.relatedTarget as Node | null;
      if (menu.open && next && !menu.contains(next)) menu.open = false;
    });
  }
}
