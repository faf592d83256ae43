/**
 * The analytics plugin's admin: the Analytics page (a creator's channel; staff: any channel and the platform), one
 * video's page (also linked from the video edit view), and two home page widgets. Strapi's admin build finds this
 * file through package.json `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { ChartPie, PresentationChart } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { VideoAnalyticsPanel } from './components/VideoAnalyticsPanel';
import { PLUGIN_ID } from './pluginId';

const READ = [{ action: 'plugin::analytics.read', subject: null }];

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PresentationChart,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Analytics' },
      permissions: READ,
      Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    });
    app.widgets.register([
      {
        id: 'channel',
        pluginId: PLUGIN_ID,
        icon: PresentationChart,
        title: { id: `${PLUGIN_ID}.widget.channel`, defaultMessage: 'Your audience: last 28 days' },
        link: {
          label: { id: `${PLUGIN_ID}.widget.open`, defaultMessage: 'Open analytics' },
          href: `/plugins/${PLUGIN_ID}`,
        },
        component: () => import('./widgets/ChannelWidget').then((mod) => mod.ChannelWidget),
        permissions: READ,
      },
      {
        id: 'top-videos',
        pluginId: PLUGIN_ID,
        icon: ChartPie,
        title: { id: `${PLUGIN_ID}.widget.top`, defaultMessage: 'Top videos: last 28 days' },
        link: {
          label: { id: `${PLUGIN_ID}.widget.open`, defaultMessage: 'Open analytics' },
          href: `/plugins/${PLUGIN_ID}`,
        },
        component: () => import('./widgets/ChannelWidget').then((mod) => mod.TopVideosWidget),
        permissions: READ,
      },
    ]);
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager')?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([VideoAnalyticsPanel]);
  },
};
