// Instant checks for the account forms, with the rules and messages the server applies (lib/account/forms.ts):
// a field is checked when the viewer leaves it, then as they type; a submit with problems is stopped, the first
// problem gets focus and a live region says how many there are. Without JavaScript the server does the same.

import {
  FORM_FIELDS,
  FORM_PROBLEMS,
  isAccountFormName,
  isSecretField,
  problemsAnnouncement,
  type AccountFormName,
  type FieldErrors,
} from '../lib/account/forms';

// Fields whose rules read other fields: re-check these when those change.
const DEPENDS_ON: Record<string, string[]> = {
  username: ['password'],
  email: ['password'],
  password: ['passwordConfirmation'],
};

function fieldInput(form: HTMLFormElement, field: string): HTMLInputElement | null {
  return form.querySelector<HTMLInputElement>(`[data-field="${field}"] input[data-account-input]`);
}

function showError(form: HTMLFormElement, field: string, message: string | undefined): void {
  const input = fieldInput(form, field);
  const slot = form.querySelector<HTMLElement>(`[data-field="${field}"] [data-field-error]`);
  if (!input || !slot) return;
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    const prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = 'Error: ';
    slot.replaceChildren(prefix, document.createTextNode(message));
  } else {
    input.removeAttribute('aria-invalid');
    slot.replaceChildren();
  }
}

/** Says `message` in the form's live region, even when it is the same words as last time. */
function announce(status: HTMLElement | null, message: string): void {
  if (!status) return;
  status.textContent = '';
  window.setTimeout(() => {
    status.textContent = message;
  }, 50);
}

function enhanceForm(form: HTMLFormElement, name: AccountFormName): void {
  form.dataset.enhanced = 'true';
  // our messages replace the browser's bubbles (which are not announced consistently and cannot be styled)
  form.noValidate = true;
  // a form may carry a value hidden (the address a link is resent to): only visible fields are checked here
  const fields: readonly string[] = FORM_FIELDS[name].filter((field) => fieldInput(form, field));
  const status = form.querySelector<HTMLElement>('[data-form-status]');
  const touched = new Set<string>();

  const problems = (): FieldErrors => {
    const values: Record<string, string> = {};
    for (const field of FORM_FIELDS[name]) {
      const element = form.elements.namedItem(field);
      const value = element instanceof HTMLInputElement ? element.value : '';
      values[field] = isSecretField(field) ? value : value.trim();
    }
    return (FORM_PROBLEMS[name] as (values: Record<string, string>) => FieldErrors)(values);
  };

  const check = (field: string) => showError(form, field, problems()[field as keyof FieldErrors]);

  for (const field of fields) {
    const input = fieldInput(form, field);
    if (!input) continue;
    // a value the server refused counts as touched: its message updates as the viewer fixes it
    if (input.getAttribute('aria-invalid') === 'true') touched.add(field);
    input.addEventListener('blur', () => {
      if (input.value === '' && !touched.has(field)) return; // tabbing through an empty form is not a mistake
      touched.add(field);
      check(field);
    });
    input.addEventListener('input', () => {
      if (touched.has(field)) check(field);
      for (const other of DEPENDS_ON[field] ?? []) if (touched.has(other) && fields.includes(other)) check(other);
    });
  }

  form.addEventListener('submit', (event) => {
    const found = problems();
    for (const field of fields) {
      touched.add(field);
      showError(form, field, found[field as keyof FieldErrors]);
    }
    const first = fields.find((field) => field in found);
    if (first) {
      event.preventDefault();
      announce(status, problemsAnnouncement(found, fields));
      fieldInput(form, first)?.focus();
      return;
    }
    // one submit at a time: a second click would spend a one-time code or count as another sign-in attempt
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (form.dataset.submitting === 'true') event.preventDefault();
    form.dataset.submitting = 'true';
    button?.setAttribute('aria-disabled', 'true');
  });
  // coming back through the browser's history restores the page as it was left: submittable again
  window.addEventListener('pageshow', () => {
    delete form.dataset.submitting;
    form.querySelector('button[type="submit"]')?.removeAttribute('aria-disabled');
  });
}

function enhanceReveal(button: HTMLButtonElement): void {
  const input = document.getElementById(button.getAttribute('aria-controls') ?? '') as HTMLInputElement | null;
  if (!input) return;
  button.hidden = false;
  button.setAttribute('aria-label', 'Show password');
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(show));
    button.textContent = show ? 'Hide' : 'Show';
    button.setAttribute('aria-label', show ? 'Hide password' : 'Show password');
  });
  // never leave a password readable in a page the browser may restore or autofill from
  input.form?.addEventListener('submit', () => {
    input.type = 'password';
  });
}

function enhanceStrength(box: HTMLElement): void {
  const input = document.getElementById(box.dataset.strength ?? '') as HTMLInputElement | null;
  const bar = box.querySelector<HTMLElement>('[data-strength-bar]');
  const text = box.querySelector<HTMLElement>('[data-strength-text]');
  if (!input || !bar || !text) return;
  const form = input.form;
  let timer: number | undefined;
  let lastText = '';

  const update = async () => {
    const { estimateStrength } = await import('./password-strength');
    const personal = ['username', 'email']
      .map((field) => (form?.elements.namedItem(field) as HTMLInputElement | null)?.value ?? '')
      .filter(Boolean);
    const password = input.value;
    if (!password) {
      box.hidden = true;
      lastText = '';
      text.textContent = '';
      return;
    }
    const estimate = await estimateStrength(password, personal);
    if (input.value !== password) return; // the viewer typed on meanwhile
    box.hidden = false;
    box.dataset.score = String(estimate.score);
    bar.style.width = `${((estimate.score + 1) / 5) * 100}%`;
    // the live region speaks only when the words change, not on every keystroke
    if (estimate.text !== lastText) {
      lastText = estimate.text;
      text.textContent = estimate.text;
    }
  };

  // the dictionaries (a few hundred kB) load when the viewer first needs them, not with the page
  input.addEventListener(
    'focus',
    () => void import('./password-strength').then(({ loadStrengthEstimator }) => loadStrengthEstimator()),
    { once: true },
  );
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void update(), 150);
  });
}

export function enhanceAccountForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-account-form]:not([data-enhanced])')) {
    const name = form.dataset.accountForm;
    if (isAccountFormName(name)) enhanceForm(form, name);
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-password-reveal][hidden]'))
    enhanceReveal(button);
  for (const box of document.querySelectorAll<HTMLElement>('[data-strength]:not([data-enhanced])')) {
    box.dataset.enhanced = 'true';
    enhanceStrength(box);
  }
  // after a refused POST the summary speaks first
  document.querySelector<HTMLElement>('[data-form-alert]')?.focus();
}
