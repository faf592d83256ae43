import type { WatchProgress } from '@framecast/contracts';
import { courseProgress, courseSections, lessonAfter, lessonHref, lessonNumber, timeLeft } from '../learning/progress';
import type { Playlist, Video } from '../types';

const video = (slug: string, duration: number): Video =>
  ({ id: 1, documentId: `doc${slug}`, slug, title: `Lesson ${slug}`, duration }) as unknown as Video;
const course: Playlist = {
  id: 1,
  documentId: 'course1',
  slug: 'the-course',
  title: 'The course',
  isCourse: true,
  videos: [video('a', 600), video('b', 300), video('c', 1200), video('d', 60)],
  sections: [
    { title: 'Second part', fromLesson: 3 },
    { title: 'First part', fromLesson: 1 },
    { title: '  ', fromLesson: 2 },
  ],
};
const saved = (position: number, duration: number, completed = false): WatchProgress => ({
  position,
  duration,
  completed,
  watchedAt: '2026-12-01T10:00:00.000Z',
});

describe('course progress', () => {
  it('is empty for a learner who has watched nothing: Start at the first lesson', () => {
    const progress = courseProgress(course);
    expect(progress).toMatchObject({ done: 0, total: 4, percent: 0, started: false, finished: false });
    expect(progress.secondsLeft).toBe(2160);
    expect(progress.next).toMatchObject({ number: 1, state: 'new', resumeAt: 0 });
  });

  it('counts completed lessons, continues at the first unfinished one from its resume point', () => {
    const progress = courseProgress(course, {
      doca: saved(600, 600, true),
      docb: saved(120.7, 300),
      docc: saved(3, 1200),
    });
    expect(progress).toMatchObject({ done: 1, percent: 25, started: true, finished: false });
    expect(progress.next).toMatchObject({ number: 2, state: 'started', resumeAt: 120 });
    // the rest of b, all of c (3 s in is no resume point), all of d
    expect(progress.secondsLeft).toBe(180 + 1200 + 60);
    expect(progress.lessons.map((lesson) => lesson.state)).toEqual(['done', 'started', 'started', 'new']);
    expect(progress.lessons[2]!.resumeAt).toBe(0);
  });

  it('is finished when every lesson is done, in any order', () => {
    const all = Object.fromEntries(course.videos!.map((item) => [item.documentId, saved(1, 1, true)]));
    const progress = courseProgress(course, all);
    expect(progress).toMatchObject({ done: 4, percent: 100, finished: true, secondsLeft: 0 });
    expect(progress.next).toBeUndefined();
    expect(courseProgress({ ...course, videos: [] })).toMatchObject({ total: 0, percent: 0, finished: false });
  });

  it('puts the lessons under their sections, blank titles ignored, lessons before the first section unheaded', () => {
    const lessons = courseProgress(course).lessons;
    expect(
      courseSections(course, lessons).map((section) => [section.title, section.lessons.map((lesson) => lesson.number)]),
    ).toEqual([
      ['First part', [1, 2]],
      ['Second part', [3, 4]],
    ]);
    expect(
      courseSections({ ...course, sections: [{ title: 'Later', fromLesson: 2 }] }, lessons).map((section) => [
        section.title,
        section.lessons.length,
      ]),
    ).toEqual([
      [undefined, 1],
      ['Later', 3],
    ]);
    expect(courseSections({ ...course, sections: null }, lessons)).toHaveLength(1);
  });

  it('finds a lesson’s place and the one after it', () => {
    expect(lessonNumber(course, 'c')).toBe(3);
    expect(lessonNumber(course, 'zzz')).toBeUndefined();
    expect(lessonAfter(course, 'c')).toMatchObject({ number: 4, video: { slug: 'd' } });
    expect(lessonAfter(course, 'd')).toBeUndefined();
  });

  it('links a lesson inside its course, at its resume point', () => {
    expect(lessonHref('b', 'the-course')).toBe('/watch/b?course=the-course');
    expect(lessonHref('b', 'the-course', 120.9)).toBe('/watch/b?course=the-course&t=120');
    expect(timeLeft(30)).toBe('under a minute left');
    expect(timeLeft(2160)).toBe('36 min left');
    expect(timeLeft(3900)).toBe('1 h 5 min left');
  });
});
