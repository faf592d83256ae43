// What the learning pages load: a course with the signed-in learner's progress, and the courses they follow (My
// learning, the home page's Continue learning shelf). A part that fails leaves the page without it, never broken.

import type { AstroSession } from 'astro';
import { CmsNotFoundError, enrolCourse, getCourse, lessonProgress, listCourses } from '../cms';
import { log } from '../log';
import { asViewer, SignedOutError } from '../session/viewer-session';
import type { Playlist } from '../types';
import { courseProgress, type CourseProgress } from './progress';

export interface FollowedCourse {
  course: Playlist;
  progress: CourseProgress;
  visitedAt: string;
}

/** Courses asked for at once on My learning (the most recently visited first). */
const MAX_COURSES = 50;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The learner's progress in this course; an empty one when signed out or when the library does not answer. */
export async function progressIn(course: Playlist, session: AstroSession | undefined): Promise<CourseProgress> {
  if (!session) return courseProgress(course);
  const videos = (course.videos ?? []).map((video) => video.documentId);
  try {
    return courseProgress(course, await asViewer(session, (jwt) => lessonProgress(videos, jwt)));
  } catch (error) {
    if (!(error instanceof SignedOutError)) log.warn('course progress unavailable', { error: reason(error) });
    return courseProgress(course);
  }
}

/** Follows the course (or notes the visit) for My learning; a failure only leaves it unlisted there. */
export async function noteCourseVisit(course: Playlist, session: AstroSession): Promise<void> {
  try {
    await asViewer(session, (jwt) => enrolCourse(course.documentId, jwt));
  } catch (error) {
    if (!(error instanceof SignedOutError) && !(error instanceof CmsNotFoundError))
      log.warn('course enrolment not saved', { error: reason(error) });
  }
}

/** The courses the learner follows, with their progress: in progress first (most recent visit first), then finished. */
export async function followedCourses(
  session: AstroSession,
  limit = MAX_COURSES,
): Promise<{ inProgress: FollowedCourse[]; finished: FollowedCourse[] }> {
  const enrolments = (await asViewer(session, listCourses)).slice(0, limit);
  const courses = await Promise.all(
    enrolments.map(async (enrolment) => {
      try {
        return { course: await getCourse(enrolment.course), visitedAt: enrolment.visitedAt };
      } catch (error) {
        // a course removed, made private or no longer a course: not listed
        if (!(error instanceof CmsNotFoundError)) log.warn('course unavailable', { error: reason(error) });
        return undefined;
      }
    }),
  );
  const found = courses.filter((entry): entry is { course: Playlist; visitedAt: string } => Boolean(entry));
  const videos = [...new Set(found.flatMap(({ course }) => (course.videos ?? []).map((video) => video.documentId)))];
  const saved = await asViewer(session, (jwt) => lessonProgress(videos.slice(0, 500), jwt));
  const all = found.map(({ course, visitedAt }) => ({ course, visitedAt, progress: courseProgress(course, saved) }));
  return {
    inProgress: all.filter((entry) => !entry.progress.finished),
    finished: all.filter((entry) => entry.progress.finished),
  };
}
