/**
 * The account audit trail: one row per security event of a viewer account, or of an admin's sign-in (moderators
 * browse them in the admin), and one structured log line. Only who, what, when and from where: never a password, a
 * token or a confirmation code.
 */
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { clientKey } from '@framecast/contracts';
import { getSettings } from '../utils';

export type AuditEvent =
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'lockout'
  | 'registered'
  | 'sign-up-existing-email'
  | 'email-confirmed'
  | 'password-reset-requested'
  | 'password-reset'
  | 'password-changed'
  | 'email-changed'
  | 'account-deleted';

export type AuditDetails = {
  /** Whose account: a viewer's (users-permissions, the default) or an admin panel user's; their ids are apart. */
  accountType?: 'viewer' | 'admin';
  user?: { id: number; username?: string } | null;
  /** What was typed to identify the account (normalized), for events where no account is known. */
  identifier?: string;
  reason?: string;
};

const clip = (value: string | undefined, max: number) => (value ? value.slice(0, max) : undefined);

const auditService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getSettings(strapi);
  return {
    /** The client's address as the limits count it: the viewer's, when the site forwarded it. */
    clientAddress(ctx: Context): string {
      return clientKey(
        ctx.req.socket.remoteAddress ?? '',
        ctx.get('x-forwarded-for') || undefined,
        config().trustedProxies,
      );
    },

    async record(event: AuditEvent, details: AuditDetails, ctx?: Context): Promise<void> {
      const entry = {
        accountType: details.accountType ?? 'viewer',
        event,
        userId: details.user?.id ?? null,
        username: clip(details.user?.username, 255) ?? null,
        identifier: clip(details.identifier, 255) ?? null,
        address: ctx ? clip(this.clientAddress(ctx), 64) : null,
        userAgent: ctx ? (clip(ctx.get('user-agent') || undefined, 255) ?? null) : null,
        reason: clip(details.reason, 64) ?? null,
      };
      strapi.log.info('account audit', entry);
      try {
        await strapi.db.query('plugin::accounts.audit-entry').create({ data: entry });
      } catch (error) {
        // the request the event belongs to must not fail because its audit row could not be written
        strapi.log.error('[accounts] could not write the audit entry', { event, error: (error as Error).message });
      }
    },
  };
};

export default auditService;
export type AuditService = ReturnType<typeof auditService>;
