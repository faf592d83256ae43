/**
 * The services of the plugins community may call (plugins/README.md: accounts and discovery), typed by what community
 * uses of them: their packages are not dependencies of this one.
 */
import type { Core } from '@strapi/strapi';
import type { SearchVideoCard } from '@framecast/contracts';

type AccountsServices = {
  profiles: {
    displayName(userId: number): Promise<string | null>;
    shownAsFollowers(userIds: number[]): Promise<Map<number, string>>;
  };
  'notification-mail': {
    send(
      mails: Array<{ recipient: number; kind: 'new-video' | 'reply'; text: string; video?: string }>,
    ): Promise<number>;
  };
};

type DiscoveryServices = {
  documents: {
    query(
      filters: Record<string, unknown>,
      sort: string | string[],
      start: number,
      limit: number,
    ): Promise<{ documents: Array<{ card: SearchVideoCard }>; total: number }>;
  };
  indexer: { schedule(ids: string[]): void };
};

export const accountsService = <K extends keyof AccountsServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('accounts').service(name) as AccountsServices[K];

export const discoveryService = <K extends keyof DiscoveryServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('discovery').service(name) as DiscoveryServices[K];
