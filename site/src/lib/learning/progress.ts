// Courses (a creator's playlist marked as one): where a learner is in it, from their saved watch progress. Pure: the
// pages load the course and the progress (lib/cms) and render what this works out.

import type { WatchProgress } from '@framecast/contracts';
import type { Playlist, Video } from '../types';

/** A started lesson resumes here unless the learner is in its first seconds. */
const RESUME_AFTER_SECONDS = 5;

export type LessonState = 'done' | 'started' | 'new';

export interface Lesson {
  video: Video;
  /** 1-based, as the course numbers them */
  number: number;
  state: LessonState;
  /** seconds: where a started lesson resumes (0 for the others) */
  resumeAt: number;
}

export interface CourseProgress {
  lessons: Lesson[];
  done: number;
  total: number;
  /** whole percent of lessons done */
  percent: number;
  /** seconds of lessons not done yet (the rest of a started one) */
  secondsLeft: number;
  /** the first lesson not done, where it resumes; undefined once every lesson is done */
  next: Lesson | undefined;
  started: boolean;
  finished: boolean;
}

export interface CourseSection {
  title: string | undefined;
  lessons: Lesson[];
}

/** The lesson's watch address inside the course (the watch page offers the next lesson from it). */
export function lessonHref(videoSlug: string, courseSlug: string, startAt = 0): string {
  const start = startAt >= 1 ? `&t=${Math.floor(startAt)}` : '';
  return `/watch/${encodeURIComponent(videoSlug)}?course=${encodeURIComponent(courseSlug)}${start}`;
}

export function courseProgress(course: Playlist, progress: Record<string, WatchProgress> = {}): CourseProgress {
  const lessons: Lesson[] = (course.videos ?? []).map((video, index) => {
    const saved = progress[video.documentId];
    const state: LessonState = saved?.completed ? 'done' : saved && saved.position > 0 ? 'started' : 'new';
    const resumeAt = state === 'started' && saved!.position >= RESUME_AFTER_SECONDS ? Math.floor(saved!.position) : 0;
    return { video, number: index + 1, state, resumeAt };
  });
  const done = lessons.filter((lesson) => lesson.state === 'done').length;
  const secondsLeft = lessons.reduce((sum, lesson) => {
    if (lesson.state === 'done') return sum;
    const duration = Number(lesson.video.duration) || progress[lesson.video.documentId]?.duration || 0;
    return sum + Math.max(0, duration - lesson.resumeAt);
  }, 0);
  const total = lessons.length;
  return {
    lessons,
    done,
    total,
    percent: total === 0 ? 0 : Math.round((done / total) * 100),
    secondsLeft: Math.round(secondsLeft),
    next: lessons.find((lesson) => lesson.state !== 'done'),
    started: lessons.some((lesson) => lesson.state !== 'new'),
    finished: total > 0 && done === total,
  };
}

/** The lessons under their section headings (lessons before the first section, or a course without any: no heading). */
export function courseSections(course: Playlist, lessons: Lesson[]): CourseSection[] {
  const starts = (course.sections ?? [])
    .filter((section) => section.title?.trim() && Number.isInteger(section.fromLesson) && section.fromLesson >= 1)
    .sort((a, b) => a.fromLesson - b.fromLesson);
  const sections: CourseSection[] = [];
  let current: CourseSection = { title: undefined, lessons: [] };
  let at = 0;
  for (const lesson of lessons) {
    while (at < starts.length && starts[at]!.fromLesson <= lesson.number) {
      if (current.lessons.length > 0 || current.title !== undefined) sections.push(current);
      current = { title: starts[at]!.title.trim(), lessons: [] };
      at += 1;
    }
    current.lessons.push(lesson);
  }
  if (current.lessons.length > 0) sections.push(current);
  return sections;
}

/** The lesson after this video in the course, if any (the watch page offers it at the end). */
export function lessonAfter(course: Playlist, videoSlug: string): { video: Video; number: number } | undefined {
  const videos = course.videos ?? [];
  const index = videos.findIndex((video) => video.slug === videoSlug);
  if (index < 0 || index + 1 >= videos.length) return undefined;
  return { video: videos[index + 1]!, number: index + 2 };
}

/** This video's place in the course (1-based), or undefined when it is not one of its lessons. */
export function lessonNumber(course: Playlist, videoSlug: string): number | undefined {
  const index = (course.videos ?? []).findIndex((video) => video.slug === videoSlug);
  return index < 0 ? undefined : index + 1;
}

/** `3 min left`, `1 h 5 min left`, `under a minute left`: what is left of a course, as a learner reads it. */
export function timeLeft(seconds: number): string {
  if (seconds < 60) return seconds > 0 ? 'under a minute left' : 'nothing left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest > 0 ? `${hours} h ${rest} min left` : `${hours} h left`;
}
