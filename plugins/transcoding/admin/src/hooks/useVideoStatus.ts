import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, POLL_INTERVAL_MS, isSettled, statusOfError, type VideoStatus } from '../utils/api';
import { usePolling } from './usePolling';

export interface VideoStatusState {
  status: VideoStatus | null;
  /** HTTP status of the last failed request (404: no such video, or not this user's). */
  errorStatus: number | null;
  loading: boolean;
  /** Ask again now and keep polling until settled (after a retry or a new upload). */
  refresh: () => void;
}

/** The processing status of one video, polled every 2 s until it is ready or failed. */
export function useVideoStatus(documentId: string | null | undefined): VideoStatusState {
  const { get } = useFetchClient();
  const [status, setStatus] = React.useState<VideoStatus | null>(null);
  const [errorStatus, setErrorStatus] = React.useState<number | null>(null);
  const [loading, setLoading] = React.useState(Boolean(documentId));
  const [polling, setPolling] = React.useState(true);

  React.useEffect(() => {
    setStatus(null);
    setErrorStatus(null);
    setLoading(Boolean(documentId));
    setPolling(true);
  }, [documentId]);

  usePolling(
    async (signal) => {
      if (!documentId) return;
      try {
        const { data } = await get<VideoStatus>(API.videoStatus(documentId), { signal });
        if (signal.aborted) return;
        setStatus(data);
        setErrorStatus(null);
        if (isSettled(data?.processingStatus)) setPolling(false);
      } catch (error) {
        if (signal.aborted) return;
        const code = statusOfError(error) ?? 0;
        setErrorStatus(code);
        // these do not change by asking again
        if (code === 401 || code === 403 || code === 404) setPolling(false);
      } finally {
        if (!signal.aborted) setLoading(false);
      }
    },
    { intervalMs: POLL_INTERVAL_MS, enabled: Boolean(documentId) && polling },
  );

  const refresh = React.useCallback(() => {
    setErrorStatus(null);
    setPolling(true);
  }, []);

  return { status, errorStatus, loading, refresh };
}
