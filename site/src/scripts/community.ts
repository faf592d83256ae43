// The watch page's community parts, enhanced in place: forms post with fetch and the part they changed is
// re-rendered from a fresh copy of the page (the server stays the one place that renders, and escapes, viewer
// text); edit windows count down; Share copies links; the player's position is saved for signed-in viewers.

import { editMinutesLeft, editWindowText, linkAtTime } from '../lib/community/text';

const ACT = '/community/act';
const PROGRESS_EVERY_MS = 10_000;

const STATUS_SHOWN_MS = 6000;
let statusTimer: number | undefined;

/** Says `message` in the form's own status line when it has one (shown beside it), else in the page's. */
function announce(message: string, form?: HTMLFormElement): void {
  const status =
    form?.querySelector<HTMLElement>('[data-community-status]') ??
    document.querySelector<HTMLElement>('[data-community-status]');
  if (!status) return;
  status.textContent = '';
  window.clearTimeout(statusTimer);
  // a change the screen reader notices even when the same message comes twice
  window.setTimeout(() => (status.textContent = message), 50);
  statusTimer = window.setTimeout(() => (status.textContent = ''), STATUS_SHOWN_MS);
}

/** One menu (Save, Share) open at a time; Escape or a click elsewhere closes it and focus returns to its button. */
function manageMenus(): void {
  const openMenus = () => document.querySelectorAll<HTMLDetailsElement>('details.menu[open]');
  document.addEventListener(
    'toggle',
    (event) => {
      const menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains('menu') || !menu.open) return;
      openMenus().forEach((other) => other !== menu && (other.open = false));
    },
    true,
  );
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    openMenus().forEach((menu) => {
      if (!menu.contains(document.activeElement)) return;
      menu.open = false;
      menu.querySelector('summary')?.focus();
    });
  });
  document.addEventListener('click', (event) => {
    const target = event.target as Node;
    openMenus().forEach((menu) => !menu.contains(target) && (menu.open = false));
  });
}

const SUCCESS: Record<string, string> = {
  follow: 'You follow this creator now.',
  unfollow: 'You no longer follow this creator.',
  comment: 'Your comment was posted.',
  'edit-comment': 'Your comment was updated.',
  'delete-comment': 'Your comment was deleted.',
  'report-comment': 'Thanks, a moderator will look at it.',
  rate: 'Your rating was saved.',
  unrate: 'Your rating was removed.',
  save: 'Saved.',
  unsave: 'Removed.',
  'create-collection': 'Collection created and video saved to it.',
  remind: 'We will notify you when the premiere starts.',
  unremind: 'You will not be reminded.',
  post: 'Your reply was posted.',
  'subscribe-topic': 'You will be notified of new replies.',
  'unsubscribe-topic': 'You will no longer be notified of replies.',
  'pin-topic': 'Pinned to the top of your board.',
  'unpin-topic': 'Unpinned.',
  'lock-topic': 'Locked: no new replies.',
  'unlock-topic': 'Unlocked: replies are open again.',
  'hide-post': 'Hidden: only you see it now.',
  'show-post': 'Shown again.',
};

/** Replaces the page's regions with the same regions from a fresh copy of this page. */
async function refreshRegions(names: string[]): Promise<void> {
  const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  if (!response.ok) throw new Error(`page answered ${response.status}`);
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const name of names) {
    const current = document.querySelectorAll<HTMLElement>(`[data-region="${name}"]`);
    const replacements = fresh.querySelectorAll<HTMLElement>(`[data-region="${name}"]`);
    current.forEach((element, index) => {
      const replacement = replacements[index];
      if (!replacement) return;
      // an open menu stays open
      if (element instanceof HTMLDetailsElement && replacement instanceof HTMLDetailsElement)
        replacement.open = element.open;
      element.replaceWith(document.importNode(replacement, true));
    });
  }
  updateEditWindows();
}

async function submit(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const body = new URLSearchParams();
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') body.append(key, value);
  });
  const intent = body.get('intent') ?? '';
  const region = form.closest<HTMLElement>('[data-region]')?.dataset.region;
  const buttons = form.querySelectorAll<HTMLButtonElement>('button');
  buttons.forEach((button) => (button.disabled = true));
  form.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(ACT, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    const answer = (await response.json().catch(() => ({}))) as {
      error?: { message?: string };
      result?: { state?: unknown };
      /** where the change lives now (a new topic's page) */
      location?: string;
    };
    if (response.status === 401) {
      window.location.assign(
        `/account/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
      );
      return;
    }
    if (!response.ok) {
      // what was typed stays in the form: the viewer fixes it or tries again
      announce(answer.error?.message ?? 'That did not work. Please try again.', form);
      return;
    }
    if (answer.location?.startsWith('/')) {
      window.location.assign(answer.location);
      return;
    }
    // the follow button also shows on other parts of the page; a new rating changes the header's average too
    // a form may change another part of the page too (a reply changes the topic's count): data-also-refresh
    const also = (form.dataset.alsoRefresh ?? '').split(/\s+/).filter(Boolean);
    await refreshRegions([...(region ? [region] : []), ...also]);
    const held = answer.result?.state === 'held';
    announce(
      held ? 'This is held for review: others will see it once a moderator approves it.' : (SUCCESS[intent] ?? 'Done.'),
    );
    if (region) {
      const heading = document.querySelector<HTMLElement>(`[data-region="${region}"] h2[tabindex="-1"]`);
      const again = document.querySelector<HTMLElement>(
        `[data-region="${region}"] summary, [data-region="${region}"] button`,
      );
      // focus stays near what the viewer just did: the section's heading, or the control that replaced theirs
      (submitter && document.contains(submitter) ? submitter : (heading ?? again))?.focus();
    }
  } catch {
    announce('That did not work. Check your connection and try again.', form);
  } finally {
    buttons.forEach((button) => (button.disabled = false));
    form.removeAttribute('aria-busy');
  }
}

function enhanceForms(): void {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-enhance')) return;
    event.preventDefault();
    void submit(form, event.submitter);
  });
  // a checkbox in the Save menu saves at once
  document.addEventListener('change', (event) => {
    const toggle = event.target;
    if (!(toggle instanceof HTMLInputElement) || !toggle.hasAttribute('data-save-toggle')) return;
    const form = toggle.closest<HTMLFormElement>('form');
    const intent = form?.querySelector<HTMLInputElement>('[data-save-intent]');
    if (!form || !intent) return;
    intent.value = toggle.checked ? 'save' : 'unsave';
    void submit(form, toggle);
  });
}

function updateEditWindows(): void {
  for (const window_ of document.querySelectorAll<HTMLElement>('[data-edit-until]')) {
    const until = window_.dataset.editUntil;
    const left = window_.querySelector<HTMLElement>('[data-edit-left]');
    if (editMinutesLeft(until) === 0) window_.hidden = true;
    else if (left) left.textContent = editWindowText(until);
  }
}

async function copy(text: string, done: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    announce(done);
  } catch {
    announce('Copying is blocked here: select the text and copy it instead.');
  }
}

function currentTime(): number {
  return document.querySelector<HTMLVideoElement>('#player video')?.currentTime ?? 0;
}

function enhanceShare(): void {
  const share = document.querySelector<HTMLElement>('[data-share]');
  if (!share) return;
  const url = share.dataset.shareUrl ?? window.location.href;
  const title = share.dataset.shareTitle ?? document.title;
  const show = (selector: string) =>
    share.querySelectorAll<HTMLElement>(selector).forEach((element) => (element.hidden = false));
  show('[data-share-copy], [data-share-copy-time], [data-share-copy-embed]');
  if (typeof navigator.share === 'function') show('[data-share-native]');
  share.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button) return;
    if (button.hasAttribute('data-share-copy')) void copy(url, 'Link copied.');
    else if (button.hasAttribute('data-share-copy-time')) {
      const at = linkAtTime(url, currentTime());
      const field = share.querySelector<HTMLInputElement>('[data-share-link]');
      if (field) field.value = at;
      void copy(at, 'Link at the current time copied.');
    } else if (button.hasAttribute('data-share-copy-embed'))
      void copy(share.querySelector('textarea')?.value ?? '', 'Embed code copied.');
    else if (button.hasAttribute('data-share-native')) void navigator.share({ title, url }).catch(() => undefined);
  });
}

/** Signed-in viewers: the position goes to the site every ~10 s while playing, and on pause and on leaving. */
function saveProgress(): void {
  const root = document.querySelector<HTMLElement>('[data-progress-video]');
  const video = document.querySelector<HTMLVideoElement>('#player video');
  const csrf = root?.dataset.progressCsrf;
  const documentId = root?.dataset.progressVideo;
  if (!root || !video || !csrf || !documentId) return;
  let lastSent = -1;
  let lastAt = 0;
  /** `force`: the end of the video is always saved (it marks the video watched), however close the last save was. */
  const send = (force = false) => {
    const position = video.currentTime;
    const duration =
      Number.isFinite(video.duration) && video.duration > 0
        ? video.duration
        : Number(root.dataset.progressDuration) || 0;
    if (!(position > 0) || !(duration > 0) || (!force && Math.abs(position - lastSent) < 1)) return;
    lastSent = position;
    lastAt = Date.now();
    const body = JSON.stringify({
      intent: 'progress',
      video: documentId,
      position: Math.round(position * 10) / 10,
      duration: Math.round(duration * 10) / 10,
    });
    // keepalive: the last save still goes out while the page unloads
    void fetch(ACT, {
      method: 'POST',
      body,
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
    })
      .then((response) => (root.dataset.progressSaved = response.ok ? String(Math.round(position)) : 'failed'))
      .catch(() => undefined);
  };
  video.addEventListener('timeupdate', () => {
    if (!video.paused && Date.now() - lastAt >= PROGRESS_EVERY_MS) send();
  });
  video.addEventListener('pause', () => send());
  // the end of a lesson: saved as watched before the next one is offered
  video.addEventListener('ended', () => send(true));
  window.addEventListener('pagehide', () => send());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') send();
  });
}

function enhanceResume(): void {
  const notice = document.querySelector<HTMLElement>('[data-resume-notice]');
  const restart = notice?.querySelector<HTMLButtonElement>('[data-resume-restart]');
  if (!notice || !restart) return;
  restart.hidden = false;
  restart.addEventListener('click', () => {
    const video = document.querySelector<HTMLVideoElement>('#player video');
    const stage = document.querySelector<HTMLElement>('[data-player]');
    if (stage) delete stage.dataset.startAt;
    if (video) video.currentTime = 0;
    notice.hidden = true;
    announce('Starting from the beginning.');
  });
}

document.documentElement.classList.add('community-js');
enhanceForms();
manageMenus();
enhanceShare();
saveProgress();
enhanceResume();
updateEditWindows();
window.setInterval(updateEditWindows, 20_000);
