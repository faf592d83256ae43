/** The plugin's HTTP contract as the admin sees it (plugins/transcoding/README.md). */
import type { JobState, Playback, TranscodeJobView } from '@framecast/contracts';
import { PLUGIN_ID } from '../pluginId';

export type { JobState, Playback, TranscodeJobView };

export const VIDEO_UID = 'api::video.video';

export const API = {
  uploadTickets: `/${PLUGIN_ID}/upload-tickets`,
  jobs: `/${PLUGIN_ID}/jobs`,
  retryJob: (id: string) => `/${PLUGIN_ID}/jobs/${encodeURIComponent(id)}/retry`,
  videoStatus: (documentId: string) => `/${PLUGIN_ID}/videos/${encodeURIComponent(documentId)}/status`,
};

/** The header tus requests carry the ticket in, and the one the final PATCH names the new video in. */
export const TICKET_HEADER = 'Framecast-Upload-Ticket';
export const VIDEO_HEADER = 'Framecast-Video';

/** How often live views (queue, status) ask again. */
export const POLL_INTERVAL_MS = 2000;

export interface UploadTicket {
  ticket: string;
  expiresAt: string;
  endpoint: string;
  maxUploadBytes: number;
  acceptedExtensions: string[];
}

export interface JobsResponse {
  jobs: TranscodeJobView[];
  counts: Record<JobState, number>;
}

export type ProcessingStatus = 'uploaded' | 'queued' | 'processing' | 'ready' | 'failed';

export interface VideoStatus {
  documentId: string;
  processingStatus: ProcessingStatus;
  processingProgress: number;
  failureReason: string | null;
  job: TranscodeJobView | null;
  playback: Playback | null;
}

/** Statuses after which nothing changes without a user's action. */
export const isSettled = (status: ProcessingStatus | undefined) => status === 'ready' || status === 'failed';

/** The content manager's edit view of a video, inside the admin's router (no /admin prefix). */
export const editViewPath = (documentId: string) =>
  `/content-manager/collection-types/${VIDEO_UID}/${encodeURIComponent(documentId)}`;

/** The HTTP status of an error thrown by Strapi's fetch client (or anything shaped like it). */
export function statusOfError(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as {
    status?: unknown;
    response?: { status?: unknown; data?: { error?: { status?: unknown } } };
  };
  for (const value of [candidate.status, candidate.response?.data?.error?.status, candidate.response?.status]) {
    if (typeof value === 'number') return value;
  }
  return undefined;
}

/** The server's own message of an error thrown by Strapi's fetch client, when it sent one. */
export function messageOfError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as { response?: { data?: { error?: { message?: unknown } } } };
  const message = candidate.response?.data?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}
