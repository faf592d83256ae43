// What the player, the embed page and oEmbed derive from a video's `playback` (plugins/transcoding/README.md):
// poster sources, caption tracks, the picture's aspect ratio. URLs from the CMS pass through mediaUrl, so only
// http(s) URLs ever reach an attribute.

import { imageSource, mediaUrl } from '../media';
import type { Media, Video } from '../types';

export interface SizedImage {
  url: string;
  width: number;
  height: number;
}

export interface PosterSources {
  /** JPEG (or the CMS poster's own format): the `<img>` src and what browsers without WebP get. */
  src: string;
  srcset: string | undefined;
  /** Only when the transcoder made WebP posters. */
  webpSrcset: string | undefined;
  width: number;
  height: number;
}

type PosterFields = Pick<Video, 'playback' | 'poster'>;

function srcset(images: SizedImage[]): string | undefined {
  return images.length > 0 ? images.map((image) => `${image.url} ${image.width}w`).join(', ') : undefined;
}

function validSize(width: unknown, height: unknown): boolean {
  return typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0;
}

/** The transcoder's posters in one format, smallest first, unusable entries dropped. */
function transcodedPosters(video: PosterFields, format: 'jpeg' | 'webp'): SizedImage[] {
  const list: SizedImage[] = [];
  for (const poster of video.playback?.posters ?? []) {
    const url = mediaUrl(poster?.[format]);
    if (url && validSize(poster.width, poster.height)) list.push({ url, width: poster.width, height: poster.height });
  }
  return list.sort((a, b) => a.width - b.width);
}

/** The CMS poster and its formats, smallest first (only those with known dimensions). */
function mediaPosters(media: Media | null | undefined): SizedImage[] {
  if (!media) return [];
  const list: SizedImage[] = [];
  for (const format of [
    media.formats?.thumbnail,
    media.formats?.small,
    media.formats?.medium,
    media.formats?.large,
    media,
  ]) {
    const url = mediaUrl(format?.url);
    if (url && format && validSize(format.width, format.height) && !list.some((item) => item.width === format.width)) {
      list.push({ url, width: format.width!, height: format.height! });
    }
  }
  return list.sort((a, b) => a.width - b.width);
}

/**
 * Poster for a `<picture>`: the transcoder's WebP + JPEG sizes when there are any, else the CMS poster media.
 * The `src` is the smallest JPEG at least `targetWidth` wide (or the largest).
 */
export function posterSources(video: PosterFields, targetWidth = 1280): PosterSources | undefined {
  const jpeg = transcodedPosters(video, 'jpeg');
  if (jpeg.length > 0) {
    const chosen = jpeg.find((image) => image.width >= targetWidth) ?? jpeg[jpeg.length - 1]!;
    return {
      src: chosen.url,
      srcset: srcset(jpeg),
      webpSrcset: srcset(transcodedPosters(video, 'webp')),
      width: chosen.width,
      height: chosen.height,
    };
  }
  const fallback = imageSource(video.poster, targetWidth);
  return (
    fallback && {
      src: fallback.src,
      srcset: fallback.srcset,
      webpSrcset: undefined,
      width: fallback.width,
      height: fallback.height,
    }
  );
}

/** Every poster image with its size, smallest first: JPEGs from the transcoder, else the CMS poster (for oEmbed thumbnails). */
export function posterCandidates(video: PosterFields): SizedImage[] {
  const jpeg = transcodedPosters(video, 'jpeg');
  return jpeg.length > 0 ? jpeg : mediaPosters(video.poster);
}

export interface CaptionSource {
  src: string;
  srclang: string;
  label: string;
  isDefault: boolean;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A track without a label is named by its language, in English as the site is: `pt-BR` -> "Brazilian Portuguese". */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** `<track>` sources: tracks without a file or with a malformed language are left out; at most one is the default. */
export function captionSources(video: Pick<Video, 'captions'>): CaptionSource[] {
  const tracks: CaptionSource[] = [];
  for (const caption of video.captions ?? []) {
    const src = mediaUrl(caption?.file?.url);
    if (!src || !caption.language || !LANGUAGE_TAG.test(caption.language)) continue;
    const isDefault = Boolean(caption.isDefault) && !tracks.some((track) => track.isDefault);
    tracks.push({
      src,
      srclang: caption.language,
      label: caption.label?.trim() || languageName(caption.language),
      isDefault,
    });
  }
  return tracks;
}

/** Width / height of the picture: the video's own, else its largest rendition, else its poster, else 16:9. */
export function aspectRatio(video: Pick<Video, 'width' | 'height' | 'playback' | 'poster'>): number {
  if (validSize(video.width, video.height)) return video.width! / video.height!;
  const renditions = [...(video.playback?.renditions ?? [])].filter((rendition) =>
    validSize(rendition?.width, rendition?.height),
  );
  const largest = renditions.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (largest) return largest.width / largest.height;
  const poster = posterCandidates(video).at(-1);
  if (poster) return poster.width / poster.height;
  return 16 / 9;
}
