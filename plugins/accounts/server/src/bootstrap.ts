/**
 * Viewer accounts need a confirmed email and link to the site: users-permissions' advanced settings and mail templates
 * are set from the environment at every boot (templates only while no admin has rewritten them). Access tokens of a
 * signed-out session are refused from then on, not only once they expire. Mail to a `.invalid` address is never sent.
 */
import type { Core } from '@strapi/strapi';
import { getSettings } from './utils';
import { TEMPLATE_MARKER, confirmationTemplate, resetPasswordTemplate } from './utils/mail/templates';
import { skipUndeliverable, type MailProvider } from './utils/mail/undeliverable';

type TemplateOptions = {
  from: { name: string; email: string };
  response_email: string;
  object: string;
  message: string;
};
type EmailTemplates = Record<
  'email_confirmation' | 'reset_password',
  { options: TemplateOptions } & Record<string, unknown>
>;

const DEFAULT_MESSAGE_MARKERS = ['<p>Thank you for registering!</p>', '<p>We heard that you lost your password.'];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = getSettings(strapi);
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });

  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  await store.set({
    key: 'advanced',
    value: {
      ...advanced,
      unique_email: true,
      allow_register: true,
      email_confirmation: true,
      email_confirmation_redirection: `${config.siteUrl}/account/confirmed`,
      email_reset_password: `${config.siteUrl}/account/reset`,
    },
  });

  const templates = (await store.get({ key: 'email' })) as EmailTemplates | null;
  if (templates) {
    const from = (strapi.config.get('plugin::email.settings.defaultFrom') as string) ?? '';
    const match = /^(.*?)\s*<([^>]+)>$/.exec(from);
    const sender = match ? { name: match[1]!, email: match[2]! } : { name: 'Framecast', email: from };
    const ours = (message: string) =>
      message.startsWith(TEMPLATE_MARKER) || DEFAULT_MESSAGE_MARKERS.some((marker) => message.includes(marker));
    for (const [key, template] of [
      ['email_confirmation', confirmationTemplate(config.siteUrl)],
      ['reset_password', resetPasswordTemplate()],
    ] as const) {
      const current = templates[key].options;
      if (ours(current.message))
        templates[key].options = { ...current, ...template, from: sender, response_email: sender.email };
    }
    await store.set({ key: 'email', value: templates });
  }

  // the email plugin made its provider in its own bootstrap, which runs before this one (core plugins first)
  const email = strapi.plugin('email') as unknown as { provider?: MailProvider } | undefined;
  if (!email?.provider) throw new Error('[accounts] the email plugin has no provider: check the Strapi version');
  skipUndeliverable(email.provider, (line) => strapi.log.info(`[accounts] ${line}`));

  // users-permissions checks an access token's signature and expiry only: also require its session to be alive
  const jwt = strapi.plugin('users-permissions').service('jwt') as {
    verify(token: string): Promise<{ id: number; sessionId?: string }>;
  };
  const verify = jwt.verify.bind(jwt);
  jwt.verify = async (token: string) => {
    const payload = await verify(token);
    if (strapi.config.get('plugin::users-permissions.jwtManagement') === 'refresh') {
      if (
        !payload.sessionId ||
        !(await strapi.sessionManager('users-permissions').isSessionActive(payload.sessionId))
      ) {
        throw new Error('Invalid token.');
      }
    }
    return payload;
  };
};
