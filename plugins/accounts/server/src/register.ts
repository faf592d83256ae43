/**
 * Puts the accounts rules in front of users-permissions' own routes (route middlewares, so its controllers stay as
 * they are), closes every other road to its auth and user controllers (REST routes and GraphQL operations), audits
 * the admin panel's sign-ins, and points Strapi's email plugin at the SMTP relay, or at the local outbox when none is
 * configured.
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { getSettings } from './utils';
import { outboxTransport } from './utils/mail/outbox-transport';
import { applyRoadDecisions, auditAdminSignIns, closeGraphqlRoads } from './utils/sign-in-roads';

function parseFrom(from: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match
    ? { name: match[1]!.replace(/^"|"$/g, ''), email: match[2]! }
    : { name: 'Framecast', email: from.trim() };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = getSettings(strapi);

  // when the reset link in the mail was issued (private): links older than PASSWORD_RESET_MINUTES are refused
  const user = strapi.contentType('plugin::users-permissions.user') as unknown as {
    attributes: Record<string, unknown>;
  };
  user.attributes.resetPasswordIssuedAt = { type: 'biginteger', private: true, configurable: false };

  applyRoadDecisions(strapi);
  closeGraphqlRoads(strapi);
  auditAdminSignIns(strapi);

  const from = parseFrom(config.mailFrom);
  strapi.config.set('plugin::email', {
    provider: 'nodemailer',
    providerOptions: config.smtp
      ? {
          host: config.smtp.host,
          port: config.smtp.port,
          secure: config.smtp.secure,
          ignoreTLS: config.smtp.ignoreTls,
          auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass } : undefined,
        }
      : outboxTransport(path.resolve(strapi.dirs.app.root, config.outboxDir), (line) =>
          strapi.log.info(`[accounts] ${line}`),
        ),
    settings: { defaultFrom: `${from.name} <${from.email}>`, defaultReplyTo: from.email },
  });
};
