/**
 * Resumable uploads (tus 1.0: creation, termination, expiration) for creators in the admin panel. Partial
 * uploads live in a local folder; abandoned ones are deleted after `uploadExpiryMs`. A finished upload becomes
 * the source of a video (a new draft, or the video named by `videoDocumentId`) and is queued for transcoding.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '@strapi/strapi';
import { Server, type Upload } from '@tus/server';
import { ACCEPTED_EXTENSIONS, allowedMediaKinds, checkMediaFile } from '../media/media-policy';
import { sha256File } from '../utils/hash';
import { HashingFileStore } from '../utils/hashing-file-store';
import { getConfig, getService } from '../utils';

export const TUS_PATH = '/transcoding/tus';
export const TICKET_HEADER = 'framecast-upload-ticket';
export const VIDEO_HEADER = 'Framecast-Video';

interface AdminUser {
  id: number;
  isActive: boolean;
  blocked?: boolean;
  roles?: Array<{ code: string }>;
}

/** tus answers a thrown `{ status_code, body }` with that status and body. */
function refuse(status_code: number, message: string): never {
  throw { status_code, body: `${message}\n` };
}

const PRIVILEGED_ROLES = new Set(['strapi-super-admin', 'strapi-editor', 'framecast-moderator']);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let server: Server | null = null;
  let store: HashingFileStore | null = null;
  let cleanupTimer: NodeJS.Timeout | null = null;

  const pipeline = () => getService(strapi, 'pipeline');

  async function userFromTicket(ticket: string | null | undefined): Promise<AdminUser | null> {
    if (!ticket) return null;
    const verified = getService(strapi, 'playback').verifyUploadTicket(ticket);
    if (!verified) return null;
    const user = (await strapi.db
      .query('admin::user')
      .findOne({ where: { id: verified.userId }, populate: ['roles'] })) as AdminUser | null;
    if (!user || !user.isActive || user.blocked) return null;
    return user;
  }

  async function can(user: AdminUser, action: string, subject?: { uid: string; documentId: string }) {
    const permissionService = strapi.admin.services.permission as unknown as {
      engine: { generateUserAbility(user: unknown): Promise<{ can(action: string, subject?: unknown): boolean }> };
    };
    const ability = await permissionService.engine.generateUserAbility(user);
    if (!subject) return ability.can(action);
    const checker = strapi.plugin('content-manager').service('permission-checker') as unknown as {
      create(options: { userAbility: unknown; model: string }): { can: { update(entity: unknown): boolean } };
    };
    const entity = await strapi.db.query(subject.uid).findOne({
      where: { documentId: subject.documentId },
      populate: ['creator', 'collaborators', 'creator.owner', 'collaborators.owner'],
    });
    if (!entity) return false;
    return checker.create({ userAbility: ability, model: subject.uid }).can.update(entity);
  }

  /** A new draft video for a finished upload, on the uploader's creator profile when it has one. */
  async function createVideoFor(user: AdminUser, title: string) {
    const profile = (await strapi.db
      .query('api::creator.creator')
      .findOne({ select: ['documentId'], where: { owner: { id: user.id } } })) as { documentId: string } | null;
    const privileged = (user.roles ?? []).some((role) => PRIVILEGED_ROLES.has(role.code));
    if (!profile && !privileged) refuse(403, 'Your account has no creator profile yet. Ask a moderator to set one up.');
    // a unique slug from the title, as the content manager's regenerate button would make it: the creator
    // can publish without filling it in, and may still change it
    const uid = strapi.plugin('content-manager').service('uid') as unknown as {
      generateUIDField(options: {
        contentTypeUID: string;
        field: string;
        data: Record<string, unknown>;
      }): Promise<string>;
    };
    const slug = await uid
      .generateUIDField({ contentTypeUID: 'api::video.video', field: 'slug', data: { title } })
      .catch(() => undefined);
    const video = await strapi.documents('api::video.video').create({
      data: {
        title,
        ...(slug ? { slug } : {}),
        processingStatus: 'uploaded',
        ...(profile ? { creator: { connect: [{ documentId: profile.documentId }] } } : {}),
      } as never,
    });
    return video.documentId;
  }

  function titleFrom(metadata: Record<string, string | null | undefined>): string {
    const given = (metadata.title ?? '').trim();
    const base = given || path.basename(metadata.filename ?? 'Untitled video', path.extname(metadata.filename ?? ''));
    const cleaned = base.replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
    return cleaned.length >= 3 ? cleaned : `Video ${cleaned}`.trim().padEnd(3, '.');
  }

  /** Moves the finished file into storage, then queues it. Runs after the final PATCH was answered. */
  async function adoptUpload(upload: Upload, documentId: string, filePath: string) {
    const metadata = upload.metadata ?? {};
    const sourceName = metadata.filename ?? 'source';
    try {
      // hashed while the PATCHes arrived, unless that chain broke (a failed PATCH, a CMS restart mid-upload)
      const { size } = await stat(filePath);
      const checksum = store?.takeChecksum(upload.id, size) ?? (await sha256File(filePath));
      const extension = (path
        .extname(sourceName)
        .toLowerCase()
        .match(/^\.[a-z0-9]{1,5}$/) ?? [''])[0];
      const key = `sources/${documentId}/${checksum.slice(0, 32)}${extension}`;
      await pipeline().storage.putFile(key, filePath);
      await pipeline().enqueueSource(documentId, {
        location: { kind: 'storage', key },
        sourceKey: `storage:${key}`,
        checksum,
        sourceName,
      });
    } catch (error) {
      strapi.log.error(
        `[transcoding] could not queue upload ${upload.id} for ${documentId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      await strapi.db.query('api::video.video').updateMany({
        where: { documentId },
        data: {
          processingStatus: 'failed',
          failureReason: 'The upload arrived but could not be stored. Please upload the file again.',
        },
      });
    } finally {
      await store?.remove(upload.id).catch(() => undefined);
      await rm(`${filePath}.json`, { force: true }).catch(() => undefined);
    }
  }

  const service = {
    start() {
      const config = getConfig(strapi);
      store = new HashingFileStore({
        directory: config.uploadDir,
        expirationPeriodInMilliseconds: config.uploadExpiryMs,
      });
      server = new Server({
        path: TUS_PATH,
        datastore: store,
        maxSize: config.maxUploadBytes,
        relativeLocation: true,
        respectForwardedHeaders: Boolean(strapi.config.get('server.proxy')),
        allowedHeaders: [TICKET_HEADER],
        // the last segment of the path only, never of the query string (the controller refuses those anyway)
        getFileIdFromRequest(req) {
          const match = /\/([A-Za-z0-9_-]+)\/?$/.exec(new URL(req.url, 'http://localhost').pathname);
          return match && match[1] !== 'tus' ? match[1] : undefined;
        },
        exposedHeaders: [VIDEO_HEADER],
        async onUploadCreate(req, upload) {
          const user = await userFromTicket(req.headers.get(TICKET_HEADER));
          if (!user) refuse(401, 'Your upload session has expired. Reload the page and try again.');
          if (!(await can(user, 'plugin::transcoding.upload'))) refuse(403, 'You are not allowed to upload videos.');
          const metadata = upload.metadata ?? {};
          const extension = path.extname(metadata.filename ?? '').toLowerCase();
          if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extension)) {
            refuse(
              415,
              `“${metadata.filename ?? 'This file'}” is not a video file we accept. Upload an MP4, MOV, MKV, WebM, AVI or MPEG-TS file.`,
            );
          }
          const target = metadata.videoDocumentId;
          if (
            target &&
            !(await can(user, 'plugin::content-manager.explorer.update', {
              uid: 'api::video.video',
              documentId: target,
            }))
          ) {
            refuse(403, 'You cannot replace the source of this video.');
          }
          return { metadata: { ...metadata, uploaderId: String(user.id) } };
        },
        async onUploadFinish(req, upload) {
          const user = await userFromTicket(req.headers.get(TICKET_HEADER));
          if (!user || upload.metadata?.uploaderId !== String(user.id))
            refuse(401, 'Your upload session has expired. Reload the page and try again.');
          const metadata = upload.metadata ?? {};
          const filePath = path.join(config.uploadDir, upload.id);
          // the bytes decide, not the name: anything but a video container is dropped before a video is made of it
          const mayUploadVideos = allowedMediaKinds(user.roles).includes('video');
          const decision = await checkMediaFile(filePath, metadata.filename ?? '', ['video']);
          if (!decision.ok || !mayUploadVideos) {
            await store?.remove(upload.id).catch(() => undefined);
            await rm(`${filePath}.json`, { force: true }).catch(() => undefined);
            refuse(415, decision.ok ? 'Your role cannot upload videos.' : decision.message);
          }
          const documentId = metadata.videoDocumentId || (await createVideoFor(user, titleFrom(metadata)));
          await strapi.db.query('api::video.video').updateMany({
            where: { documentId },
            data: {
              processingStatus: 'uploaded',
              processingProgress: 0,
              failureReason: null,
              sourceName: (metadata.filename ?? '').slice(0, 255),
            },
          });
          void adoptUpload(upload, documentId, filePath);
          return { headers: { [VIDEO_HEADER]: documentId } };
        },
      });
      // hourly sweep of partial uploads nobody touched within the expiry period
      cleanupTimer = setInterval(() => void service.removeExpired(), 60 * 60 * 1000);
      cleanupTimer.unref();
    },

    /** Deletes partial uploads created more than the expiry period before `now` (tus's own rule, with a clock). */
    async removeExpired(now = new Date()): Promise<number> {
      if (!store?.configstore.list) return 0;
      const expiryMs = getConfig(strapi).uploadExpiryMs;
      let removed = 0;
      for (const id of await store.configstore.list()) {
        const info = await store.configstore.get(id).catch(() => undefined);
        if (!info?.creation_date || info.size === info.offset) continue;
        if (new Date(info.creation_date).getTime() + expiryMs >= now.getTime()) continue;
        await store.remove(id).then(
          () => (removed += 1),
          () => undefined,
        );
      }
      if (removed > 0) strapi.log.info(`[transcoding] removed ${removed} abandoned partial upload(s)`);
      return removed;
    },

    stop() {
      if (cleanupTimer) clearInterval(cleanupTimer);
      cleanupTimer = null;
    },

    /** Who a tus request comes from, and whether it may touch upload `id` (each uploader sees only its own). */
    async authorize(
      ticket: string | undefined,
      uploadId: string | null,
    ): Promise<{ status: number; message: string } | null> {
      const user = await userFromTicket(ticket);
      if (!user) return { status: 401, message: 'Your upload session has expired. Reload the page and try again.' };
      if (uploadId && store) {
        const upload = await store.getUpload(uploadId).catch(() => null);
        if (!upload || upload.metadata?.uploaderId !== String(user.id))
          return { status: 404, message: 'No such upload.' };
      }
      return null;
    },

    handle(req: IncomingMessage, res: ServerResponse) {
      if (!server) throw new Error('Uploads are not started');
      return server.handle(req, res);
    },
  };
  return service;
};
