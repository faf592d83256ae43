import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { LogPage } from './LogPage';
import { QueuePage } from './QueuePage';

/** /plugins/moderation (the review queue) and /plugins/moderation/log (the moderation log). */
export const App = () => (
  <Routes>
    <Route index element={<QueuePage />} />
    <Route path="log" element={<LogPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
