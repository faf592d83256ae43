import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useDownload } from '../utils/api';

/** Downloads one table as CSV (the same numbers, the same period). */
export function ExportButton({ path, name }: { path: string; name: string }) {
  const download = useDownload();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  return (
    <Button
      variant="tertiary"
      size="S"
      startIcon={<Download />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await download(path, name);
        } catch (error) {
          toggleNotification({ type: 'danger', message: (error as Error).message });
        } finally {
          setBusy(false);
        }
      }}
    >
      Export CSV
    </Button>
  );
}
