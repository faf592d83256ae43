/**
 * Admin RBAC conditions: a Creator reaches only the videos, playlists and profile of the creator profile
 * it owns (and reads and edits videos it collaborates on). Conditions return query objects, so they filter
 * lists in the admin API and are checked on each document.
 */
import type { Core } from '@strapi/strapi';

type AdminUser = { id: number };

export const CONDITIONS = {
  ownsVideo: 'api::owns-video',
  isVideoOwner: 'api::is-video-owner',
  ownsPlaylist: 'api::owns-playlist',
  ownsProfile: 'api::owns-creator-profile',
  onOwnVideo: 'api::on-own-video',
} as const;

export function registerOwnershipConditions(strapi: Core.Strapi): Promise<void> {
  const conditions = [
    {
      displayName: 'Is the video’s creator or a collaborator',
      name: 'owns-video',
      category: 'Framecast',
      handler: (user: AdminUser) => ({
        $or: [{ 'creator.owner.id': { $eq: user.id } }, { 'collaborators.owner.id': { $eq: user.id } }],
      }),
    },
    {
      // collaborators edit; publishing, unpublishing and deleting stay with the channel the video is on
      displayName: 'Is the video’s creator (not a collaborator)',
      name: 'is-video-owner',
      category: 'Framecast',
      handler: (user: AdminUser) => ({ 'creator.owner.id': { $eq: user.id } }),
    },
    {
      displayName: 'Is the playlist’s creator',
      name: 'owns-playlist',
      category: 'Framecast',
      handler: (user: AdminUser) => ({ 'creator.owner.id': { $eq: user.id } }),
    },
    {
      // comments name their video by documentId: the condition lists the creator's videos first
      displayName: 'Is about a video of the creator',
      name: 'on-own-video',
      category: 'Framecast',
      handler: async (user: AdminUser) => {
        const videos = (await strapi.db.query('api::video.video').findMany({
          where: { $or: [{ creator: { owner: { id: user.id } } }, { collaborators: { owner: { id: user.id } } }] },
          select: ['documentId'],
        })) as Array<{ documentId: string }>;
        return { video: { $in: [...new Set(videos.map((video) => video.documentId)), '-'] } };
      },
    },
    {
      displayName: 'Owns the creator profile',
      name: 'owns-creator-profile',
      category: 'Framecast',
      handler: (user: AdminUser) => ({ 'owner.id': { $eq: user.id } }),
    },
  ];
  return strapi.admin.services.permission.conditionProvider.registerMany(conditions);
}
