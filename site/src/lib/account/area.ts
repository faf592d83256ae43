// The viewer's account area (profile, history, collections, notifications): the pure rules its pages share.
// No Node imports and no CMS calls, so the unit tests and the browser scripts can use them.

import { LIBRARY_LIMITS, WATCH_LATER, type WatchProgress } from '@framecast/contracts';
import { CmsRequestError, CmsUnavailableError } from '../cms/errors';
import { watchPath } from '../links';

export { LIBRARY_LIMITS, WATCH_LATER };

export const PROFILE_LIMITS = { displayName: 50, bio: 500, interests: 10, avatarBytes: 5 * 1024 * 1024 } as const;

/** What a refused form shows: a message per field, and one for the form when nothing more precise applies. */
export interface FormRefusal {
  status: 400 | 403 | 404 | 409 | 413 | 415 | 429 | 503;
  fields: Record<string, string>;
  message?: string;
  /** `details.reason` of the CMS, when it sent one (409 'stale-items'). */
  reason?: string;
}

export const UNAVAILABLE_MESSAGE =
  'We can’t reach our account service right now. Nothing was changed; please try again in a moment.';

/** The refusal for an error thrown by an account call; `known` fields get their own message, others join the form's. */
export function refusalFor(error: unknown, known: readonly string[]): FormRefusal {
  if (error instanceof CmsUnavailableError) return { status: 503, fields: {}, message: UNAVAILABLE_MESSAGE };
  if (!(error instanceof CmsRequestError)) throw error;
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  const raw = error.details.fields;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [field, message] of Object.entries(raw)) {
      if (typeof message !== 'string' || !message) continue;
      if (known.includes(field)) fields[field] = message;
      else elsewhere.push(message);
    }
  }
  const reason = typeof error.details.reason === 'string' ? error.details.reason : undefined;
  const allowed = [400, 403, 404, 409, 413, 415, 429] as const;
  const status = (allowed as readonly number[]).includes(error.status) ? (error.status as FormRefusal['status']) : 400;
  const fallback =
    Object.keys(fields).length > 0
      ? undefined
      : error.cmsMessage || 'We couldn’t complete that. Check the form and try again.';
  const message = elsewhere.length > 0 ? elsewhere.join(' ') : fallback;
  return { status, fields, ...(message ? { message } : {}), ...(reason ? { reason } : {}) };
}

// ---- profile ------------------------------------------------------------------------------------------------------

export interface ProfilePatchInput {
  displayName: string;
  bio: string;
  interests: string[];
}

/** The profile form as the CMS takes it, with the same limits checked first (the CMS checks them again). */
export function readProfileForm(
  form: FormData,
  knownCategories: readonly string[],
): { patch: ProfilePatchInput; fields: Record<string, string> } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim().slice(0, 4000) : '';
  };
  const displayName = text('displayName');
  const bio = text('bio');
  const interests = [
    ...new Set(form.getAll('interests').filter((value): value is string => typeof value === 'string')),
  ].filter((id) => knownCategories.includes(id));
  const fields: Record<string, string> = {};
  if ([...displayName].length > PROFILE_LIMITS.displayName)
    fields.displayName = `The display name is too long: at most ${PROFILE_LIMITS.displayName} characters.`;
  if ([...bio].length > PROFILE_LIMITS.bio)
    fields.bio = `The bio is too long: at most ${PROFILE_LIMITS.bio} characters.`;
  if (interests.length > PROFILE_LIMITS.interests)
    fields.interests = `Choose at most ${PROFILE_LIMITS.interests} interests.`;
  return { patch: { displayName, bio, interests }, fields };
}

/** Where the completion indicator's "next step" link points. */
export function completionAnchor(field: 'displayName' | 'avatar' | 'bio' | 'interests'): string {
  return `#profile-${field}`;
}

// ---- history ------------------------------------------------------------------------------------------------------

/** How far into the video, 0-100 (a completed video is 100). */
export function progressPercent(progress: Pick<WatchProgress, 'position' | 'duration' | 'completed'>): number {
  if (progress.completed) return 100;
  if (!(progress.duration > 0) || !(progress.position > 0)) return 0;
  return Math.min(100, Math.max(0, Math.round((progress.position / progress.duration) * 100)));
}

/** The watch link that resumes where the viewer stopped (from the start once completed or barely begun). */
export function resumeHref(slug: string, progress: Pick<WatchProgress, 'position' | 'completed'>): string {
  const at = Math.floor(progress.position);
  return !progress.completed && at >= 5 ? `${watchPath(slug)}?t=${at}` : watchPath(slug);
}

// ---- collections --------------------------------------------------------------------------------------------------

/** The order after moving `id` one place up or down; the same order when it cannot move. */
export function moveItem(order: readonly string[], id: string, direction: 'up' | 'down'): string[] {
  const next = [...order];
  const from = next.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= next.length) return next;
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** A collection id from a URL: Watch later's alias or a Strapi documentId. */
export function isCollectionId(value: string | undefined): value is string {
  return typeof value === 'string' && (value === WATCH_LATER || /^[a-z0-9]{10,64}$/i.test(value));
}

export interface CollectionFormInput {
  title: string;
  description: string;
  visibility: 'public' | 'private';
}

export function readCollectionForm(form: FormData): { input: CollectionFormInput; fields: Record<string, string> } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim().slice(0, 4000) : '';
  };
  const title = text('title');
  const description = text('description');
  const visibility = form.get('visibility') === 'public' ? 'public' : 'private';
  const fields: Record<string, string> = {};
  if (!title) fields.title = 'Give the collection a title.';
  else if ([...title].length > LIBRARY_LIMITS.titleMaxLength)
    fields.title = `The title is too long: at most ${LIBRARY_LIMITS.titleMaxLength} characters.`;
  if ([...description].length > LIBRARY_LIMITS.descriptionMaxLength)
    fields.description = `The description is too long: at most ${LIBRARY_LIMITS.descriptionMaxLength} characters.`;
  return { input: { title, description, visibility }, fields };
}

// ---- notifications ------------------------------------------------------------------------------------------------

/** The bell's count as shown: at most "99+". */
export function unreadLabel(unread: number): string {
  return unread > 99 ? '99+' : String(Math.max(0, Math.floor(unread)));
}

/** A short-lived per-viewer cache (the bell's count on every page), dropped when the viewer changes it. */
export class ShortCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  get(key: string, now: number = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, now: number = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, at: now });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** A posted page number (hidden field), for returning to the same page after a change. */
export function pageFrom(value: unknown): number {
  const page = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1;
}
