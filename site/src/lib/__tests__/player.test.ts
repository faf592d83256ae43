import { resetConfigForTests } from '../config';
import { aspectRatio, captionSources, languageName, posterSources } from '../player/playback';
import { GROWING_HLS_CONFIG, canSeekTo, loadPosition } from '../player/growing';
import { AUTO_QUALITY, autoQualityLabel, levelIndexFor, qualityOf, qualityOptions } from '../player/quality';
import type { Playback, Video } from '../types';

afterEach(() => {
  delete process.env.CMS_URL;
  resetConfigForTests();
});

describe('quality menu', () => {
  // hls.js sorts levels by bitrate, lowest first
  const levels = [
    { width: 426, height: 240, bitrate: 500_000 },
    { width: 640, height: 360, bitrate: 900_000 },
    { width: 854, height: 480, bitrate: 1_600_000 },
    { width: 1280, height: 720, bitrate: 3_000_000 },
  ];

  it('lists Auto, then each height, highest first', () => {
    expect(qualityOptions(levels)).toEqual([AUTO_QUALITY, 720, 480, 360, 240]);
  });

  it('names portrait rungs by their short side and skips levels without a resolution', () => {
    expect(qualityOf({ width: 720, height: 1280 })).toBe(720);
    expect(
      qualityOptions([
        { width: 0, height: 0 },
        { width: 360, height: 640 },
        { width: 720, height: 1280 },
      ]),
    ).toEqual([0, 720, 360]);
  });

  it('maps a choice to the hls.js level index: -1 for Auto, the highest bitrate for a repeated height', () => {
    expect(levelIndexFor(levels, AUTO_QUALITY)).toBe(-1);
    expect(levelIndexFor(levels, 480)).toBe(2);
    expect(levelIndexFor(levels, 1080)).toBe(-1);
    expect(levelIndexFor([...levels, { width: 1280, height: 720, bitrate: 4_500_000 }], 720)).toBe(4);
  });

  it('shows the level adaptive switching picked in the Auto label', () => {
    expect(autoQualityLabel(levels[2])).toBe('Auto (480p)');
    expect(autoQualityLabel(undefined)).toBe('Auto');
  });
});

describe('playback sources', () => {
  const playback: Playback = {
    hls: 'https://cms.example.org/media/videos/d1/abc/master.m3u8',
    posters: [
      { width: 1280, height: 720, webp: 'https://m.test/poster-1280.webp', jpeg: 'https://m.test/poster-1280.jpg' },
      { width: 640, height: 360, webp: 'https://m.test/poster-640.webp', jpeg: 'https://m.test/poster-640.jpg' },
      { width: 320, height: 180, webp: 'javascript:alert(1)', jpeg: 'https://m.test/poster-320.jpg' },
    ],
    storyboard: 'https://m.test/storyboard.vtt',
    renditions: [
      { label: '240p', width: 426, height: 240, bandwidth: 500_000 },
      { label: '720p', width: 1280, height: 720, bandwidth: 3_000_000 },
    ],
    expiresAt: null,
  };
  const base: Video = { id: 1, documentId: 'd1', title: 'T', slug: 't' };

  it('offers the transcoded posters as WebP and JPEG srcsets, dropping non-http URLs', () => {
    const poster = posterSources({ ...base, playback }, 1280)!;
    expect(poster.src).toBe('https://m.test/poster-1280.jpg');
    expect([poster.width, poster.height]).toEqual([1280, 720]);
    expect(poster.srcset).toBe(
      'https://m.test/poster-320.jpg 320w, https://m.test/poster-640.jpg 640w, https://m.test/poster-1280.jpg 1280w',
    );
    expect(poster.webpSrcset).toBe('https://m.test/poster-640.webp 640w, https://m.test/poster-1280.webp 1280w');
    expect(posterSources({ ...base, playback }, 500)!.src).toBe('https://m.test/poster-640.jpg');
  });

  it('resolves CMS-relative playback URLs (as the media gateway gives them) on PUBLIC_CMS_URL', () => {
    process.env.CMS_URL = 'http://cms:1337';
    process.env.PUBLIC_CMS_URL = 'https://media.example.org';
    resetConfigForTests();
    const relative = {
      ...playback,
      posters: [
        {
          width: 640,
          height: 360,
          webp: '/media/videos/d1/c/poster-640.webp',
          jpeg: '/media/videos/d1/c/poster-640.jpg',
        },
      ],
    };
    expect(posterSources({ ...base, playback: relative })).toMatchObject({
      src: 'https://media.example.org/media/videos/d1/c/poster-640.jpg',
      webpSrcset: 'https://media.example.org/media/videos/d1/c/poster-640.webp 640w',
    });
    delete process.env.PUBLIC_CMS_URL;
  });

  it('falls back to the CMS poster, and to nothing', () => {
    process.env.CMS_URL = 'http://cms.test';
    resetConfigForTests();
    const poster = posterSources({
      ...base,
      playback: { ...playback, posters: [] },
      poster: {
        id: 1,
        documentId: 'p',
        url: '/uploads/p.jpg',
        width: 800,
        height: 450,
        alternativeText: null,
        mime: 'image/jpeg',
        formats: null,
      },
    });
    expect(poster).toMatchObject({ src: 'http://cms.test/uploads/p.jpg', webpSrcset: undefined });
    expect(posterSources(base)).toBeUndefined();
  });

  it('turns caption components into tracks: file and a valid language required, one default', () => {
    process.env.CMS_URL = 'http://cms.test';
    resetConfigForTests();
    const file = (url: string) => ({
      id: 1,
      documentId: 'f',
      url,
      width: null,
      height: null,
      alternativeText: null,
      mime: 'text/vtt',
      formats: null,
    });
    const tracks = captionSources({
      captions: [
        { language: 'en', label: 'English', file: file('/uploads/en.vtt'), isDefault: true },
        { language: 'fr', label: ' ', file: file('/uploads/fr.vtt'), isDefault: true },
        { language: 'de', label: 'Deutsch', file: null },
        { language: 'x"><script>', label: 'Bad', file: file('/uploads/bad.vtt') },
      ],
    });
    expect(tracks).toEqual([
      { src: 'http://cms.test/uploads/en.vtt', srclang: 'en', label: 'English', isDefault: true },
      // no label: named by its language
      { src: 'http://cms.test/uploads/fr.vtt', srclang: 'fr', label: 'French', isDefault: false },
    ]);
    expect(captionSources({})).toEqual([]);
    expect(['pt-BR', 'de', 'zz-unknown-tag'].map(languageName)).toEqual([
      'Brazilian Portuguese',
      'German',
      'zz-unknown-tag',
    ]);
  });

  it('takes the aspect ratio from the video, else its largest rendition, else 16:9', () => {
    expect(aspectRatio({ width: 720, height: 1280 })).toBeCloseTo(9 / 16);
    expect(
      aspectRatio({
        playback: { ...playback, renditions: [{ label: 'sq', width: 480, height: 480, bandwidth: 1 }] },
        width: null,
      }),
    ).toBe(1);
    expect(aspectRatio({})).toBeCloseTo(16 / 9);
  });
});

describe('a video that is still being encoded (growing playlists)', () => {
  it('starts loading at 0, not at the live edge, unless a retry or the element says where', () => {
    const at = (resumeAt: number | undefined, currentTime: number, start: number | undefined, growing: boolean) =>
      loadPosition({ resumeAt, currentTime, start, growing });
    expect(at(undefined, 0, undefined, true)).toBe(0);
    // a start position further than what is encoded is checked once the metadata is known (canSeekTo)
    expect(at(undefined, 0, 42, true)).toBe(0);
    expect(at(12.5, 3, 42, true)).toBe(12.5);
    expect(at(undefined, 3, 42, true)).toBe(3);
    // a finished video: the start position, else hls.js's own default
    expect(at(undefined, 0, 42, false)).toBe(42);
    expect(at(undefined, 0, undefined, false)).toBe(-1);
  });

  it('never lets hls.js jump ahead to the newest segment, and keeps the duration to what is there', () => {
    expect(GROWING_HLS_CONFIG).toMatchObject({
      startPosition: 0,
      liveMaxLatencyDurationCount: Number.POSITIVE_INFINITY,
      maxLiveSyncPlaybackRate: 1,
      liveDurationInfinity: false,
    });
    // hls.js refuses a max latency that does not exceed the sync one
    expect(GROWING_HLS_CONFIG.liveMaxLatencyDurationCount).toBeGreaterThan(GROWING_HLS_CONFIG.liveSyncDurationCount);
  });

  it('seeks to a start position only once it is encoded (duration, or the seekable end of an endless one)', () => {
    expect(canSeekTo(30, 20, 20)).toBe(false);
    expect(canSeekTo(10, 20, 20)).toBe(true);
    expect(canSeekTo(10, Number.POSITIVE_INFINITY, 14)).toBe(true);
    expect(canSeekTo(30, Number.POSITIVE_INFINITY, 14)).toBe(false);
    expect(canSeekTo(3, Number.POSITIVE_INFINITY, undefined)).toBe(false);
  });
});
