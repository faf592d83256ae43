/** The plugin's routers, as Strapi's own plugins join them: premieres for viewers, the bulk edit for the admin. */
import admin from './admin';
import contentApi from './content-api';

export default { admin, 'content-api': contentApi };
