/** The analytics admin routes (plugins/analytics/server/src/routes/admin.ts) and what they answer. */
import * as React from 'react';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

export type {
  AnalyticsOverview as Overview,
  AnalyticsRecentFollower as RecentFollower,
  AnalyticsRealtime as Realtime,
  AnalyticsScope as Scope,
  AnalyticsShare as Share,
  AnalyticsTopVideo as TopVideo,
  AnalyticsVideoReport as VideoReport,
} from '@framecast/contracts';

/** The period and channel a report is asked for: `days` (7, 28, 90, 365) or a custom `from`/`to`. */
export interface ReportParams {
  days?: number;
  from?: string;
  to?: string;
  channel?: string;
}

export function queryString(params: ReportParams & Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const API = {
  scope: `/${PLUGIN_ID}/scope`,
  overview: `/${PLUGIN_ID}/overview`,
  topVideos: `/${PLUGIN_ID}/overview/top-videos`,
  realtime: `/${PLUGIN_ID}/realtime`,
  video: (documentId: string) => `/${PLUGIN_ID}/videos/${encodeURIComponent(documentId)}`,
};

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/** GETs `path` whenever it changes; the answer, or the server's message when it refused. */
export function useReport<T>(path: string | null): Loaded<T> & { reload: () => void } {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    if (!path) return undefined;
    const controller = new AbortController();
    setState({ status: 'loading' });
    get<T>(path, { signal: controller.signal })
      .then((response) => setState({ status: 'ready', data: response.data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
          (error instanceof Error ? error.message : 'The numbers could not be loaded.');
        setState({ status: 'error', message });
      });
    return () => controller.abort();
  }, [get, path, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}

/** Downloads `path` (a CSV export) with the admin's token, as a file named by the server. */
export function useDownload(): (path: string, fallbackName: string) => Promise<void> {
  const token = useAuth('useDownload', (auth) => auth.token);
  return React.useCallback(
    async (path: string, fallbackName: string) => {
      const backend = (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
      const response = await fetch(`${backend}${path}`, { headers: { Authorization: `Bearer ${token ?? ''}` } });
      if (!response.ok) throw new Error(`The export failed (${response.status}).`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    },
    [token],
  );
}
