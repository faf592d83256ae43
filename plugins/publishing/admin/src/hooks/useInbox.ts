/** The upload inbox's route (plugins/publishing/server/src/routes/admin.ts), loaded and reloaded. */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { InboxPage } from '@framecast/contracts';

export const INBOX_API = '/publishing/inbox';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/** GETs `path` when it changes and when `reload` is called; keeps showing the last answer while a reload runs. */
export function useInbox(path: string): Loaded<InboxPage> & { reload: () => void } {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<Loaded<InboxPage>>({ status: 'loading' });
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    const controller = new AbortController();
    get<InboxPage>(path, { signal: controller.signal })
      .then((response) => setState({ status: 'ready', data: response.data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
          'The inbox could not be loaded.';
        setState({ status: 'error', message });
      });
    return () => controller.abort();
  }, [get, path, attempt]);
  return { ...state, reload: React.useCallback(() => setAttempt((n) => n + 1), []) };
}
