/** The plugin's routers, as Strapi's own plugins join them: admin routes only. */
import admin from './admin';

export default { admin };
