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
  return parseChapters(json)
    .filter((chapter) => chapter.startSeconds > 0)
    .map((chapter) => ({ time: Math.round(chapter.startSeconds), label: escapeHtml(chapter.title) }));
}

/** The chapters in `data-chapters`, in time order; none when it is not a list of chapters. */
export function parseChapters(json: string | undefined): Chapter[] {
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
        typeof item?.startSeconds === 'number' && item.startSeconds >= 0 && typeof item.title === 'string',
    )
    .sort((a, b) => a.startSeconds - b.startSeconds);
}

/** The title of the chapter playing at `seconds` (the storyboard preview shows it over the frame), as plain text. */
export function chapterAt(chapters: readonly Chapter[], seconds: number): string | undefined {
  let title: string | undefined;
  for (const chapter of chapters) {
    if (chapter.startSeconds > seconds) break;
    title = chapter.title;
  }
  return title;
}
