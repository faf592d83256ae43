/**
 * The transcoding plugin's admin: the "Videos: upload & queue" page and the processing panel of the video
 * edit view. Strapi's admin build finds this file through package.json `exports['./strapi-admin'].import`
 * and compiles it from source with the rest of the admin (vite).
 */
import { CloudUpload } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { VideoProcessingPanel } from './components/VideoProcessingPanel';
import { MENU_PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
}

/** Prefixes every key of a translation file with the plugin id. */
function prefixed(messages: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [getTranslation(key), value]));
}

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: CloudUpload,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Videos: upload & queue' },
      permissions: MENU_PERMISSIONS,
      Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager');
    const apis = contentManager?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([VideoProcessingPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          return { data: prefixed(data), locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
