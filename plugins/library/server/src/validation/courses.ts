/** Course ids in the path and the lessons asked for in a progress query. */
import { errors } from '@strapi/utils';
import { DOCUMENT_ID } from './common';

/** Lessons asked for at once at most (a course's length is bounded by its playlist). */
export const MAX_PROGRESS_VIDEOS = 500;

export function parseCourseId(value: unknown): string {
  if (typeof value !== 'string' || !DOCUMENT_ID.test(value))
    throw new errors.ValidationError("Invalid course id: use the course playlist's documentId");
  return value;
}

/** `?videos=a,b,c`: documentIds, each once, at most MAX_PROGRESS_VIDEOS. */
export function parseProgressQuery(query: Record<string, unknown>): string[] {
  const raw = query.videos;
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new errors.ValidationError('videos must be a comma-separated list of video ids');
  const ids = [...new Set(raw.split(',').map((id) => id.trim()))];
  if (ids.length > MAX_PROGRESS_VIDEOS)
    throw new errors.ValidationError(`videos: at most ${MAX_PROGRESS_VIDEOS} ids at once`);
  const bad = ids.find((id) => !DOCUMENT_ID.test(id));
  if (bad !== undefined) throw new errors.ValidationError(`videos: "${bad.slice(0, 80)}" is not a video id`);
  return ids;
}
