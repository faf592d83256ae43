/** The plugin's routers, as Strapi's own plugins join them. No admin routes. */
import contentApi from './content-api';

export default { 'content-api': contentApi };
