import { LinkButton } from '@strapi/design-system';
import { PresentationChart } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { PLUGIN_ID } from '../pluginId';

interface PanelProps {
  model: string;
  documentId?: string;
}

const READ = [{ action: 'plugin::analytics.read', subject: null }];

/** The video edit view's side panel: a way to this video's analytics. */
export const VideoAnalyticsPanel = ({ model, documentId }: PanelProps) => {
  const { allowedActions } = useRBAC(READ);
  if (model !== 'api::video.video' || !documentId || !allowedActions.canRead) return null;
  return {
    title: 'Analytics',
    content: (
      <LinkButton
        tag={NavLink}
        to={`/plugins/${PLUGIN_ID}/videos/${documentId}`}
        variant="secondary"
        startIcon={<PresentationChart />}
        fullWidth
      >
        Retention, sources and quality
      </LinkButton>
    ),
  };
};
