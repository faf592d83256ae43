import type { PlaybackBatch } from '@framecast/contracts';
import { postNoContent } from './client';

/** What the CMS derives the viewer's context from: their user agent, and Do-Not-Track / Global Privacy Control. */
export interface BeaconHeaders {
  userAgent?: string | null;
  dnt?: string | null;
  gpc?: string | null;
}

/** Forwards one playback beacon to the CMS (plugins/analytics); the viewer's address goes as X-Forwarded-For. */
export async function sendPlaybackBatch(batch: PlaybackBatch, { userAgent, dnt, gpc }: BeaconHeaders): Promise<void> {
  const headers: Record<string, string> = {};
  if (userAgent) headers['user-agent'] = userAgent;
  if (dnt) headers.dnt = dnt;
  if (gpc) headers['sec-gpc'] = gpc;
  await postNoContent('/analytics/events', batch, headers);
}
