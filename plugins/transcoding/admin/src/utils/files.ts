/**
 * What the upload page checks before a single byte leaves the browser. The server enforces the same rules
 * (413 over the limit, validation of the content itself); checking here saves the user a wasted upload.
 */

/** Used until the first upload ticket tells the real values. */
export const DEFAULT_ACCEPTED_EXTENSIONS = ['.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi', '.ts'];

export interface UploadLimits {
  acceptedExtensions: string[];
  maxUploadBytes: number;
}

export type FileRefusal =
  | { reason: 'extension'; extension: string; accepted: string[] }
  | { reason: 'too-large'; size: number; maxUploadBytes: number }
  | { reason: 'empty' };

/** The lower-cased extension of a file name with its dot (".mp4"), or "" without one. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}

/** "my_holiday-clip.final.mp4" -> "my holiday clip.final": a starting title the creator edits later. */
export function titleFromFileName(name: string): string {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || name;
}

/** Why a file cannot be uploaded, or null when it can. */
export function refusalFor(file: { name: string; size: number }, limits: UploadLimits): FileRefusal | null {
  const extension = extensionOf(file.name);
  const accepted = limits.acceptedExtensions.map((entry) => entry.toLowerCase());
  if (!accepted.includes(extension)) return { reason: 'extension', extension, accepted };
  if (file.size === 0) return { reason: 'empty' };
  if (file.size > limits.maxUploadBytes)
    return { reason: 'too-large', size: file.size, maxUploadBytes: limits.maxUploadBytes };
  return null;
}

/** The `accept` attribute of the file input: the extensions the server takes. */
export function acceptAttribute(extensions: string[]): string {
  return extensions.join(',');
}

/**
 * Where tus requests go. The ticket's endpoint is root-relative to the CMS ("/transcoding/tus/") or absolute
 * (a separate upload host); Strapi's backendURL is always absolute and may carry a path prefix.
 */
export function resolveEndpoint(endpoint: string, backendURL: string): string {
  if (/^https?:\/\//i.test(endpoint)) return endpoint;
  const base = backendURL.replace(/\/+$/, '');
  return `${base}${endpoint.startsWith('/') ? '' : '/'}${endpoint}`;
}

/** Strapi's backend URL (always absolute in Strapi 5; the page's origin as a fallback). */
export function backendURL(): string {
  const strapi = (window as unknown as { strapi?: { backendURL?: string } }).strapi;
  return strapi?.backendURL || window.location.origin;
}
