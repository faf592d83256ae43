import * as React from 'react';
import { Box, Button, Typography } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import type { Playback } from '@framecast/contracts';
import { useT } from '../hooks/useT';
import { Notice } from './Notice';

const HLS_MIME = 'application/vnd.apple.mpegurl';

/**
 * hls.js settings for playlists that still grow (`Playback.growing`: EVENT, no end yet), which hls.js treats as live:
 * start at 0 rather than near the newest segment, never jump ahead to it, and a duration that is what is there so
 * far. The playlist is reloaded every target duration until it ends. (The site's player does the same.)
 */
const GROWING_HLS_CONFIG = {
  startPosition: 0,
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: Number.POSITIVE_INFINITY,
  maxLiveSyncPlaybackRate: 1,
  liveDurationInfinity: false,
};

/**
 * The same media under a new signature (each status answer signs its URLs again: `/media/s/<token>/…`): a new
 * signature must not restart a preview that is playing.
 */
export const mediaAddress = (url: string) => url.replace(/\/media\/s\/[^/]+\//, '/media/');

interface PlaybackPreviewProps {
  playback: Playback | null;
  /** What the video element is called for assistive technology (the video's title or file name). */
  name: string;
  /** Shown under the growing note (the edit view tells how viewers can watch it early). */
  growingHint?: React.ReactNode;
}

/**
 * Plays a video in place from the signed address its status gave, when asked (so a status view does not fetch the
 * media by itself): the whole video once it is ready, and while it is processed the part encoded so far, from the
 * beginning, growing as it is watched, with a note that says so. hls.js where it runs, else the browser's own HLS.
 */
export function PlaybackPreview({ playback, name, growingHint }: PlaybackPreviewProps) {
  const t = useT();
  const [open, setOpen] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const ref = React.useRef<HTMLVideoElement>(null);
  const address = playback ? mediaAddress(playback.hls) : null;
  // the URL and the kind of playlist the preview plays: once it plays, later polls change only the signature (and
  // `growing`, which the playing preview learns from the playlist's end), so it is kept until the media changes
  const opened = React.useRef<{ url: string; growing: boolean } | null>(null);
  if (!playback) opened.current = null;
  else if (!open || !opened.current || mediaAddress(opened.current.url) !== address)
    opened.current = { url: playback.hls, growing: playback.growing === true };

  React.useEffect(() => {
    const element = ref.current;
    const source = opened.current;
    if (!open || !element || !source || !address) return undefined;
    setProblem(null);
    element.focus();
    let destroy: (() => void) | undefined;
    let cancelled = false;
    const playNative = () => {
      if (source.growing) {
        // Safari starts a playlist without its end near the newest segment, as it would a broadcast
        element.addEventListener(
          'loadedmetadata',
          () => {
            if (element.currentTime > 1) element.currentTime = 0;
          },
          { once: true },
        );
      }
      element.src = source.url;
    };
    void import('hls.js')
      .then(({ default: Hls }) => {
        if (cancelled) return;
        if (!Hls.isSupported()) {
          if (element.canPlayType(HLS_MIME)) playNative();
          else setProblem(t('preview.unsupported'));
          return;
        }
        const hls = new Hls(source.growing ? GROWING_HLS_CONFIG : {});
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) setProblem(t('preview.failed'));
        });
        hls.loadSource(source.url);
        hls.attachMedia(element);
        destroy = () => hls.destroy();
      })
      .catch(() => {
        if (cancelled) return;
        if (element.canPlayType(HLS_MIME)) playNative();
        else setProblem(t('preview.failed'));
      });
    return () => {
      cancelled = true;
      destroy?.();
    };
    // restarted for other media only (a replaced source), not for a new signature of the same
  }, [open, address, t]);

  if (!playback) return null;
  const poster = playback.posters[playback.posters.length - 1]?.jpeg;
  return (
    <Box data-testid="transcoding-preview" data-growing={playback.growing ? 'true' : 'false'}>
      {playback.growing ? (
        <Box paddingBottom={2}>
          <Notice title={t('preview.growing.title')}>
            <Typography textColor="neutral800" tag="p">
              {t('preview.growing.body')}
            </Typography>
            {growingHint}
          </Notice>
        </Box>
      ) : null}
      {open ? (
        <>
          <video
            ref={ref}
            controls
            autoPlay
            muted
            playsInline
            poster={poster}
            aria-label={t('preview.videoLabel', { name })}
            data-testid="transcoding-preview-video"
            style={{ display: 'block', width: '100%', aspectRatio: '16 / 9', background: '#000', borderRadius: 4 }}
          />
          {problem ? (
            <Typography variant="pi" textColor="danger600" tag="p" role="alert">
              {problem}
            </Typography>
          ) : null}
        </>
      ) : (
        <Button variant="secondary" size="S" startIcon={<Play />} onClick={() => setOpen(true)}>
          {playback.growing ? t('preview.playGrowing') : t('preview.play')}
        </Button>
      )}
    </Box>
  );
}
