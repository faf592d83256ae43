/**
 * Puts the media policy (media-policy.ts) in front of Strapi's upload service, the one place every road into the
 * media library ends (admin upload and replace, `/upload/files`, upload-from-URLs, the content API): a file that
 * is not an allowed type for the uploader's roles is refused with 415 before anything is stored, and an allowed
 * one is stored with the extension and MIME type of what its bytes are.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CAPTION_LIMITS, checkWebVtt, srtToWebVtt } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import createError from 'http-errors';
import { allowedMediaKinds, checkMediaFile, mimeOfExtension, type MediaKind } from './media-policy';

/** A file as Strapi's upload service receives it (formidable's shape, or the same fields from server code). */
interface IncomingFile {
  filepath?: string;
  path?: string;
  originalFilename?: string | null;
  name?: string | null;
  mimetype?: string | null;
  detectedMimeType?: string;
  size?: number;
}

interface Uploader {
  id?: number;
  roles?: Array<{ code?: string | null }>;
}

type UploadService = {
  upload(input: { data: unknown; files: IncomingFile | IncomingFile[] }, opts?: { user?: Uploader }): Promise<unknown>;
  replace(id: unknown, input: { data: unknown; file: IncomingFile }, opts?: { user?: Uploader }): Promise<unknown>;
};

/** 415 with the allowed kinds: Strapi answers an http-errors error with its own status (an @strapi/utils ApplicationError would be 400). */
function unsupported(message: string, kinds: readonly MediaKind[]): never {
  throw createError(415, message, { details: { allowed: kinds } });
}

export function guardMediaLibrary(strapi: Core.Strapi) {
  /** Admin users carry their roles; a user without them (or no user: server code, the content API) gets the default. */
  async function kindsFor(user: Uploader | undefined): Promise<MediaKind[]> {
    if (!user?.id) return allowedMediaKinds(null);
    let roles = user.roles;
    if (!Array.isArray(roles)) {
      const admin = (await strapi.db
        .query('admin::user')
        .findOne({ where: { id: user.id }, populate: ['roles'] })
        .catch(() => null)) as Uploader | null;
      roles = admin?.roles;
    }
    return allowedMediaKinds(roles);
  }

  /** Refuses the file, or renames it to what it is. Runs before the service reads it, so a refusal stores nothing. */
  async function admit(file: IncomingFile, kinds: MediaKind[], replacing?: { ext: string | null }) {
    const filePath = file.filepath ?? file.path;
    const fileName = file.originalFilename ?? file.name ?? '';
    if (!filePath) unsupported('The upload has no file content to check.', kinds);
    const decision = await checkMediaFile(filePath, fileName, kinds);
    if (!decision.ok) unsupported(decision.message, kinds);
    const { media } = decision;
    if (replacing && mimeOfExtension(replacing.ext) !== media.mime) {
      unsupported(
        `A replacement must be the same type of file as the one it replaces (${replacing.ext || 'unknown'}); “${fileName}” is ${media.label}. Upload it as a new file instead.`,
        kinds,
      );
    }
    // SubRip captions are stored as the WebVTT they were converted to
    if (media.kind === 'captions' && (await admitCaptions(filePath!, fileName, kinds)))
      file.size = (await stat(filePath!)).size;
    const base = path.basename(fileName, path.extname(fileName)) || 'file';
    const ext = media.kind === 'captions' ? '.vtt' : media.ext;
    const mime = media.kind === 'captions' ? 'text/vtt' : media.mime;
    file.originalFilename = `${base}${ext}`;
    file.mimetype = mime;
    file.detectedMimeType = mime;
  }

  /**
   * Captions must parse (cues well formed and in order; the video's duration is checked when the track is attached,
   * media/caption-tracks.ts): a refusal names the line. SubRip is converted to WebVTT in place, so the media library
   * holds WebVTT only. True when the file was converted.
   */
  async function admitCaptions(filePath: string, fileName: string, kinds: MediaKind[]): Promise<boolean> {
    const name = `“${fileName.slice(0, 120) || 'The caption file'}”`;
    if ((await stat(filePath)).size > CAPTION_LIMITS.maxBytes)
      throw createError(413, `${name} is larger than ${CAPTION_LIMITS.maxBytes / 1024} KiB, the limit for captions.`);
    const text = await readFile(filePath, 'utf8');
    const isSrt = !/^\uFEFF?WEBVTT/.test(text);
    const vtt = isSrt ? srtToWebVtt(text) : text;
    // in the SubRip's own line numbers: the WebVTT header adds two lines
    const check = checkWebVtt(vtt, { lineOffset: isSrt ? -2 : 0 });
    if (!check.ok)
      throw createError(400, `${name} has an error. ${check.message}`, {
        details: { line: check.line, allowed: kinds },
      });
    if (isSrt) await writeFile(filePath, vtt, 'utf8');
    return isSrt;
  }

  strapi.get('services').extend('plugin::upload.upload', (service: UploadService) => {
    const upload = service.upload.bind(service);
    const replace = service.replace.bind(service);
    return Object.assign(service, {
      async upload(input: Parameters<UploadService['upload']>[0], opts?: { user?: Uploader }) {
        const kinds = await kindsFor(opts?.user);
        const files = Array.isArray(input.files) ? input.files : [input.files];
        for (const file of files) await admit(file, kinds);
        return upload(input, opts);
      },
      async replace(id: unknown, input: Parameters<UploadService['replace']>[1], opts?: { user?: Uploader }) {
        const kinds = await kindsFor(opts?.user);
        const existing = (await strapi.db.query('plugin::upload.file').findOne({ select: ['ext'], where: { id } })) as {
          ext: string | null;
        } | null;
        // an unknown id: Strapi's own replace answers 404
        if (existing) await admit(input.file, kinds, existing);
        return replace(id, input, opts);
      },
    });
  });
}
