import { Typography } from '@strapi/design-system';
import { VIDEO_UID, scheduleLine, type ScheduledVideo } from '../utils/schedule';

interface Header {
  name: string;
  label: string;
  attribute: { type: string };
  searchable: boolean;
  sortable: boolean;
  cellFormatter?: (row: ScheduledVideo) => React.ReactNode;
}

/**
 * The content manager's list view hook (`Admin/CM/pages/ListView/inject-column-in-table`): on the videos list only, a
 * "Schedule" column saying when each scheduled video publishes (or unpublishes), in the admin user's time zone.
 */
export function scheduleColumn<Args extends { displayedHeaders: Header[] }>(args: Args): Args {
  // the hook's arguments do not name the content type; the list view's address does
  if (!window.location.pathname.includes(`/collection-types/${VIDEO_UID}`)) return args;
  return {
    ...args,
    displayedHeaders: [
      ...args.displayedHeaders,
      {
        name: 'scheduledAt',
        label: 'Schedule',
        attribute: { type: 'datetime' },
        searchable: false,
        sortable: true,
        cellFormatter: (row: ScheduledVideo) => {
          const line = scheduleLine(row);
          return line ? (
            <Typography textColor="neutral800">{line}</Typography>
          ) : (
            <Typography textColor="neutral500">—</Typography>
          );
        },
      },
    ],
  };
}
