// Chapters as Plyr's timeline markers, read from the player's `data-chapters` (lib/watch/chapters.ts made them).

import type { Chapter } from '../types';

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Plyr's timeline markers for chapters (`data-chapters` on the player, as JSON): Plyr writes a marker's label as
 * HTML, so the title is escaped here; the first chapter (0:00) has no marker to draw.
 */
export function chapterMarkers(json: string | undefined): Array<{ time: number; label: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter(
      (item): item is Chapter =>
        typeof item?.startSeconds === 'number' && item.startSeconds > 0 && typeof item.title === 'string',
    )
    .map((chapter) => ({ time: Math.round(chapter.startSeconds), label: escapeHtml(chapter.title) }));
}
