/**
 * Caption tracks as a video is saved (content manager, API, bulk tools: every road goes through the document
 * service): each track's file must be WebVTT that parses, with cues in order and inside the video's duration when it
 * is known, and one track at most is the default. A refusal is a 400 naming the track, its file and the line.
 * Uploads are checked on their own in media-library-guard.ts (SubRip converted there).
 */
import { checkWebVtt } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CaptionFileError } from '../services/captions';
import { getService } from '../utils';

type TrackInput = { language?: unknown; label?: unknown; isDefault?: unknown; file?: unknown };
type FileRow = {
  id: number;
  name: string;
  url: string;
  provider: string;
  hash?: string;
  ext?: string | null;
  path?: string | null;
  mime?: string | null;
};

/** A media field's value as the document service takes it: an id, `{ id }`, or a one-item list of either. */
function fileId(value: unknown): number | null {
  const single = Array.isArray(value) ? value[0] : value;
  if (typeof single === 'number' && Number.isInteger(single)) return single;
  if (typeof single === 'string' && /^\d+$/.test(single)) return Number(single);
  if (single && typeof single === 'object' && 'id' in single) return fileId((single as { id: unknown }).id);
  return null;
}

export async function checkCaptionTracks(
  strapi: Core.Strapi,
  tracks: unknown,
  durationSeconds: number | null,
): Promise<void> {
  if (!Array.isArray(tracks)) return;
  const list = tracks as Array<TrackInput | null>;
  if (list.filter((track) => track?.isDefault === true).length > 1)
    throw new errors.ValidationError('Only one caption track can be the default: untick “isDefault” on the others.');
  for (const [index, track] of list.entries()) {
    const id = fileId(track?.file);
    if (id === null) continue;
    const name = `Caption track ${index + 1}${typeof track?.label === 'string' && track.label ? ` (${track.label})` : ''}`;
    const file = (await strapi.db.query('plugin::upload.file').findOne({
      where: { id },
      select: ['id', 'name', 'url', 'provider', 'hash', 'ext', 'mime'],
    })) as FileRow | null;
    if (!file) throw new errors.ValidationError(`${name}: the file ${id} is not in the media library.`);
    if (file.mime !== 'text/vtt')
      throw new errors.ValidationError(
        `${name}: “${file.name}” is not a WebVTT caption file (.vtt). Upload the captions as WebVTT or SubRip (.srt) and pick that file.`,
      );
    let text: string;
    try {
      text = await getService(strapi, 'captions').readText(file);
    } catch (error) {
      if (!(error instanceof CaptionFileError)) throw error;
      throw new errors.ValidationError(`${name}: “${file.name}” cannot be read: ${error.message}.`);
    }
    const check = checkWebVtt(text, { durationSeconds });
    if (!check.ok) throw new errors.ValidationError(`${name}, “${file.name}”: ${check.message}`, { line: check.line });
  }
}
