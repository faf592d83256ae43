/**
 * Premieres (plugins/publishing): a scheduled video its creator announced. Until it is published it has a public page
 * with its poster, description and a countdown, it shows in "Upcoming" shelves, and viewers may ask to be reminded.
 */
export interface PremiereView {
  documentId: string;
  slug: string;
  title: string;
  description: string | null;
  /** when it is scheduled to start (it starts once its media is ready, if that is later) */
  startsAt: string;
  /** true once the time has passed and it waits for its media */
  late: boolean;
  creator: { handle: string; displayName: string } | null;
  /** the poster: the creator's image, else a frame of the video (a signed address), else null */
  poster: { url: string; width: number | null; height: number | null } | null;
  duration: number | null;
  /** whether the signed-in viewer asked to be reminded (false for nobody) */
  reminded: boolean;
}

export interface PremiereList {
  data: PremiereView[];
}

export interface ReminderState {
  reminded: boolean;
}

/** What a bulk edit of videos may change (the content manager's "Edit selected" on the videos list). */
export interface BulkVideoChange {
  /** a new title per video: `{title}` is its current title, `{n}` its place in the selection (1, 2, …) */
  titlePattern?: string;
  /** the same description for every video (Markdown) */
  description?: string;
  visibility?: 'public' | 'unlisted' | 'private';
  /** a category's documentId, or null to clear it */
  category?: string | null;
  addTags?: string[];
  removeTags?: string[];
  /** a playlist's documentId the videos are added to */
  addToPlaylist?: string;
  /** an ISO time, or null to clear it */
  scheduledAt?: string | null;
  then?: 'publish' | 'unpublish' | 'delete';
}

export const BULK_EDIT_MAX_VIDEOS = 100;

export interface BulkEditItem {
  documentId: string;
  title: string | null;
  /** preview: what would change; apply: what changed */
  changes: string[];
  ok: boolean;
  /** why it was (or would be) refused or failed */
  problem: string | null;
}

export interface BulkEditAnswer {
  preview: boolean;
  items: BulkEditItem[];
  succeeded: number;
  failed: number;
}

/** An invitation to collaborate on a video (plugins/collaboration), as the admin shows it to either side. */
export interface CollaborationInvitationView {
  id: number;
  video: string;
  videoTitle: string | null;
  inviter: { handle: string; displayName: string } | null;
  invitee: { handle: string; displayName: string } | null;
  state: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  createdAt: string;
  answeredAt: string | null;
}

/** A video waiting in the upload inbox: never published (or unpublished), one the admin user may publish. */
export interface InboxVideo {
  documentId: string;
  title: string;
  visibility: 'public' | 'unlisted' | 'private';
  processingStatus: 'uploaded' | 'queued' | 'processing' | 'ready' | 'failed' | null;
  processingProgress: number | null;
  /** false for a video without a file of its own yet (a duplicate, or a draft made by hand): nothing to process */
  hasVideoFile: boolean;
  /** null when it may be published now; otherwise why not, in a creator's words */
  notReady: string | null;
  scheduledAt: string | null;
  category: string | null;
  tags: string[];
  createdAt: string;
}

export const INBOX_PAGE_SIZE = 50;

/** The inbox's orders: when each video was uploaded (oldest first), or by title (A to Z); a title pattern's `{n}` follows it. */
export const INBOX_ORDERS = ['uploaded', 'title'] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];

export interface InboxPage {
  items: InboxVideo[];
  page: number;
  pageCount: number;
  total: number;
}
