/**
 * The one owner of media URLs: who may fetch a video's outputs without a signature (cached access decisions),
 * the signing secret, the signed and plain URLs a player gets, and the upload tickets signed with the same secret.
 * The gateway, the pipeline, the uploads and the CMS's public API all come here.
 */
import { createHash } from 'node:crypto';
import { isListedVideo, isWatchableVideo, type Playback } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import { getConfig } from '../utils';
import {
  signMediaToken,
  signUploadTicket,
  verifyMediaToken,
  verifyUploadTicket,
  type SignatureCheck,
} from '../utils/signing';

export type { Playback };

/** What the pipeline records on a video once its outputs are stored. */
export interface PlaybackAssets {
  prefix: string;
  checksum: string;
  master: string;
  renditions: Array<{
    label: string;
    width: number;
    height: number;
    bandwidth: number;
    averageBandwidth: number;
    codecs: string;
    playlist: string;
  }>;
  posters: Array<{ width: number; height: number; webp: string; jpeg: string }>;
  storyboard: { vtt: string; sprites: string[] } | null;
  /** Still being encoded: the playlists (`EVENT`) and the storyboard grow; the measured rates come when it is ready. */
  growing?: boolean;
  /** When its first seconds could first be played (kept once it is ready). */
  playableAt?: string;
}

type AccessRow = {
  publishedAt: string | null;
  visibility: string;
  moderationState: string;
  playbackAssets: PlaybackAssets | null;
};

export interface AccessInfo {
  /** Some row of the video exists. */
  exists: boolean;
  /** Published, approved, public or unlisted: anyone may fetch it without a signature. */
  open: boolean;
  /** Published, approved and public: public media (the gateway does not log who fetches it). */
  listed: boolean;
  /** Output prefixes any row of the video points at (draft and published can differ briefly). */
  prefixes: Set<string>;
  /** Prefixes still being encoded: their playlists change, so they are not cached. */
  growing: Set<string>;
  loadedAt: number;
}

/** Access decisions are cached this long; every video write clears the cache. */
const ACCESS_TTL_MS = 5000;
const MAX_CACHED = 2000;

/** Anyone may fetch these without a signature: published, approved, public or unlisted. */
export function isOpenToEveryone(
  rows: Array<Pick<AccessRow, 'publishedAt' | 'visibility' | 'moderationState'>>,
): boolean {
  return rows.some(isWatchableVideo);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, AccessInfo>();
  let signingSecret = '';

  const service = {
    /** Secret for media URLs and upload tickets: MEDIA_SIGNING_SECRET, else derived from the admin JWT secret. */
    get signingSecret(): string {
      if (!signingSecret) {
        const base = getConfig(strapi).signingSecret || String(strapi.config.get('admin.auth.secret') ?? '');
        if (!base) throw new Error('Set MEDIA_SIGNING_SECRET (or ADMIN_JWT_SECRET) to sign media URLs');
        signingSecret = createHash('sha256').update(`framecast-media:${base}`).digest('base64url');
      }
      return signingSecret;
    },

    /** Whether a video's outputs are open to everyone, and which output prefixes it has. */
    async accessOf(documentId: string): Promise<AccessInfo> {
      const cached = cache.get(documentId);
      if (cached && Date.now() - cached.loadedAt < ACCESS_TTL_MS) return cached;
      const rows = (await strapi.db.query('api::video.video').findMany({
        select: ['publishedAt', 'visibility', 'moderationState', 'playbackAssets'],
        where: { documentId },
      })) as AccessRow[];
      const info: AccessInfo = {
        exists: rows.length > 0,
        open: isOpenToEveryone(rows),
        listed: rows.some(isListedVideo),
        prefixes: new Set(
          rows.map((row) => row.playbackAssets?.prefix).filter((prefix): prefix is string => Boolean(prefix)),
        ),
        growing: new Set(
          rows
            .filter((row) => row.playbackAssets?.growing)
            .map((row) => row.playbackAssets!.prefix)
            .filter(Boolean),
        ),
        loadedAt: Date.now(),
      };
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(documentId, info);
      return info;
    },

    clearAccessCache() {
      cache.clear();
    },

    /** URLs the player needs; signed when `signed` (anything not open to everyone), else plain and cacheable. */
    playbackFor(
      documentId: string,
      assets: PlaybackAssets | null,
      options: { signed: boolean; now?: number },
    ): Playback | null {
      if (!assets?.prefix || !assets.master) return null;
      const config = getConfig(strapi);
      // without a CDN, URLs stay root-relative on the CMS origin, like Strapi's local media URLs
      const base = config.mediaBaseUrl;
      let root = `${base}/media/${assets.prefix}`;
      let expiresAt: string | null = null;
      if (options.signed) {
        const expires = Math.floor((options.now ?? Date.now()) / 1000) + config.signedUrlTtlS;
        root = `${base}/media/s/${signMediaToken(service.signingSecret, documentId, expires)}/${assets.prefix}`;
        expiresAt = new Date(expires * 1000).toISOString();
      }
      return {
        hls: `${root}/${assets.master}`,
        posters: assets.posters.map((poster) => ({
          width: poster.width,
          height: poster.height,
          webp: `${root}/${poster.webp}`,
          jpeg: `${root}/${poster.jpeg}`,
        })),
        storyboard: assets.storyboard ? `${root}/${assets.storyboard.vtt}` : null,
        renditions: assets.renditions.map(({ label, width, height, bandwidth }) => ({
          label,
          width,
          height,
          bandwidth,
        })),
        growing: Boolean(assets.growing),
        expiresAt,
      };
    },

    /** Checks the `<expires>.<signature>` segment of a signed media URL for this video. */
    verifyMediaToken(documentId: string, token: string): SignatureCheck {
      return verifyMediaToken(service.signingSecret, documentId, token);
    },

    signUploadTicket(userId: number, expiresAt: number): string {
      return signUploadTicket(service.signingSecret, userId, expiresAt);
    },

    /** The admin user a tus request's ticket names, while it is valid. */
    verifyUploadTicket(ticket: string): { userId: number; expiresAt: number } | null {
      return verifyUploadTicket(service.signingSecret, ticket);
    },
  };
  return service;
};
