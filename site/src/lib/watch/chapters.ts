// A video's chapters: the creator's chapter list, or timestamps at the start of description lines (`0:00 Intro`, the
// convention viewers know), read as YouTube reads them: the first at 0:00, at least two, in order, each inside the
// video. The rules are @framecast/contracts' (search indexes the same chapters); the player script marks them on the
// timeline (lib/player/chapter-markers.ts).

import { chaptersFromDescription as fromDescription, videoChapters } from '@framecast/contracts';
import { plainText } from '../markdown';
import type { Chapter, Video } from '../types';

const MAX_TITLE = 100;
// the line is Markdown (`async/await` in code marks): the title is its text
const titleText = (markdown: string) => plainText(markdown, MAX_TITLE);

/** Chapters from description lines that start with a timestamp; none unless they follow the rules above. */
export function chaptersFromDescription(description: string | null | undefined, duration?: number): Chapter[] {
  return fromDescription(description, duration, titleText);
}

/** What the watch page shows: the creator's chapter list when there is one, else the description's timestamps. */
export function watchChapters(video: Pick<Video, 'chapters' | 'description' | 'duration'>): Chapter[] {
  return videoChapters(video, titleText);
}
