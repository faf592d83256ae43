/**
 * Courses a viewer follows (My learning) and their progress in them. A course is a creator's playlist marked as one
 * (`isCourse`), published and public or unlisted; a viewer enrols by opening it from the site, which also touches the
 * enrolment on each lesson so My learning lists the most recent first. Progress is the viewer's own watch history
 * (history.ts): this service only hands back the rows of the lessons asked for.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { WatchProgress } from '@framecast/contracts';

const ENROLMENT = 'plugin::library.enrolment';
const PLAYLIST = 'api::playlist.playlist';
const PROGRESS = 'plugin::library.watch-progress';

export type Enrolment = { course: string; startedAt: string; visitedAt: string };

type EnrolmentRow = { course: string; startedAt: string | Date; visitedAt: string | Date };
type ProgressRow = {
  video: string;
  positionSeconds: number | string;
  durationSeconds: number | string;
  completed: boolean | number;
  watchedAt: string | Date;
};

/** Courses listed on My learning at most (the most recently visited). */
export const MAX_ENROLMENTS = 200;

export type CoursesService = ReturnType<typeof coursesService>;

const coursesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const enrolments = () => strapi.db.query(ENROLMENT);

  /** A course anyone with its address may follow: published, marked as a course, public or unlisted. */
  async function isOpenCourse(documentId: string): Promise<boolean> {
    const row = await strapi.db.query(PLAYLIST).findOne({
      where: {
        documentId,
        isCourse: true,
        visibility: { $in: ['public', 'unlisted'] },
        publishedAt: { $notNull: true },
      },
      select: ['id'],
    });
    return Boolean(row);
  }

  return {
    /** Starts following a course, or notes the visit when already following it. 404 for anything but an open course. */
    async enrol(viewer: number, course: string, now = new Date()): Promise<void> {
      if (!(await isOpenCourse(course))) throw new errors.NotFoundError('No such course');
      const key = { viewer, course };
      if ((await enrolments().updateMany({ where: key, data: { visitedAt: now } })).count > 0) return;
      try {
        await enrolments().create({ data: { ...key, startedAt: now, visitedAt: now, publishedAt: now } });
      } catch (error) {
        // a concurrent request enrolled first: the unique index refused the second row
        if ((await enrolments().updateMany({ where: key, data: { visitedAt: now } })).count === 0) throw error;
      }
    },

    async leave(viewer: number, course: string): Promise<number> {
      return (await enrolments().deleteMany({ where: { viewer, course } })).count;
    },

    /** The viewer's courses, most recently visited first. */
    async list(viewer: number): Promise<Enrolment[]> {
      const rows = (await enrolments().findMany({
        where: { viewer },
        select: ['course', 'startedAt', 'visitedAt'],
        orderBy: { visitedAt: 'desc' },
        limit: MAX_ENROLMENTS,
      })) as EnrolmentRow[];
      return rows.map((row) => ({
        course: row.course,
        startedAt: new Date(row.startedAt).toISOString(),
        visitedAt: new Date(row.visitedAt).toISOString(),
      }));
    },

    /** The viewer's saved progress in these videos (a course's lessons), by video; videos without any are left out. */
    async progress(viewer: number, videos: string[]): Promise<Record<string, WatchProgress>> {
      if (videos.length === 0) return {};
      const rows = (await strapi.db.query(PROGRESS).findMany({
        where: { viewer, video: { $in: videos } },
        select: ['video', 'positionSeconds', 'durationSeconds', 'completed', 'watchedAt'],
      })) as ProgressRow[];
      return Object.fromEntries(
        rows.map((row) => [
          row.video,
          {
            position: Number(row.positionSeconds),
            duration: Number(row.durationSeconds),
            completed: Boolean(row.completed),
            watchedAt: new Date(row.watchedAt).toISOString(),
          },
        ]),
      );
    },

    async removeAllOf(viewer: number): Promise<number> {
      return (await enrolments().deleteMany({ where: { viewer } })).count;
    },

    /** A course deleted or made private: nobody follows it any more. */
    async forgetCourse(course: string): Promise<number> {
      return (await enrolments().deleteMany({ where: { course } })).count;
    },
  };
};

export default coursesService;
