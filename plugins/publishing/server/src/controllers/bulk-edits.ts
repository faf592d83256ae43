import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import type { Asker } from '../services/bulk-edits';
import { parseBulkEdit } from '../validation/bulk-edit';

type AdminState = {
  user: { id: number; firstname?: string | null; lastname?: string | null; email?: string };
  userAbility: Asker['ability'];
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /publishing/videos/bulk { documentIds, change, preview } */
  async run(ctx: Context) {
    const { documentIds, change, preview, offset } = parseBulkEdit((ctx.request as unknown as { body?: unknown }).body);
    const { user, userAbility } = ctx.state as AdminState;
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || `#${user.id}`;
    ctx.body = await getService(strapi, 'bulk-edits').run(
      { id: user.id, name, ability: userAbility },
      documentIds,
      change,
      preview,
      offset,
    );
  },
});
