import type { Core } from '@strapi/strapi';
import { verifyReindexToken } from '../utils/reindex-token';

/** Lets `npm run reindex` in: a valid, unexpired token signed with this server's ADMIN_JWT_SECRET. */
export default (
  policyContext: { request: { header: Record<string, string | string[] | undefined> } },
  _config: unknown,
  { strapi }: { strapi: Core.Strapi },
) => {
  const header = policyContext.request.header.authorization;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
  return verifyReindexToken(strapi.config.get('admin.auth.secret', '') as string, token);
};
