/** The moderation admin routes (plugins/moderation/server/src/routes/admin.ts) and what they answer. */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

export type {
  ModerationDecision,
  ModerationLogEntry,
  ModerationLogPage,
  ModerationQueue,
  ModerationQueueItem,
  ModerationStatusView,
} from '@framecast/contracts';

export const API = {
  queue: `/${PLUGIN_ID}/queue`,
  decide: (video: string) => `/${PLUGIN_ID}/videos/${encodeURIComponent(video)}/decisions`,
  log: `/${PLUGIN_ID}/log`,
  logExport: `/${PLUGIN_ID}/log/export`,
  status: (video: string) => `/${PLUGIN_ID}/videos/${encodeURIComponent(video)}/status`,
  appeal: (video: string) => `/${PLUGIN_ID}/videos/${encodeURIComponent(video)}/appeal`,
};

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/** The server's message for a refused request, else a plain one. */
export function messageOf(error: unknown, fallback: string): string {
  return (
    (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
    (error instanceof Error ? error.message : fallback)
  );
}

/** GETs `path` whenever it (or `reload`) changes; the answer, or the server's message when it refused. */
export function useLoad<T>(path: string | null): Loaded<T> & { reload: () => void } {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    if (!path) return undefined;
    const controller = new AbortController();
    get<T>(path, { signal: controller.signal })
      .then((response) => setState({ status: 'ready', data: response.data }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setState({ status: 'error', message: messageOf(error, 'It could not be loaded.') });
      });
    return () => controller.abort();
  }, [get, path, attempt]);
  return { ...state, reload: React.useCallback(() => setAttempt((n) => n + 1), []) };
}

export function when(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
