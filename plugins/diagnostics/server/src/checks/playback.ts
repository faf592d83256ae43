/**
 * Playback: the newest ready public video's master playlist, its lowest rendition's playlist and that rendition's first
 * segment, fetched through the media gateway as the site's player fetches them (the video's `playback.hls` from the
 * content API, then each URI resolved against the playlist that names it), over the CMS's own HTTP server
 * (utils/cms-http.ts). The segment must be non-empty, served with its type, and begin as the encoder writes it (MPEG-TS
 * sync bytes, or an fMP4 box).
 */
import { openCmsHttp, transcodingSelfTest, type CmsHttp, type CmsResponse } from '../utils';
import type { Check, CheckOutcome } from './types';

const USER_AGENT = 'Framecast-Diagnostics/1 (playback)';
/** Segments the project writes (MPEG-TS) or could (fMP4), and playlists, by the types the gateway serves them with. */
const PLAYLIST_TYPE = /^application\/(vnd\.apple\.mpegurl|x-mpegurl)/i;
const SEGMENT_TYPE = /^(video\/mp2t|video\/iso\.segment|video\/mp4)/i;
const FMP4_BOXES = new Set(['ftyp', 'styp', 'moof', 'sidx']);

type Video = { documentId: string; title?: string; slug?: string; playback?: { hls?: string } | null };

/** How a segment's first bytes look: MPEG-TS packets (0x47 every 188 bytes) or an fMP4 box, else null. */
export function segmentFormat(bytes: Buffer): 'MPEG-TS' | 'fMP4' | null {
  if (bytes.length >= 188 && bytes[0] === 0x47 && (bytes.length < 189 || bytes[188] === 0x47)) return 'MPEG-TS';
  if (bytes.length >= 8 && FMP4_BOXES.has(bytes.subarray(4, 8).toString('latin1'))) return 'fMP4';
  return null;
}

/** The lowest-bandwidth variant of a master playlist (its URI as written), or null when it names none. */
export function lowestVariant(master: string): { uri: string; bandwidth: number } | null {
  const lines = master.split(/\r?\n/).map((line) => line.trim());
  let lowest: { uri: string; bandwidth: number } | null = null;
  for (const [index, line] of lines.entries()) {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const bandwidth = Number(/(?:^|[:,])BANDWIDTH=(\d+)/.exec(line)?.[1] ?? Number.NaN);
    const uri = lines.slice(index + 1).find((next) => next && !next.startsWith('#'));
    if (uri && Number.isFinite(bandwidth) && (!lowest || bandwidth < lowest.bandwidth)) lowest = { uri, bandwidth };
  }
  return lowest;
}

/** The first media segment a media playlist names (the URI after the first #EXTINF). */
export function firstSegment(media: string): string | null {
  const lines = media.split(/\r?\n/).map((line) => line.trim());
  const extinf = lines.findIndex((line) => line.startsWith('#EXTINF:'));
  if (extinf < 0) return null;
  return lines.slice(extinf + 1).find((line) => line && !line.startsWith('#')) ?? null;
}

/** A URI as a player resolves it against its playlist's path, kept on this server (a CDN's host is left out). */
const resolvePath = (uri: string, base: string) => {
  const url = new URL(uri, new URL(base, 'http://cms.invalid'));
  return `${url.pathname}${url.search}`;
};

const GATEWAY_FIX =
  "The video's files are not where the CMS reads media: check STORAGE_DRIVER, MEDIA_ROOT (or S3_BUCKET, S3_KEY_PREFIX) " +
  'are those the workers write to; then restore the media from a backup (`npm run restore`) or upload the video again.';

async function play(http: CmsHttp, video: Video): Promise<CheckOutcome> {
  const name = `"${video.title ?? video.slug ?? video.documentId}"`;
  const hls = video.playback?.hls;
  if (!hls)
    return {
      status: 'fail',
      detail: `the content API gives ${name} no playback URL, though it is ready`,
      fix: "The video's playback record is incomplete: retry its job in the admin (Transcoding → Queue) or upload it again.",
    };
  const viaCdn = /^https?:\/\//.test(hls) ? ` (CDN_URL is ${new URL(hls).origin}: its gateway path asked here)` : '';
  const get = (step: string, path: string, type: RegExp, fix = GATEWAY_FIX) =>
    http.request('GET', path).then((response): CmsResponse | CheckOutcome => {
      const contentType = String(response.headers['content-type'] ?? '');
      if (response.status !== 200)
        return { status: 'fail', detail: `${name}: ${step} ${path} answered ${response.status}`, fix };
      if (response.body.length === 0)
        return { status: 'fail', detail: `${name}: ${step} ${path} is empty`, fix: GATEWAY_FIX };
      if (!type.test(contentType))
        return {
          status: 'fail',
          detail: `${name}: ${step} ${path} is served as "${contentType}"`,
          fix: 'A proxy or CDN in front of the CMS rewrites content types: let it pass those of /media through.',
        };
      return response;
    });
  const failed = (answer: CmsResponse | CheckOutcome): answer is CheckOutcome =>
    'status' in answer && 'detail' in answer;

  const masterPath = resolvePath(hls, hls);
  const master = await get('the master playlist', masterPath, PLAYLIST_TYPE);
  if (failed(master)) return master;
  const variant = lowestVariant(master.text());
  if (!variant)
    return {
      status: 'fail',
      detail: `${name}: the master playlist names no rendition`,
      fix: 'The stored master playlist is damaged: retry the video’s job in the admin (Transcoding → Queue), or upload it again.',
    };
  const mediaPath = resolvePath(variant.uri, masterPath);
  const media = await get('the lowest rendition’s playlist', mediaPath, PLAYLIST_TYPE);
  if (failed(media)) return media;
  const segmentUri = firstSegment(media.text());
  if (!segmentUri)
    return {
      status: 'fail',
      detail: `${name}: ${mediaPath} names no segment`,
      fix: 'The stored playlist is damaged: retry the video’s job in the admin (Transcoding → Queue), or upload it again.',
    };
  const segmentPath = resolvePath(segmentUri, mediaPath);
  const segment = await get('the first segment', segmentPath, SEGMENT_TYPE);
  if (failed(segment)) return segment;
  const format = segmentFormat(segment.body);
  if (!format)
    return {
      status: 'fail',
      detail: `${name}: ${segmentPath} does not begin as a video segment (MPEG-TS or fMP4)`,
      fix: GATEWAY_FIX,
    };
  const kb = (segment.body.length / 1024).toFixed(0);
  return {
    status: 'ok',
    detail:
      `${name}: master playlist (${master.ms} ms), lowest rendition at ${Math.round(variant.bandwidth / 1000)} kb/s ` +
      `(${media.ms} ms), first segment ${kb} KiB of ${format} (${segment.ms} ms) through the gateway${viaCdn}`,
  };
}

const playback: Check = {
  name: 'playback',
  verifies: "a ready public video's master playlist and first segment are served through the media gateway",
  readiness: false,
  async run(strapi) {
    if (!transcodingSelfTest(strapi)) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    let http: CmsHttp | null = null;
    try {
      http = await openCmsHttp(strapi, { userAgent: USER_AGENT });
      // the newest ready one the public may watch, fresh (not from the public response cache)
      const list = await http.request(
        'GET',
        '/api/videos?filters[processingStatus][$eq]=ready&sort[0]=publishedAt:desc&pagination[pageSize]=1' +
          '&fields[0]=title&fields[1]=slug',
        { headers: { 'cache-control': 'no-cache' } },
      );
      const video = list.json<{ data?: Video[] }>()?.data?.[0];
      if (list.status !== 200)
        return {
          status: 'fail',
          detail: `the public video list (GET /api/videos) answered ${list.status}`,
          fix: "The CMS's log at this time names the error of that request.",
        };
      if (!video)
        return {
          status: 'skip',
          detail:
            'no ready public video to play: upload one in the admin and publish it, or load the demo catalog (`npm run seed`)',
        };
      return await play(http, video);
    } finally {
      await http?.close();
    }
  },
};

export default playback;
