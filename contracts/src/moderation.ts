/**
 * The review queue and its audit log (plugins/moderation): what moderators may do to a video, what each decision is
 * called, and the shapes the admin routes answer with. The server and the admin page both read these.
 */
import type { Playback } from './playback';
import type { VideoReportReason } from './community';

/** What a moderator may do from the queue. */
export const MODERATION_DECISIONS = ['dismiss', 'approve', 'remove', 'restore', 'warn', 'block'] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];
/** Decisions that must say why: the creator is told the reason. */
export const DECISIONS_NEEDING_REASON: readonly ModerationDecision[] = ['remove', 'warn', 'block'];
export const MODERATION_REASON_MAX_LENGTH = 1000;
export const APPEAL_MESSAGE_MAX_LENGTH = 2000;

/** Every entry of the audit log: the decisions above, and what the system and creators did. */
export const MODERATION_EVENTS = [
  'held',
  'pre-moderated',
  'dismissed',
  'approved',
  'removed',
  'restored',
  'warned',
  'blocked',
  'appealed',
] as const;
export type ModerationEvent = (typeof MODERATION_EVENTS)[number];
export const MODERATION_EVENT_LABELS: Record<ModerationEvent, string> = {
  held: 'Held after reports',
  'pre-moderated': 'Held for pre-moderation',
  dismissed: 'Reports dismissed',
  approved: 'Approved',
  removed: 'Removed',
  restored: 'Restored',
  warned: 'Creator warned',
  blocked: 'Creator blocked',
  appealed: 'Appealed',
};

/** Which new creators' videos wait for a moderator (PREMODERATION_POLICY): none, their first N, or all. */
export const PREMODERATION_POLICIES = ['none', 'first', 'all'] as const;
export type PremoderationPolicy = (typeof PREMODERATION_POLICIES)[number];

export type ModerationState = 'approved' | 'pending' | 'removed';

export interface ModerationLogEntry {
  id: number;
  event: ModerationEvent;
  video: string | null;
  videoTitle: string | null;
  creator: string | null;
  creatorName: string | null;
  actorName: string;
  reason: string | null;
  createdAt: string;
}

export interface ModerationAppealView {
  id: number;
  message: string;
  state: 'open' | 'granted' | 'refused';
  createdAt: string;
  decidedAt: string | null;
}

/** One video in the review queue: why it is there, and what happened to it. */
export interface ModerationQueueItem {
  video: string;
  title: string;
  state: ModerationState;
  note: string | null;
  creator: { documentId: string; handle: string; displayName: string; blocked: boolean } | null;
  /** open reports, by reason, and the notes viewers left (newest first) */
  reports: {
    total: number;
    byReason: Partial<Record<VideoReportReason, number>>;
    notes: string[];
    lastAt: string | null;
  };
  appeal: ModerationAppealView | null;
  /** why the video is in the queue, most urgent first */
  waiting: Array<'appeal' | 'held' | 'pre-moderation' | 'reports'>;
  /** a signed HLS address to play it in place, while its media is ready */
  playback: Playback | null;
  history: ModerationLogEntry[];
}

export interface ModerationQueue {
  items: ModerationQueueItem[];
}

export interface ModerationLogPage {
  entries: ModerationLogEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** What a creator sees of a video's moderation in the edit view. */
export interface ModerationStatusView {
  state: ModerationState;
  reason: string | null;
  /** the decision the creator may appeal (removed, or held), or null */
  appealable: boolean;
  appeal: ModerationAppealView | null;
}
