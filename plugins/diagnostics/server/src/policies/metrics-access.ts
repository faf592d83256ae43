/** Who may read GET /metrics: `@framecast/contracts` `metricsAccess`, the rule the worker's /metrics follows too. */
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import createError from 'http-errors';
import { metricsAccess } from '@framecast/contracts';
import { getSettings } from '../utils';

export default (policyContext: Context, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const { metricsToken, production } = getSettings(strapi);
  const access = metricsAccess({
    token: metricsToken,
    production,
    authorization: policyContext.request.headers.authorization,
    remoteAddress: policyContext.req.socket.remoteAddress,
  });
  if (access.allowed) return true;
  throw createError(access.status, access.message, { details: {} });
};
