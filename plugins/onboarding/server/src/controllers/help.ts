import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ADMIN_HELP_GUIDES, type AdminHelpLinks } from '@framecast/contracts';
import type { OnboardingConfig } from '../config';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Where each admin page's help icon leads: the help center's guide on the site (null: no site address set). */
  links(ctx: Context) {
    const { siteUrl } = strapi.config.get('plugin::onboarding') as OnboardingConfig;
    const links: AdminHelpLinks = siteUrl
      ? (Object.fromEntries(
          Object.entries(ADMIN_HELP_GUIDES).map(([guide, path]) => [guide, `${siteUrl}${path}`]),
        ) as Record<keyof typeof ADMIN_HELP_GUIDES, string>)
      : null;
    ctx.body = { data: links };
  },
});
