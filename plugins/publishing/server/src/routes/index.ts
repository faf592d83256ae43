/** The plugin's routers, as Strapi's own plugins join them: premieres for viewers (the schedule has no routes). */
import contentApi from './content-api';

export default { 'content-api': contentApi };
