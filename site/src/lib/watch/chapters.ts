// A video's chapters: the creator's chapter list, or timestamps at the start of description lines (`0:00 Intro`, the
// convention viewers know), read as YouTube reads them: the first at 0:00, at least two, in order, each inside the
// video. Server-side; the player script marks them on the timeline (lib/player/chapter-markers.ts).

import { plainText } from '../markdown';
import type { Chapter, Video } from '../types';

/** `0:00 Intro`, `01:02:03 - Wrap-up`, `- 1:30 Knife work` (a Markdown list), `[2:00] Q&A`. */
const LINE = /^\s*(?:[-*+]\s+)?[[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?\s*(?:[-–—:|]\s*)?(\S.*?)\s*$/;
const MAX_TITLE = 100;
const MIN_CHAPTERS = 2;

function toSeconds(stamp: string): number {
  return stamp.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}

/** Chapters from description lines that start with a timestamp; none unless they follow the rules above. */
export function chaptersFromDescription(description: string | null | undefined, duration?: number): Chapter[] {
  const chapters: Chapter[] = [];
  for (const line of (description ?? '').split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, stamp, title] = match;
    const parts = stamp!.split(':').map(Number);
    // minutes and seconds under 60 past the first part
    if (parts.slice(1).some((part) => part >= 60)) return [];
    // the line is Markdown (`async/await` in code marks): the title is its text
    const text = plainText(title, MAX_TITLE);
    if (!text) return [];
    chapters.push({ startSeconds: toSeconds(stamp!), title: text });
  }
  if (chapters.length < MIN_CHAPTERS || chapters[0]!.startSeconds !== 0) return [];
  for (let index = 1; index < chapters.length; index += 1)
    if (chapters[index]!.startSeconds <= chapters[index - 1]!.startSeconds) return [];
  if (duration && duration > 0 && chapters[chapters.length - 1]!.startSeconds >= duration) return [];
  return chapters;
}

/** What the watch page shows: the creator's chapter list when there is one, else the description's timestamps. */
export function watchChapters(video: Pick<Video, 'chapters' | 'description' | 'duration'>): Chapter[] {
  const listed = (video.chapters ?? [])
    .filter((chapter) => Number.isFinite(Number(chapter.startSeconds)) && chapter.title?.trim())
    .sort((a, b) => a.startSeconds - b.startSeconds);
  if (listed.length > 0) return listed;
  const duration = Number(video.duration);
  return chaptersFromDescription(video.description, Number.isFinite(duration) ? duration : undefined);
}
