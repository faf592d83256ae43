// Search and browse filter forms, enhanced: a filter or sort picked with the pointer applies at once, and empty
// choices ("Any ...") stay out of the URL. A choice made from the keyboard waits for the Apply or Sort button,
// so arrowing through radios or a select never reloads the page under the viewer (WCAG 3.2.2).

let lastInput: 'pointer' | 'keyboard' = 'keyboard';

function ownedBy(target: EventTarget | null, form: HTMLFormElement): boolean {
  return (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) && target.form === form;
}

export function enhanceSearchForms(): void {
  const forms = document.querySelectorAll<HTMLFormElement>('form[data-search-form]:not([data-enhanced])');
  if (forms.length === 0) return;
  document.addEventListener('pointerdown', () => (lastInput = 'pointer'), { capture: true });
  document.addEventListener('keydown', () => (lastInput = 'keyboard'), { capture: true });

  for (const form of forms) {
    form.dataset.enhanced = 'true';
    // controls joined through the `form` attribute sit outside the element, so listen on the document
    document.addEventListener('change', (event) => {
      if (lastInput === 'pointer' && ownedBy(event.target, form)) form.requestSubmit();
    });
    form.addEventListener('formdata', (event) => {
      const data = event.formData;
      for (const [key, value] of [...data.entries()]) {
        if (typeof value === 'string' && value.trim() === '') data.delete(key);
      }
      // the default order needs no parameter (as in the links the server builds; see lib/discovery/search-params.ts)
      if (data.get('sort') === (data.get('q') ? 'relevance' : 'newest')) data.delete('sort');
    });
  }
}
