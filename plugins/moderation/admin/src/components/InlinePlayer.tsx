import * as React from 'react';
import { Box, Button, Typography } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import type { Playback } from '@framecast/contracts';

/**
 * Plays a video in place, from the signed HLS address the queue gave (hls.js where the browser has no HLS of its own).
 * Loaded only when the moderator asks, so the queue does not fetch every video.
 */
export function InlinePlayer({ playback, title }: { playback: Playback | null; title: string }) {
  const [open, setOpen] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const ref = React.useRef<HTMLVideoElement>(null);

  React.useEffect(() => {
    const element = ref.current;
    if (!open || !element || !playback) return undefined;
    if (element.canPlayType('application/vnd.apple.mpegurl')) {
      element.src = playback.hls;
      return undefined;
    }
    let destroy: (() => void) | undefined;
    let cancelled = false;
    void import('hls.js').then(({ default: Hls }) => {
      if (cancelled) return;
      if (!Hls.isSupported()) {
        setProblem('This browser cannot play HLS video.');
        return;
      }
      const hls = new Hls();
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) setProblem('The video could not be played: its media may be missing.');
      });
      hls.loadSource(playback.hls);
      hls.attachMedia(element);
      destroy = () => hls.destroy();
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [open, playback]);

  if (!playback)
    return (
      <Typography variant="pi" textColor="neutral600">
        No playable media (it is not processed, or failed).
      </Typography>
    );
  const poster = playback.posters[playback.posters.length - 1]?.jpeg;
  if (!open)
    return (
      <Button variant="secondary" startIcon={<Play />} onClick={() => setOpen(true)}>
        Play here
      </Button>
    );
  return (
    <Box>
      <video
        ref={ref}
        controls
        autoPlay
        muted
        poster={poster}
        aria-label={`Playing: ${title}`}
        data-testid="moderation-player"
        style={{ width: '100%', maxWidth: 560, aspectRatio: '16 / 9', background: '#000', borderRadius: 4 }}
      />
      {problem ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {problem}
        </Typography>
      ) : null}
    </Box>
  );
}
