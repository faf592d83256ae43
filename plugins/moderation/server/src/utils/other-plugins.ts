/**
 * The services of the plugins moderation may call (plugins/README.md: community for reports, discovery to re-index,
 * transcoding to play a video in place), typed by what moderation uses of them: their packages are not dependencies.
 */
import type { Core } from '@strapi/strapi';
import type { Playback, VideoReportReason } from '@framecast/contracts';

export interface OpenReports {
  video: string;
  total: number;
  byReason: Partial<Record<VideoReportReason, number>>;
  notes: string[];
  lastAt: string | null;
}

type CommunityServices = {
  'video-reports': {
    openByVideo(videos?: string[]): Promise<OpenReports[]>;
    dismiss(video: string): Promise<number>;
  };
};

type TranscodingServices = {
  playback: {
    playbackFor(documentId: string, assets: unknown, options: { signed: boolean }): Playback | null;
    clearAccessCache(): void;
  };
};

export const communityService = <K extends keyof CommunityServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('community').service(name) as CommunityServices[K];

export const transcodingService = <K extends keyof TranscodingServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('transcoding').service(name) as TranscodingServices[K];
