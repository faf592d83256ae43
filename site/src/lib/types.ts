// Shapes of the Strapi 5 REST API (flat response format) as the site consumes them.
// Only fields the site reads are listed; the CMS may send more.

// a Strapi media file is the same shape in the discovery contract
import type { SearchMedia as Media } from '@framecast/contracts';

export type { SearchMedia as Media, SearchMediaFormat as MediaFormat } from '@framecast/contracts';

export type MediaFormatName = keyof NonNullable<Media['formats']>;

export interface Category {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  description?: string | null;
  position?: number | null;
}

export interface Tag {
  id: number;
  documentId: string;
  name: string;
  slug: string;
}

export const SOCIAL_PLATFORMS = [
  'website',
  'youtube',
  'mastodon',
  'bluesky',
  'github',
  'instagram',
  'linkedin',
  'x',
  'other',
] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

export interface SocialLink {
  id?: number;
  platform: SocialPlatform | string;
  url: string;
}

export interface Creator {
  id: number;
  documentId: string;
  handle: string;
  displayName: string;
  verified?: boolean | null;
  bio?: string | null;
  avatar?: Media | null;
  banner?: Media | null;
  socialLinks?: SocialLink[] | null;
}

export interface Chapter {
  id?: number;
  startSeconds: number;
  title: string;
}

// the media contract is shared with the CMS and its admin
import type { Playback } from '@framecast/contracts';

export type { Playback, PosterImage, PlaybackRendition as Rendition } from '@framecast/contracts';

/** A WebVTT caption track attached to a video (component media.caption). */
export interface CaptionTrack {
  id?: number;
  /** BCP 47 language tag */
  language: string;
  label: string;
  file?: Media | null;
  isDefault?: boolean | null;
}

export type Visibility = 'public' | 'unlisted' | 'private';

export interface Video {
  id: number;
  documentId: string;
  title: string;
  slug: string;
  description?: string | null;
  processingStatus?: string | null;
  visibility?: Visibility | null;
  /** seconds, may be fractional */
  duration?: number | string | null;
  width?: number | null;
  height?: number | null;
  language?: string | null;
  /** biginteger: Strapi sends it as a string on some databases */
  viewCount?: number | string | null;
  ratingAverage?: number | null;
  ratingCount?: number | null;
  commentCount?: number | null;
  publishedAt?: string | null;
  scheduledAt?: string | null;
  poster?: Media | null;
  category?: Category | null;
  tags?: Tag[] | null;
  creator?: Creator | null;
  collaborators?: Creator[] | null;
  chapters?: Chapter[] | null;
  captions?: CaptionTrack[] | null;
  playback?: Playback | null;
}

/**
 * What a video card shows. Both the catalog's `Video` and search's `SearchVideoCard` fit it, so one card
 * component serves lists, search results and related videos.
 */
export type VideoCardData = Pick<
  Video,
  'documentId' | 'title' | 'slug' | 'duration' | 'publishedAt' | 'viewCount' | 'poster' | 'playback' | 'creator'
>;

export interface Playlist {
  id: number;
  documentId: string;
  title: string;
  slug: string;
  description?: string | null;
  visibility?: Visibility | null;
  creator?: Creator | null;
  videos?: Video[] | null;
  /** a course: ordered lessons, progress and Continue for signed-in learners */
  isCourse?: boolean | null;
  /** headings in a course, each from a lesson (1-based) to the next section */
  sections?: Array<{ id?: number; title: string; fromLesson: number }> | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListResponse<T> {
  data: T[];
  meta: { pagination: Pagination };
}

export interface SingleResponse<T> {
  data: T;
}

export interface StrapiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details?: Record<string, unknown> };
}

/** A page of items plus its pagination, as the pages use it. */
export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export interface CmsHealth {
  reachable: boolean;
  latencyMs: number;
}
