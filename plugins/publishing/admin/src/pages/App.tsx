import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { InboxPage } from './InboxPage';

/** The plugin's page: /plugins/publishing is the upload inbox. */
export const App = () => (
  <Routes>
    <Route index element={<InboxPage />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

export default App;
