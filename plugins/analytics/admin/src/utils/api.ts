/** The analytics admin routes (plugins/analytics/server/src/routes/admin.ts) and what they answer. */
import * as React from 'react';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

export interface Totals {
  views: number;
  watchHours: number;
  averageViewSeconds: number;
  uniqueViewers: number;
  followersGained: number | null;
}
export interface SeriesPoint {
  start: string;
  views: number;
  watchHours: number;
  averageViewSeconds: number;
}
export interface Share {
  name: string;
  views: number;
  share: number;
}
export interface TopVideo {
  documentId: string;
  title: string;
  views: number;
  watchHours: number;
  averageViewSeconds: number;
}
export interface Period {
  from: string;
  to: string;
  days: number;
}
export interface Overview {
  channel: { documentId: string; name: string } | null;
  range: Period;
  totals: Totals;
  previous: Totals;
  series: SeriesPoint[];
  followers: Array<{ day: string; gained: number }> | null;
  sources: Share[];
  referrers: Share[];
  devices: Share[];
  countries: Share[];
  topVideos: TopVideo[];
}
export interface Realtime {
  hours: SeriesPoint[];
  views: number;
}
export interface QualityRow {
  sessions: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  rebufferingRatio: number | null;
  errorRate: number | null;
}
export interface VideoReport {
  video: { documentId: string; title: string; durationSeconds: number | null };
  range: Period;
  totals: Totals;
  series: SeriesPoint[];
  retention: {
    curve: Array<{ from: number; to: number; share: number }>;
    plays: number;
    averageViewSeconds: number;
    drops: Array<{ at: number; label: string; drop: number }>;
  };
  sources: Share[];
  referrers: Share[];
  quality: { overall: QualityRow; byBrowser: Array<{ browser: string } & QualityRow> };
}
export interface Scope {
  all: boolean;
  channel: string | null;
  channels: Array<{ documentId: string; name: string }>;
}

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
