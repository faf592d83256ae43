import { BulkEditForm } from './BulkEditForm';
import { VIDEO_UID } from '../utils/schedule';

interface BulkActionProps {
  model: string;
  documents: Array<{ documentId: string }>;
}

/**
 * The videos list's bulk action (Strapi's `addBulkAction`): "Edit selected" opens a form, a preview of what changes on
 * each video (and what would be refused, and why), then applies it five videos at a time with a progress bar and a
 * result per video. The server (plugins/publishing, POST /publishing/videos/bulk) applies every rule a single edit meets.
 */
export const BulkEditAction = ({ model, documents }: BulkActionProps) => {
  if (model !== VIDEO_UID) return null;
  const ids = documents.map((document) => document.documentId);
  return {
    label: 'Edit selected',
    variant: 'secondary' as const,
    dialog: {
      type: 'modal' as const,
      title: `Edit ${ids.length} ${ids.length === 1 ? 'video' : 'videos'}`,
      content: ({ onClose }: { onClose: () => void }) => (
        // the list shows the new values after a reload
        <BulkEditForm ids={ids} onClose={onClose} onApplied={() => window.location.reload()} />
      ),
    },
  };
};
BulkEditAction.type = 'publishing-bulk-edit';
