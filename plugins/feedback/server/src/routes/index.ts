/** The plugin's routers, as Strapi's own plugins join them. */
import admin from './admin';
import contentApi from './content-api';

export default { admin, 'content-api': contentApi };
