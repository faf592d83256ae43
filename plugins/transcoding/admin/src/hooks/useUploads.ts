import * as React from 'react';
import type { UploadItem, UploadQueue } from '../uploads/uploadQueue';

/** The rows of an upload queue, re-rendered on every change. */
export function useUploads(queue: UploadQueue): UploadItem[] {
  return React.useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}

/** Asks the browser to confirm leaving the page while bytes are still being sent. */
export function useWarnBeforeUnload(queue: UploadQueue) {
  const items = useUploads(queue);
  const busy = items.length > 0 && queue.busy;
  React.useEffect(() => {
    if (!busy) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // older browsers need returnValue set; the text itself is never shown
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [busy]);
}
