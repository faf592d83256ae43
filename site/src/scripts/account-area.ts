// Enhancements for the account area's pages. Every page works without them: these add a preview of a chosen
// picture, an early size check, focus on what went wrong, and drag-and-drop reordering of a collection.

const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** A refused form's message gets focus, so screen readers read it first. */
function focusProblem(): void {
  const problem = document.querySelector<HTMLElement>('[data-form-problem]');
  problem?.focus();
}

export function enhanceProfilePage(): void {
  focusProblem();
  const input = document.querySelector<HTMLInputElement>('[data-avatar-input]');
  const preview = document.querySelector<HTMLElement>('[data-avatar-preview]');
  const error = document.querySelector<HTMLElement>('[data-avatar-error]');
  if (!input || !preview || !error) return;
  let objectUrl: string | undefined;
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      error.textContent = 'This file is not a picture: choose a JPEG, PNG, WebP or GIF.';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    if (file.size > AVATAR_MAX_BYTES) {
      error.textContent = 'This picture is too large: at most 5 MB.';
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(file);
    const image = document.createElement('img');
    image.src = objectUrl;
    image.alt = 'Preview of your new picture (not saved yet)';
    image.width = 96;
    image.height = 96;
    preview.replaceChildren(image);
  });
}

/**
 * Drag to reorder a collection: the new order goes into the form's hidden `items` field and the form is submitted,
 * the same POST the up/down buttons make without JavaScript.
 */
export function enhanceCollectionOrder(): void {
  focusProblem();
  const list = document.querySelector<HTMLOListElement>('[data-collection-items]');
  const form = document.querySelector<HTMLFormElement>('[data-reorder-form]');
  const field = form?.querySelector<HTMLInputElement>('input[name="items"]');
  if (!list || !form || !field) return;
  let dragged: HTMLElement | undefined;
  for (const item of list.querySelectorAll<HTMLElement>('[data-item-id]')) {
    item.draggable = true;
    item.addEventListener('dragstart', (event) => {
      dragged = item;
      item.classList.add('is-dragging');
      event.dataTransfer?.setData('text/plain', item.dataset.itemId ?? '');
    });
    item.addEventListener('dragend', () => {
      item.classList.remove('is-dragging');
      dragged = undefined;
    });
    item.addEventListener('dragover', (event) => {
      if (!dragged || dragged === item) return;
      event.preventDefault();
      const box = item.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      item.parentElement?.insertBefore(dragged, after ? item.nextSibling : item);
    });
    item.addEventListener('drop', (event) => {
      event.preventDefault();
      const order = [...list.querySelectorAll<HTMLElement>('[data-item-id]')].map(
        (element) => element.dataset.itemId ?? '',
      );
      field.value = order.join(',');
      form.requestSubmit();
    });
  }
}

export function focusFormProblem(): void {
  focusProblem();
}
