/** The content manager's own permission checker for one model, as the admin routes of this plugin ask it. */
import type { Core } from '@strapi/strapi';

export type Ability = { can(action: string, subject?: unknown, field?: string): boolean };

export type Checker = {
  can: Record<string, (entity?: unknown, field?: string) => boolean>;
  sanitizedQuery: Record<string, (query: unknown) => Promise<Record<string, unknown>>>;
};

export function contentManagerChecker(strapi: Core.Strapi, ability: Ability, model: string): Checker {
  return (strapi.plugin('content-manager').service('permission-checker') as { create(input: unknown): Checker }).create(
    {
      userAbility: ability,
      model,
    },
  );
}
