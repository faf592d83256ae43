import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { OverviewPage } from './OverviewPage';
import { VideoPage } from './VideoPage';

/** /plugins/analytics (the channel, or for staff the platform) and /plugins/analytics/videos/:documentId. */
export const App = () => (
  <Routes>
    <Route index element={<OverviewPage />} />
    <Route path="videos/:documentId" element={<VideoPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
