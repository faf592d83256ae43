/**
 * The services of the plugins publishing may call (plugins/README.md: community for followed channels and
 * notifications, transcoding for a premiere's poster frame), typed by what publishing uses of them.
 */
import type { Core } from '@strapi/strapi';
import type { CreatorRef, Playback } from '@framecast/contracts';

type CommunityServices = {
  follows: { following(viewer: number): Promise<CreatorRef[]> };
  notifications: {
    notify(
      drafts: Array<{
        recipient: number;
        kind: 'new-video';
        dedupeKey: string;
        video?: string;
        actorName?: string;
        text: string;
      }>,
    ): Promise<number>;
  };
};

type TranscodingServices = {
  playback: { playbackFor(documentId: string, assets: unknown, options: { signed: boolean }): Playback | null };
};

export const communityService = <K extends keyof CommunityServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('community').service(name) as CommunityServices[K];

export const transcodingService = <K extends keyof TranscodingServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('transcoding').service(name) as TranscodingServices[K];
