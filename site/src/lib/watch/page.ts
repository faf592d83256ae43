// The watch page's data: loading the video with its sidebars, and the pure shaping of what the page shows
// (rating badge, notices, page links, sidebars, structured data). The page and its components only render.

import { CmsUnavailableError, getVideo, listCreatorVideos, relatedVideos } from '../cms';
import { isoDuration } from '../format';
import { creatorPath } from '../links';
import { log } from '../log';
import { plainText } from '../markdown';
import { imageSource, mediaUrl } from '../media';
import { embedPath } from '../oembed';
import type { RatingSummary } from '@framecast/contracts';
import type { Creator, Video, VideoCardData } from '../types';

const MORE_COUNT = 8;

export interface WatchData {
  video: Video;
  related: VideoCardData[];
  more: Video[];
}

// Related videos are a nicety: whatever goes wrong there, the video itself still plays.
async function loadRelated(video: Video): Promise<VideoCardData[]> {
  try {
    return await relatedVideos(video.documentId);
  } catch (error) {
    log.warn('related videos unavailable', {
      video: video.documentId,
      error: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
}

/** The video by slug (CmsNotFoundError when there is none), related videos and more from its creator. */
export async function loadWatch(slug: string): Promise<WatchData> {
  const video = await getVideo(slug);
  const relatedRequest = loadRelated(video);
  let more: Video[] = [];
  if (video.creator?.handle) {
    try {
      more = (
        await listCreatorVideos(video.creator.handle, { pageSize: MORE_COUNT, excludeDocumentId: video.documentId })
      ).items;
    } catch (error) {
      // The video itself loaded; a missing sidebar is better than no page.
      if (!(error instanceof CmsUnavailableError)) throw error;
    }
  }
  const related = (await relatedRequest).filter((card) => card.documentId !== video.documentId);
  return { video, related, more };
}

/** What `?notice=` says after a community form came back (unknown values say nothing). */
export const WATCH_NOTICES: Record<string, string> = {
  refused: 'That is not allowed, or no longer allowed (comments can be edited for 15 minutes).',
  invalid: 'That was not accepted. Check what you entered and try again.',
  gone: 'That no longer exists.',
  unavailable: 'That is not available right now. Please try again in a moment.',
  reported: 'Thank you: your report reached the moderators. They will look at this video.',
};

export function watchNotice(param: string | null): string | undefined {
  return WATCH_NOTICES[param ?? ''];
}

export interface CommunityPages {
  comments: number;
  reviews: number;
}

/** This page as forms come back to it: the comment and review pages kept, one-off parameters dropped. */
export function watchPageHref(pathname: string, pages: CommunityPages, changes: Partial<CommunityPages> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...pages, ...changes })) if (value > 1) params.set(key, String(value));
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}`;
}

// Only well-formed language tags reach the lang attribute (a bad one is an accessibility error).
export function languageAttribute(language: string | null | undefined): string | undefined {
  return language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : undefined;
}

export interface RatingBadge {
  average: string;
  count: number;
}

/** The live summary when the community plugin answered (it changes as viewers rate), else the video's stored counters. */
export function ratingBadge(
  summary: RatingSummary | undefined,
  video: Pick<Video, 'ratingAverage' | 'ratingCount'>,
): RatingBadge | undefined {
  if (summary)
    return summary.count > 0 && summary.average
      ? { average: Number(summary.average).toFixed(1), count: summary.count }
      : undefined;
  return video.ratingCount && video.ratingAverage
    ? { average: Number(video.ratingAverage).toFixed(1), count: video.ratingCount }
    : undefined;
}

export function creatorName(creator: Creator | undefined): string {
  return creator ? creator.displayName || creator.handle : '';
}

/** The people credited beside the creator. */
export function collaboratorsOf(video: Video, creator: Creator | undefined): Creator[] {
  return (video.collaborators ?? []).filter((person) => person.handle !== creator?.handle);
}

/** The sidebar: a video already listed under "Related" is not repeated under "More from". */
export function sidebarVideos(data: WatchData): { related: VideoCardData[]; more: Video[]; creatorHasMore: boolean } {
  const { related } = data;
  return {
    related,
    more: data.more.filter((other) => !related.some((card) => card.documentId === other.documentId)),
    creatorHasMore: data.more.length > 0,
  };
}

/** Structured data for search engines; "<" is escaped so the JSON cannot close the script element. */
export function videoStructuredData(video: Video, pageUrl: URL): string {
  const poster = imageSource(video.poster, 1280);
  const playback = video.playback ?? null;
  const creator = video.creator ?? undefined;
  return JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'VideoObject',
    name: video.title,
    description: plainText(video.description, 500) || video.title,
    thumbnailUrl: poster ? [poster.src] : undefined,
    uploadDate: video.publishedAt ?? undefined,
    duration: isoDuration(video.duration),
    // signed playlist URLs expire, so only public ones are worth handing to crawlers
    contentUrl: playback && !playback.expiresAt ? mediaUrl(playback.hls) : undefined,
    embedUrl: new URL(embedPath(video.slug), pageUrl).href,
    interactionStatistic: {
      '@type': 'InteractionCounter',
      interactionType: { '@type': 'WatchAction' },
      userInteractionCount: Number(video.viewCount ?? 0) || 0,
    },
    author: creator
      ? { '@type': 'Person', name: creatorName(creator), url: new URL(creatorPath(creator.handle), pageUrl).href }
      : undefined,
  }).replace(/</g, '\\u003c');
}
