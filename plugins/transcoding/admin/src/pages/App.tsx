import { Box, Tabs } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { HelpLink } from '@framecast/plugin-onboarding/admin/help-link';
import { useT } from '../hooks/useT';
import { useTranscodingPermissions } from '../hooks/usePermissions';
import { PLUGIN_ID } from '../pluginId';
import { QueueTab } from './QueueTab';
import { UploadTab } from './UploadTab';

type Tab = 'upload' | 'queue';

const BASE = `/plugins/${PLUGIN_ID}`;
const PATHS: Record<Tab, string> = { upload: BASE, queue: `${BASE}/queue` };

/** The plugin page: two tabs, each with its own URL (/plugins/transcoding and /plugins/transcoding/queue). */
const TranscodingPage = ({ tab }: { tab: Tab }) => {
  const t = useT();
  const navigate = useNavigate();
  const { isLoading, canUpload, canRead, canRetry } = useTranscodingPermissions();

  if (isLoading) return <Page.Loading />;
  if (!canUpload && !canRead) return <Page.NoPermissions />;
  if (tab === 'upload' && !canUpload && canRead) return <Navigate to={PATHS.queue} replace />;
  if (tab === 'queue' && !canRead) return <Navigate to={PATHS.upload} replace />;

  return (
    <Page.Main>
      <Page.Title>{t('page.title')}</Page.Title>
      <Layouts.Header
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        secondaryAction={<HelpLink guide={tab === 'queue' ? 'queue' : 'upload'} />}
      />
      <Layouts.Content>
        <Tabs.Root value={tab} onValueChange={(value) => navigate(PATHS[value as Tab])} variant="simple">
          <Tabs.List aria-label={t('tabs.label')}>
            {canUpload ? <Tabs.Trigger value="upload">{t('tabs.upload')}</Tabs.Trigger> : null}
            {canRead ? <Tabs.Trigger value="queue">{t('tabs.queue')}</Tabs.Trigger> : null}
          </Tabs.List>
          <Box paddingTop={6}>
            <Tabs.Content value="upload">{tab === 'upload' ? <UploadTab canUpload={canUpload} /> : null}</Tabs.Content>
            <Tabs.Content value="queue">{tab === 'queue' ? <QueueTab canRetry={canRetry} /> : null}</Tabs.Content>
          </Box>
        </Tabs.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export const App = () => {
  const location = useLocation();
  return (
    <Routes location={location}>
      <Route index element={<TranscodingPage tab="upload" />} />
      <Route path="queue" element={<TranscodingPage tab="queue" />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  );
};

export default App;
