/**
 * Viewer profiles: display name, bio, avatar (decoded, cropped and re-encoded with sharp, stored through the media
 * library so S3 works as for every other file), interests, notification choices, and how complete the profile is.
 * Account deletion lives here too: personal data goes, comments and ratings stay signed "deleted user".
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import type { AuditService } from './audit';
import type { Viewer } from './viewers';
import type { ProfileView } from '@framecast/contracts';
import { getService } from '../utils';
import { profileError } from '../utils/errors';

const UID = 'plugin::accounts.profile';
const UP_USER = 'plugin::users-permissions.user';
const CATEGORY = 'api::category.category';
export const AVATAR_SIZE = 256;

type Row = {
  id: number;
  user: number;
  displayName: string | null;
  bio: string | null;
  avatar: { id: number; url: string } | null;
  interests: string[] | null;
  notifyNewVideoEmail: boolean | null;
  notifyReplyEmail: boolean | null;
  showInFollowers: boolean | null;
  unsubscribeToken: string | null;
};

export type { ProfileView };

const STEPS = [
  { field: 'displayName', label: 'Choose the name others see', done: (row: Row) => Boolean(row.displayName) },
  { field: 'avatar', label: 'Add a profile picture', done: (row: Row) => Boolean(row.avatar) },
  { field: 'bio', label: 'Say a few words about yourself', done: (row: Row) => Boolean(row.bio) },
  {
    field: 'interests',
    label: 'Pick the topics you like, for better suggestions',
    done: (row: Row) => Boolean(row.interests?.length),
  },
] as const;

const profilesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID);

  async function row(userId: number): Promise<Row> {
    const found = (await query().findOne({ where: { user: userId }, populate: { avatar: true } })) as Row | null;
    if (found) return found;
    try {
      await query().create({
        data: {
          user: userId,
          interests: [],
          notifyNewVideoEmail: false,
          notifyReplyEmail: false,
          showInFollowers: false,
          unsubscribeToken: randomBytes(24).toString('hex'),
          publishedAt: new Date(),
        },
      });
    } catch {
      // created by a concurrent request: the unique user column kept one
    }
    return (await query().findOne({ where: { user: userId }, populate: { avatar: true } })) as Row;
  }

  async function view(viewer: Viewer, profile: Row): Promise<ProfileView> {
    const interests = profile.interests?.length
      ? ((await strapi.db.query(CATEGORY).findMany({
          where: { documentId: { $in: profile.interests } },
          select: ['documentId', 'name', 'slug'],
        })) as ProfileView['interests'])
      : [];
    const done = STEPS.filter((step) => step.done(profile)).length;
    const next = STEPS.find((step) => !step.done(profile));
    return {
      username: viewer.username,
      email: viewer.email,
      displayName: profile.displayName,
      bio: profile.bio,
      avatar: profile.avatar ? { url: profile.avatar.url } : null,
      interests:
        profile.interests
          ?.map((id) => interests.find((category) => category.documentId === id))
          .filter((category): category is ProfileView['interests'][number] => Boolean(category)) ?? [],
      notifications: {
        newVideoEmail: Boolean(profile.notifyNewVideoEmail),
        replyEmail: Boolean(profile.notifyReplyEmail),
      },
      privacy: { showInFollowers: Boolean(profile.showInFollowers) },
      completion: {
        percent: Math.round((done / STEPS.length) * 100),
        next: next ? { field: next.field, label: next.label } : null,
      },
    };
  }

  async function removeAvatarFile(profile: Row): Promise<void> {
    if (!profile.avatar) return;
    const upload = strapi.plugin('upload').service('upload') as { remove(file: unknown): Promise<void> };
    const file = await strapi.db.query('plugin::upload.file').findOne({ where: { id: profile.avatar.id } });
    if (file) await upload.remove(file);
  }

  return {
    async get(viewer: Viewer): Promise<ProfileView> {
      return view(viewer, await row(viewer.id));
    },

    async update(
      viewer: Viewer,
      patch: {
        displayName?: string;
        bio?: string;
        interests?: string[];
        notifications?: { newVideoEmail?: boolean; replyEmail?: boolean };
        privacy?: { showInFollowers?: boolean };
      },
    ): Promise<ProfileView> {
      const profile = await row(viewer.id);
      const data: Record<string, unknown> = {};
      if (patch.displayName !== undefined) data.displayName = patch.displayName || null;
      if (patch.bio !== undefined) data.bio = patch.bio || null;
      if (patch.interests !== undefined) {
        const unique = [...new Set(patch.interests)];
        const known = (await strapi.db
          .query(CATEGORY)
          .findMany({ where: { documentId: { $in: unique } }, select: ['documentId'] })) as Array<{
          documentId: string;
        }>;
        if (known.length !== unique.length)
          throw profileError(
            400,
            'One of the chosen topics no longer exists: reload the page and choose again.',
            'interests',
          );
        data.interests = unique;
      }
      if (patch.notifications?.newVideoEmail !== undefined)
        data.notifyNewVideoEmail = patch.notifications.newVideoEmail;
      if (patch.notifications?.replyEmail !== undefined) data.notifyReplyEmail = patch.notifications.replyEmail;
      if (patch.privacy?.showInFollowers !== undefined) data.showInFollowers = patch.privacy.showInFollowers;
      if (Object.keys(data).length) await query().update({ where: { id: profile.id }, data });
      return view(viewer, await row(viewer.id));
    },

    /** Decodes the image (anything sharp cannot read is refused), crops it square and stores a WebP; the old one is removed. */
    async setAvatar(viewer: Viewer, source: Buffer): Promise<ProfileView> {
      let image: Buffer;
      try {
        const decoded = sharp(source, { limitInputPixels: 40_000_000, failOn: 'error' });
        const { format } = await decoded.metadata();
        if (!format || !['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'].includes(format))
          throw new Error(`format ${format ?? 'unknown'}`);
        image = await decoded
          .rotate()
          .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
          .webp({ quality: 82 })
          .toBuffer();
      } catch {
        throw profileError(
          415,
          'This file is not an image we can use: choose a JPEG, PNG, WebP or GIF picture.',
          'avatar',
        );
      }
      const profile = await row(viewer.id);
      const dir = mkdtempSync(path.join(tmpdir(), 'framecast-avatar-'));
      try {
        const filepath = path.join(dir, `avatar-${viewer.id}.webp`);
        writeFileSync(filepath, image);
        const upload = strapi.plugin('upload').service('upload') as {
          upload(input: unknown): Promise<Array<{ id: number }>>;
        };
        const [file] = await upload.upload({
          data: {
            fileInfo: {
              name: `avatar-${viewer.documentId}.webp`,
              alternativeText: `${viewer.username}’s profile picture`,
            },
          },
          files: {
            filepath,
            originalFilename: `avatar-${viewer.documentId}.webp`,
            mimetype: 'image/webp',
            size: image.length,
          },
        });
        await query().update({ where: { id: profile.id }, data: { avatar: file!.id } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await removeAvatarFile(profile);
      return view(viewer, await row(viewer.id));
    },

    async removeAvatar(viewer: Viewer): Promise<ProfileView> {
      const profile = await row(viewer.id);
      await query().update({ where: { id: profile.id }, data: { avatar: null } });
      await removeAvatarFile(profile);
      return view(viewer, await row(viewer.id));
    },

    /** The categories a viewer chose (document ids), read only: discovery's "You might like" asks for them. */
    async interestsOf(userId: number): Promise<string[]> {
      const profile = (await query().findOne({ where: { user: userId }, select: ['interests'] })) as {
        interests: string[] | null;
      } | null;
      return profile?.interests ?? [];
    },

    async displayName(userId: number): Promise<string | null> {
      const profile = (await query().findOne({ where: { user: userId }, select: ['displayName'] })) as {
        displayName: string | null;
      } | null;
      return profile?.displayName || null;
    },

    /**
     * Of these viewers, the ones who chose to be shown among a creator's recent followers, with the name others see
     * (their display name, else their username): community's `follows.recentShown` asks, for the creator's analytics.
     */
    async shownAsFollowers(userIds: number[]): Promise<Map<number, string>> {
      if (userIds.length === 0) return new Map();
      const shown = (await query().findMany({
        where: { user: { $in: userIds }, showInFollowers: true },
        select: ['user', 'displayName'],
      })) as Array<{ user: number; displayName: string | null }>;
      if (shown.length === 0) return new Map();
      const users = (await strapi.db.query(UP_USER).findMany({
        where: { id: { $in: shown.map((row) => row.user) }, blocked: { $ne: true } },
        select: ['id', 'username'],
      })) as Array<{ id: number; username: string }>;
      const usernames = new Map(users.map((user) => [user.id, user.username]));
      return new Map(
        shown
          .filter((row) => usernames.has(row.user))
          .map((row) => [row.user, row.displayName || usernames.get(row.user)!]),
      );
    },

    /** Removes the account and its personal data after checking the password; what others wrote in reply stays. */
    async deleteAccount(
      viewer: Viewer,
      password: string,
      audit: { ctx: Parameters<AuditService['record']>[2] },
    ): Promise<void> {
      const user = (await strapi.db
        .query(UP_USER)
        .findOne({ where: { id: viewer.id }, select: ['id', 'password'] })) as { id: number; password: string } | null;
      const users = strapi.plugin('users-permissions').service('user') as {
        validatePassword(password: string, hash: string): Promise<boolean>;
      };
      if (!user || !(await users.validatePassword(password, user.password)))
        throw profileError(400, 'This is not your password.', 'password');
      const profile = (await query().findOne({ where: { user: viewer.id }, populate: { avatar: true } })) as Row | null;
      if (profile) {
        await removeAvatarFile(profile);
        await query().delete({ where: { id: profile.id } });
      }
      for (const [plugin, services] of [
        ['community', ['comments', 'topics', 'ratings', 'follows', 'notifications', 'video-reports']],
        ['library', ['library']],
        ['publishing', ['premieres']],
        ['onboarding', ['applications']],
      ] as const) {
        if (!strapi.plugin(plugin)) continue;
        for (const name of services) {
          const service = strapi.plugin(plugin).service(name) as
            { forgetViewer?(userId: number): Promise<void> } | undefined;
          await service?.forgetViewer?.(viewer.id);
        }
      }
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(viewer.id));
      await getService(strapi, 'audit').record(
        'account-deleted',
        { user: { id: viewer.id, username: viewer.username } },
        audit.ctx,
      );
      await strapi.db.query(UP_USER).delete({ where: { id: viewer.id } });
    },
  };
};

export default profilesService;
export type ProfilesService = ReturnType<typeof profilesService>;
