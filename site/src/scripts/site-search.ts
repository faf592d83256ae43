// The header search box as an ARIA combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): suggestions
// from the site's /api/suggest while typing, arrow keys to pick, Enter to open the video, Escape to close.
// Without JavaScript it is a plain GET form to /search, and on phones the toggle is a link there.

import {
  suggestionItems,
  suggestionsAnnouncement,
  titleParts,
  type SuggestionItem,
} from '../lib/discovery/suggestions';

const DEBOUNCE_MS = 150;
const MIN_CHARS = 2;

function optionElement(item: SuggestionItem, index: number, listboxId: string): HTMLLIElement {
  const option = document.createElement('li');
  option.id = `${listboxId}-${index}`;
  option.setAttribute('role', 'option');
  option.setAttribute('aria-selected', 'false');
  option.dataset.index = String(index);
  const title = document.createElement('span');
  // text nodes only: a suggestion's text is never parsed as HTML
  for (const part of titleParts(item)) {
    if (part.match) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      title.append(mark);
    } else {
      title.append(document.createTextNode(part.text));
    }
  }
  option.append(title);
  if (item.creator) {
    const creator = document.createElement('span');
    creator.className = 'site-search__creator';
    creator.textContent = item.creator;
    option.append(creator);
  }
  return option;
}

function enhanceForm(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const listbox = form.querySelector<HTMLUListElement>('[role="listbox"]');
  const status = form.querySelector<HTMLElement>('[data-site-search-status]');
  if (!input || !listbox || !status) return;
  form.dataset.enhanced = 'true';

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);

  let items: SuggestionItem[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const isOpen = () => !listbox.hidden;

  const setActive = (index: number) => {
    active = index;
    for (const option of listbox.querySelectorAll<HTMLElement>('[role="option"]')) {
      const selected = Number(option.dataset.index) === index;
      option.setAttribute('aria-selected', String(selected));
      if (selected) option.scrollIntoView({ block: 'nearest' });
    }
    if (index >= 0) input.setAttribute('aria-activedescendant', `${listbox.id}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };

  const open = () => {
    if (items.length === 0) return close();
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const show = (next: SuggestionItem[]) => {
    items = next;
    listbox.replaceChildren(...items.map((item, index) => optionElement(item, index, listbox.id)));
    setActive(-1);
    open();
    status.textContent = suggestionsAnnouncement(items.length);
  };

  const go = (item: SuggestionItem | undefined) => {
    if (!item) return;
    close();
    window.location.assign(item.href);
  };

  const lookup = async (query: string) => {
    controller?.abort();
    const ownController = new AbortController();
    controller = ownController;
    let next: SuggestionItem[] = [];
    try {
      const response = await fetch(`/api/suggest?q=${encodeURIComponent(query)}`, {
        headers: { accept: 'application/json' },
        signal: ownController.signal,
      });
      if (response.ok) next = suggestionItems(await response.json());
    } catch {
      if (ownController.signal.aborted) return;
    }
    // an answer to an older prefix must not replace the newer one's
    if (controller !== ownController || input.value.trim() !== query) return;
    show(next);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_CHARS) {
      controller?.abort();
      items = [];
      listbox.replaceChildren();
      close();
      status.textContent = '';
      return;
    }
    timer = setTimeout(() => void lookup(query), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        if (items.length === 0) return;
        event.preventDefault();
        if (!isOpen()) open();
        setActive(active + 1 >= items.length ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (!isOpen()) return;
        event.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
        break;
      case 'Enter':
        // with no suggestion picked, Enter submits the form: the full results page
        if (isOpen() && active >= 0) {
          event.preventDefault();
          go(items[active]);
        }
        break;
      case 'Escape':
        if (isOpen()) {
          event.preventDefault();
          close();
        } else {
          form.dispatchEvent(new CustomEvent('site-search:dismiss'));
        }
        break;
    }
  });

  input.addEventListener('focus', () => {
    if (items.length > 0 && input.value.trim().length >= MIN_CHARS) open();
  });
  input.addEventListener('blur', close);
  // a press on a suggestion must not blur the input (which would close the list before the click lands)
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = (event.target as Element | null)?.closest<HTMLElement>('[role="option"]');
    if (option) go(items[Number(option.dataset.index)]);
  });
}

/** On phones the search row is folded away behind a toggle in the header. */
function enhanceToggle(form: HTMLFormElement): void {
  const header = form.closest<HTMLElement>('.site-header');
  const toggle = header?.querySelector<HTMLButtonElement>('[data-search-toggle]');
  const link = header?.querySelector<HTMLAnchorElement>('[data-search-link]');
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  if (!header || !toggle || !link || !input) return;
  link.hidden = true;
  toggle.hidden = false;
  const setOpen = (open: boolean) => {
    toggle.setAttribute('aria-expanded', String(open));
    header.toggleAttribute('data-search-open', open);
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    setOpen(open);
    if (open) input.focus();
  });
  form.addEventListener('site-search:dismiss', () => {
    // only where the toggle is showing (phones): fold the row and give focus back to its button
    if (toggle.getAttribute('aria-expanded') !== 'true' || toggle.offsetParent === null) return;
    setOpen(false);
    toggle.focus();
  });
}

export function enhanceSiteSearch(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-site-search]:not([data-enhanced])')) {
    enhanceForm(form);
    enhanceToggle(form);
  }
}
