import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { UploadQueue } from '../uploads/uploadQueue';
import { API, messageOfError, statusOfError, type UploadTicket } from '../utils/api';
import type { UploadLimits } from '../utils/files';

export type LimitsState = { limits: UploadLimits | null; error: { status?: number; message?: string } | null };

/**
 * Gets an upload ticket when the page opens: it proves the user may upload and tells the limits to check
 * files against. The queue reuses it for the uploads themselves.
 */
export function useUploadLimits(queue: UploadQueue, enabled = true): LimitsState {
  const { post } = useFetchClient();
  const [state, setState] = React.useState<LimitsState>({ limits: queue.limits, error: null });
  React.useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    post<UploadTicket>(API.uploadTickets, {})
      .then(({ data }) => {
        if (cancelled) return;
        queue.rememberTicket(data);
        setState({
          limits: { acceptedExtensions: data.acceptedExtensions, maxUploadBytes: data.maxUploadBytes },
          error: null,
        });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setState((previous) => ({
            ...previous,
            error: {
              status: statusOfError(error),
              message: messageOfError(error) ?? (error instanceof Error ? error.message : undefined),
            },
          }));
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, post, queue]);
  return state;
}
