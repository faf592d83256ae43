/** The plugin's routers, as Strapi's own plugins join them: admin routes only (viewers report through community). */
import admin from './admin';

export default { admin };
