/**
 * Builds the search documents (engines/types.ts) from the database: published, public, approved videos
 * only (the same rule as the public API, cms/src/public-access), with what a video card shows.
 */
import type { Core } from '@strapi/strapi';
import { DURATION_BOUNDS_S, type DurationBucket, type SearchMedia, type SearchVideoCard } from '@framecast/contracts';
import { FACET_SEPARATOR } from '../utils/index-settings';
import type { SearchDocument, SearchMoment } from '../engines/types';
import { hourOf, trendingScore, trendingWindowHours, type HourlyViews } from '../utils/trending';
import { LISTED_VIDEO_FILTERS, WATCHABLE_VIDEO_WHERE, parseWebVtt, videoChapters } from '@framecast/contracts';
import { getService } from '../utils';
import { transcriptLimits } from '../utils/index-settings';
import { transcodingService, type CaptionFileRef } from '../utils/other-plugins';

const VIDEO = 'api::video.video';
const VIEW = 'plugin::discovery.view';
export const INDEXABLE_FILTERS = LISTED_VIDEO_FILTERS;

const POPULATE = {
  poster: true,
  category: { fields: ['name', 'slug'] },
  tags: { fields: ['name', 'slug'] },
  creator: { fields: ['handle', 'displayName', 'verified'], populate: { avatar: true } },
  chapters: true,
  captions: { populate: { file: { fields: ['url', 'provider', 'hash', 'ext'] } } },
} as const;

const FIELDS = [
  'title',
  'slug',
  'description',
  'duration',
  'language',
  'publishedAt',
  'viewCount',
  'ratingAverage',
  'ratingCount',
];

type MediaRow = Partial<SearchMedia> & {
  formats?: Record<string, { url: string; width?: number | null; height?: number | null }> | null;
};
type Related = { id: number; documentId: string; name?: string; slug?: string };
type CaptionRow = { language?: string | null; isDefault?: boolean | null; file?: CaptionFileRef | null };
type VideoRow = {
  id: number;
  chapters?: Array<{ startSeconds?: number | string | null; title?: string | null } | null> | null;
  captions?: Array<CaptionRow | null> | null;
  documentId: string;
  title: string;
  slug: string;
  description?: string | null;
  duration?: number | string | null;
  language?: string | null;
  publishedAt?: string | Date | null;
  viewCount?: number | string | null;
  ratingAverage?: number | string | null;
  ratingCount?: number | null;
  poster?: MediaRow | null;
  category?: Related | null;
  tags?: Related[] | null;
  creator?: {
    id: number;
    documentId: string;
    handle: string;
    displayName?: string | null;
    verified?: boolean | null;
    avatar?: MediaRow | null;
  } | null;
};

/** Markdown to plain text: what a search matches and a result shows. */
export function plainText(markdown: string | null | undefined): string {
  if (!markdown) return '';
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function durationBucket(seconds: number): DurationBucket {
  if (seconds < DURATION_BOUNDS_S.shortBelow) return 'short';
  return seconds > DURATION_BOUNDS_S.longAbove ? 'long' : 'medium';
}

function media(row: MediaRow | null | undefined): SearchMedia | null {
  if (!row || !row.url) return null;
  const formats: SearchMedia['formats'] = {};
  for (const name of ['thumbnail', 'small', 'medium', 'large'] as const) {
    const format = row.formats?.[name];
    if (format?.url) formats[name] = { url: format.url, width: format.width ?? null, height: format.height ?? null };
  }
  return {
    id: row.id ?? 0,
    documentId: row.documentId ?? '',
    url: row.url,
    width: row.width ?? null,
    height: row.height ?? null,
    alternativeText: row.alternativeText ?? null,
    mime: row.mime ?? null,
    formats: Object.keys(formats).length > 0 ? formats : null,
  };
}

const facet = (slug: string, label: string | null | undefined) => `${slug}${FACET_SEPARATOR}${label || slug}`;

/** The track a transcript is read from: the default one, else the first with a file. */
export function transcriptTrack(row: Pick<VideoRow, 'captions'>): CaptionFileRef | null {
  const tracks = (row.captions ?? []).filter((track): track is CaptionRow & { file: CaptionFileRef } =>
    Boolean(track?.file?.url),
  );
  return (tracks.find((track) => track.isDefault) ?? tracks[0])?.file ?? null;
}

/** Chapters (the creator's list, or the description's timestamps) and caption cues, with their times. */
export function momentsOf(row: Pick<VideoRow, 'chapters' | 'description' | 'duration'>, captions: string | null) {
  const chapters = videoChapters(row, (markdown) => plainText(markdown).slice(0, 100));
  const moments: SearchMoment[] = chapters.map((chapter) => ({
    start: chapter.startSeconds,
    text: chapter.title,
    kind: 'chapter',
  }));
  let transcript = '';
  if (captions) {
    for (const cue of parseWebVtt(captions, transcriptLimits.maxMoments)) {
      if (transcript.length + cue.text.length > transcriptLimits.maxCharacters) break;
      transcript += transcript ? ` ${cue.text}` : cue.text;
      moments.push({ start: cue.start, text: cue.text, kind: 'caption' });
    }
  }
  return { chapters: chapters.map((chapter) => chapter.title).join('\n'), transcript, moments };
}

export function toSearchDocument(
  row: VideoRow & { playback: SearchVideoCard['playback'] },
  trending: number,
  captions: string | null = null,
): SearchDocument {
  const description = plainText(row.description);
  const { chapters, transcript, moments } = momentsOf(row, captions);
  const duration = Number(row.duration ?? 0) || 0;
  const publishedAt = row.publishedAt ? new Date(row.publishedAt) : new Date(0);
  const tags = (row.tags ?? [])
    .filter((tag) => tag.slug)
    .map((tag) => ({ id: tag.id, documentId: tag.documentId, name: tag.name ?? tag.slug!, slug: tag.slug! }));
  const category = row.category?.slug
    ? {
        id: row.category.id,
        documentId: row.category.documentId,
        name: row.category.name ?? row.category.slug,
        slug: row.category.slug,
      }
    : null;
  const creator = row.creator
    ? {
        id: row.creator.id,
        documentId: row.creator.documentId,
        handle: row.creator.handle,
        displayName: row.creator.displayName || row.creator.handle,
        verified: row.creator.verified ?? null,
        avatar: media(row.creator.avatar),
      }
    : null;
  const views = Number(row.viewCount ?? 0) || 0;
  const rating = Number(row.ratingAverage ?? 0) || 0;
  const card: SearchVideoCard = {
    id: row.id,
    documentId: row.documentId,
    title: row.title,
    slug: row.slug,
    description: description.length > 300 ? `${description.slice(0, 299).trimEnd()}…` : description || null,
    duration: duration || null,
    language: row.language ?? null,
    publishedAt: row.publishedAt ? publishedAt.toISOString() : null,
    viewCount: views,
    ratingAverage: rating,
    ratingCount: row.ratingCount ?? 0,
    poster: media(row.poster),
    playback: row.playback ?? null,
    category,
    tags,
    creator,
  };
  return {
    id: row.documentId,
    title: row.title,
    description,
    chapters,
    transcript,
    moments,
    tags: tags.map((tag) => tag.name),
    tagSlugs: tags.map((tag) => tag.slug),
    tagFacets: tags.map((tag) => facet(tag.slug, tag.name)),
    category: category?.name ?? null,
    categorySlug: category?.slug ?? null,
    categoryFacet: category ? facet(category.slug, category.name) : null,
    creatorName: creator?.displayName ?? null,
    creatorHandle: creator?.handle ?? null,
    creatorFacet: creator ? facet(creator.handle, creator.displayName) : null,
    duration,
    durationBucket: durationBucket(duration),
    language: row.language ?? null,
    publishedAt: Math.floor(publishedAt.getTime() / 1000),
    views,
    rating,
    ratingCount: row.ratingCount ?? 0,
    trending,
    card,
  };
}

export type DocumentsService = ReturnType<typeof documentsService>;

const CAPTION_READS_AT_ONCE = 8;

const documentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** The caption text of each row's transcript track (null when none or unreadable: the video is indexed without it). */
  async function captionsOf(rows: VideoRow[]): Promise<Array<string | null>> {
    const captions = transcodingService(strapi, 'captions');
    const texts: Array<string | null> = rows.map(() => null);
    const pending = rows.flatMap((row, index) => {
      const file = transcriptTrack(row);
      if (!file || !captions) return [];
      return [{ index, file, slug: row.slug }];
    });
    for (let at = 0; at < pending.length; at += CAPTION_READS_AT_ONCE) {
      await Promise.all(
        pending.slice(at, at + CAPTION_READS_AT_ONCE).map(async ({ index, file, slug }) => {
          let text: string | null = null;
          try {
            text = await captions!.readText(file);
          } catch (error) {
            strapi.log.warn(
              `[discovery] the captions of "${slug}" are not searchable: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          texts[index] = text;
        }),
      );
    }
    return texts;
  }

  /** Trending scores of these videos from their counted views. */
  async function trendingScores(documentIds: string[]): Promise<Map<string, number>> {
    const scores = new Map<string, number>();
    if (documentIds.length === 0) return scores;
    const { trendingHalfLifeHours } = getService(strapi, 'engine').config;
    const since = hourOf(Date.now()) - trendingWindowHours(trendingHalfLifeHours);
    const { tableName } = strapi.db.metadata.get(VIEW);
    const rows = (await strapi.db
      .connection(tableName)
      .select('video')
      .select('hour')
      .count({ count: '*' })
      .whereIn('video', documentIds)
      .andWhere('hour', '>=', since)
      .groupBy('video', 'hour')) as Array<{ video: string; hour: number | string; count: number | string }>;
    const byVideo = new Map<string, HourlyViews[]>();
    for (const row of rows) {
      const list = byVideo.get(row.video) ?? [];
      list.push({ hour: Number(row.hour), count: Number(row.count) });
      byVideo.set(row.video, list);
    }
    for (const [video, views] of byVideo) scores.set(video, trendingScore(views, trendingHalfLifeHours));
    return scores;
  }

  async function toDocuments(rows: VideoRow[]): Promise<SearchDocument[]> {
    if (rows.length === 0) return [];
    const withPlayback = (await strapi.service(VIDEO).attachPlayback(rows)) as Array<
      VideoRow & { playback: SearchVideoCard['playback'] }
    >;
    const [trending, captions] = await Promise.all([
      trendingScores(rows.map((row) => row.documentId)),
      captionsOf(rows),
    ]);
    return withPlayback.map((row, index) =>
      toSearchDocument(row, trending.get(row.documentId) ?? 0, captions[index] ?? null),
    );
  }

  async function load(
    filters: Record<string, unknown>,
    start: number,
    limit: number,
    sort: string | string[] = 'id:asc',
  ): Promise<SearchDocument[]> {
    const rows = (await strapi.documents(VIDEO).findMany({
      status: 'published',
      filters: { $and: [INDEXABLE_FILTERS, filters] },
      fields: FIELDS,
      populate: POPULATE,
      sort,
      start,
      limit,
    } as never)) as unknown as VideoRow[];
    return toDocuments(rows);
  }

  return {
    /** How many videos the index should hold. */
    async countIndexable(): Promise<number> {
      return strapi.documents(VIDEO).count({ status: 'published', filters: INDEXABLE_FILTERS } as never);
    },

    /** Every indexable video, a page at a time. */
    async *allIndexable(batchSize = 500): AsyncGenerator<SearchDocument[]> {
      for (let start = 0; ; start += batchSize) {
        const batch = await load({}, start, batchSize);
        if (batch.length > 0) yield batch;
        if (batch.length < batchSize) return;
      }
    },

    /** The documents of these videos that are indexable, and the ids of those that are not (to remove). */
    async build(documentIds: string[]): Promise<{ documents: SearchDocument[]; absent: string[] }> {
      const documents: SearchDocument[] = [];
      for (let i = 0; i < documentIds.length; i += 200) {
        const ids = documentIds.slice(i, i + 200);
        documents.push(...(await load({ documentId: { $in: ids } }, 0, ids.length)));
      }
      const present = new Set(documents.map((document) => document.id));
      return { documents, absent: documentIds.filter((id) => !present.has(id)) };
    },

    /** A published, approved video's document, also when unlisted (its watch page has related videos too). */
    async describe(documentId: string): Promise<SearchDocument | undefined> {
      // the query engine, not the document service: the public API's rules would hide an unlisted video here
      const row = (await strapi.db.query(VIDEO).findOne({
        where: { documentId, ...WATCHABLE_VIDEO_WHERE },
        select: ['id', 'documentId', ...FIELDS],
        populate: {
          poster: true,
          category: true,
          tags: true,
          creator: { populate: { avatar: true } },
          chapters: true,
          captions: { populate: { file: true } },
        },
      })) as VideoRow | null;
      return row ? (await toDocuments([row]))[0] : undefined;
    },

    /** Indexable videos matching Strapi `filters`: the database answer when the engine fails. */
    async query(
      filters: Record<string, unknown>,
      sort: string | string[],
      start: number,
      limit: number,
    ): Promise<{ documents: SearchDocument[]; total: number }> {
      const [documents, total] = await Promise.all([
        load(filters, start, limit, sort),
        strapi
          .documents(VIDEO)
          .count({ status: 'published', filters: { $and: [INDEXABLE_FILTERS, filters] } } as never),
      ]);
      return { documents, total };
    },

    /** Videos that show this creator, category or tag (to reindex when it changes). */
    async videosShowing(uid: string, documentId: string): Promise<string[]> {
      const field = { 'api::creator.creator': 'creator', 'api::category.category': 'category', 'api::tag.tag': 'tags' }[
        uid
      ];
      if (!field) return [];
      const rows = (await strapi.db
        .query(VIDEO)
        .findMany({ where: { [field]: { documentId } }, select: ['documentId'] })) as Array<{ documentId: string }>;
      return [...new Set(rows.map((row) => row.documentId))];
    },
  };
};

export default documentsService;
