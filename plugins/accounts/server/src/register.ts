/**
 * Puts the accounts rules in front of users-permissions' own routes (route middlewares, so its controllers stay as
 * they are) and points Strapi's email plugin at the SMTP relay, or at the local outbox when none is configured.
 */
import type { Core } from '@strapi/strapi';
import { accountsConfigFromEnv } from './config';
import { outboxTransport } from './mail/outbox-transport';

type RouteMiddleware = string | { name: string; config?: Record<string, unknown> };
type Route = { method: string; path: string; config?: { middlewares?: RouteMiddleware[] } };

/** Our guard first; users-permissions' per-process limit leaves the routes our limits count better. */
const GUARDS: { method: string; path: string; middleware: RouteMiddleware; replacesRateLimit?: boolean }[] = [
  { method: 'POST', path: '/auth/local', middleware: 'plugin::accounts.sign-in-guard', replacesRateLimit: true },
  { method: 'POST', path: '/auth/local/register', middleware: 'plugin::accounts.register-guard' },
  // reset codes are long random tokens; users-permissions' limit would count every viewer behind the site as one
  { method: 'POST', path: '/auth/reset-password', middleware: { name: 'plugin::accounts.password-guard', config: { action: 'reset' } }, replacesRateLimit: true },
  { method: 'POST', path: '/auth/change-password', middleware: { name: 'plugin::accounts.password-guard', config: { action: 'change' } }, replacesRateLimit: true },
  { method: 'GET', path: '/auth/email-confirmation', middleware: { name: 'plugin::accounts.account-events', config: { route: 'email-confirmation' } } },
  { method: 'POST', path: '/auth/send-email-confirmation', middleware: { name: 'plugin::accounts.account-events', config: { route: 'send-email-confirmation' } } },
  { method: 'POST', path: '/auth/forgot-password', middleware: { name: 'plugin::accounts.account-events', config: { route: 'forgot-password' } } },
  { method: 'POST', path: '/auth/logout', middleware: { name: 'plugin::accounts.account-events', config: { route: 'logout' } } },
];

function parseFrom(from: string): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1]!.replace(/^"|"$/g, ''), email: match[2]! } : { name: 'Framecast', email: from.trim() };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = accountsConfigFromEnv(process.env, strapi.dirs.app.root);
  strapi.config.set('plugin::accounts.settings', config);

  const routes = (strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: Route[] }>)['content-api']!.routes;
  for (const guard of GUARDS) {
    const route = routes.find((candidate) => candidate.method === guard.method && candidate.path === guard.path);
    if (!route) throw new Error(`[accounts] users-permissions has no ${guard.method} ${guard.path} route to guard: check the Strapi version`);
    route.config ??= {};
    const kept = (route.config.middlewares ?? []).filter((middleware) => !(guard.replacesRateLimit && middleware === 'plugin::users-permissions.rateLimit'));
    route.config.middlewares = [guard.middleware, ...kept];
  }

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
      : outboxTransport(config.outboxDir, (line) => strapi.log.info(`[accounts] ${line}`)),
    settings: { defaultFrom: `${from.name} <${from.email}>`, defaultReplyTo: from.email },
  });
};
