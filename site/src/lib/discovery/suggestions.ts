// What /api/suggest sends the header search box, and the words the box announces. Shared by the endpoint
// and the browser script, so it stays free of Node and DOM APIs.

import type { HighlightPart } from '.';

export interface SuggestionItem {
  title: string;
  /** the watch page */
  href: string;
  highlight: HighlightPart[];
  /** creator display name */
  creator: string | null;
}

/** Suggestions are typed input from the network: keep well-formed ones, same-site links only. */
export function suggestionItems(body: unknown): SuggestionItem[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.filter((item): item is SuggestionItem => {
    if (typeof item !== 'object' || item === null) return false;
    const { title, href, highlight, creator } = item as Record<string, unknown>;
    return (
      typeof title === 'string' &&
      typeof href === 'string' &&
      href.startsWith('/watch/') &&
      Array.isArray(highlight) &&
      highlight.every((part) => typeof part?.text === 'string' && typeof part?.match === 'boolean') &&
      (creator === null || typeof creator === 'string')
    );
  });
}

/** The highlight parts, or the plain title when the CMS sent none. */
export function titleParts(item: SuggestionItem): HighlightPart[] {
  return item.highlight.length > 0 ? item.highlight : [{ text: item.title, match: false }];
}

/** What the live region says after each lookup. */
export function suggestionsAnnouncement(count: number): string {
  if (count === 0) return 'No suggestions.';
  return `${count} ${count === 1 ? 'suggestion' : 'suggestions'}. Use the up and down arrow keys to choose.`;
}
