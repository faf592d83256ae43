/** The library contract: what the /api/library endpoints take and return (the library plugin and the site). */
import type { SearchVideoCard } from './discovery';

export const LIBRARY_LIMITS = {
  titleMaxLength: 100,
  descriptionMaxLength: 1000,
  itemsPerCollection: 500,
  /** custom collections per viewer (Watch later not counted) */
  collectionsPerViewer: 200,
  historyPageSize: 24,
  /** a video watched to this share of its length, or to within `completedWithinSeconds` of its end, is completed */
  completedShare: 0.95,
  completedWithinSeconds: 10,
  /** positions and durations above this (one week) are nonsense */
  maxSeconds: 7 * 86_400,
} as const;

/** Used in place of a collection's documentId in URLs: the signed-in viewer's Watch later. */
export const WATCH_LATER = 'watch-later';

export const COLLECTION_VISIBILITIES = ['public', 'private'] as const;
export type CollectionVisibility = (typeof COLLECTION_VISIBILITIES)[number];
export type CollectionKind = 'watch-later' | 'custom';

/** A collection without its items. */
export interface LibraryCollectionSummary {
  documentId: string;
  title: string;
  description: string | null;
  visibility: CollectionVisibility;
  kind: CollectionKind;
  /** items stored, including videos no longer available */
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

/** In `GET /api/library/collections`: the first item still available, for a thumbnail. */
export interface LibraryCollectionListEntry extends LibraryCollectionSummary {
  cover: SearchVideoCard | null;
}

/** `GET /api/library/collections/:documentId` */
export interface LibraryCollectionDetail extends LibraryCollectionSummary {
  /** the available videos, in the collection's order */
  items: SearchVideoCard[];
  /** items left out because their video is no longer published, public and approved */
  hiddenCount: number;
  /** true when the reader is the owner (the site shows the editing controls) */
  isOwner: boolean;
  /** the owner's username, shown on a public collection */
  ownerName: string | null;
}

/** `GET /api/library/collections/containing/:videoDocumentId`: every collection of the viewer, for "Save to…". */
export interface LibraryContainingEntry {
  documentId: string;
  title: string;
  kind: CollectionKind;
  visibility: CollectionVisibility;
  itemCount: number;
  containsVideo: boolean;
}

/** Body of `POST /api/library/collections` */
export interface CreateCollectionBody {
  title: string;
  description?: string | null;
  visibility?: CollectionVisibility;
}

/** Body of `PATCH /api/library/collections/:documentId` (at least one field) */
export interface UpdateCollectionBody {
  title?: string;
  description?: string | null;
  visibility?: CollectionVisibility;
  /** the full new order: every available item exactly once (unavailable items may be left out: they stay, at the end) */
  items?: string[];
}

/** `details.reason` of a 409 */
export type LibraryConflictReason =
  'stale-items' | 'watch-later-fixed' | 'collection-full' | 'too-many-collections' | 'busy';

export interface WatchProgress {
  /** seconds */
  position: number;
  /** seconds */
  duration: number;
  completed: boolean;
  watchedAt: string;
}

/** Body of `PUT /api/library/history/:videoDocumentId` */
export interface SaveProgressBody {
  position: number;
  duration: number;
}

export interface HistoryEntry {
  video: SearchVideoCard;
  progress: WatchProgress;
}

export interface HistoryResponse {
  data: HistoryEntry[];
  meta: { page: number; pageSize: number; pageCount: number; total: number; historyPaused: boolean };
}

export interface LibrarySettings {
  historyPaused: boolean;
}
