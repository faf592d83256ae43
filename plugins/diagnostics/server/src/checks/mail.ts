/**
 * Mail: the SMTP relay accepts this host (greeting, TLS, sign-in: nodemailer's `verify`, which sends nothing), or the
 * local outbox folder is writable. Read from the email plugin's provider, as the accounts plugin set it.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { getSettings } from '../utils';
import type { Check } from './types';

type SmtpOptions = { host: string; port?: number; secure?: boolean; auth?: { user?: string } };
type OutboxTransport = { dir: string; send: unknown };

const TIMEOUT_MS = 5000;

const mail: Check = {
  name: 'mail',
  verifies:
    'mail can leave: the SMTP relay accepts a connection and the sign-in, or the local outbox folder is writable',
  readiness: false,
  async run(strapi) {
    const options = strapi.config.get('plugin::email.providerOptions') as SmtpOptions | OutboxTransport | undefined;
    if (options && 'dir' in options && typeof options.send === 'function') {
      const probe = path.join(options.dir, `.framecast-diagnostics-${process.pid}-${Date.now()}`);
      try {
        await mkdir(options.dir, { recursive: true });
        await writeFile(probe, 'probe');
        await rm(probe, { force: true });
      } catch (error) {
        return {
          status: 'fail',
          detail: `outbox at ${options.dir}: ${error instanceof Error ? error.message : String(error)}`,
          fix: `Make ${options.dir} writable (or point MAIL_OUTBOX_DIR elsewhere), or set SMTP_HOST to send mail.`,
        };
      }
      const detail = `outbox at ${options.dir}: writable; mails are written there, not sent`;
      if (!getSettings(strapi).production) return { status: 'ok', detail };
      return {
        status: 'warn',
        detail,
        fix: 'Set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASS) so confirmation and reset mails reach viewers.',
      };
    }
    if (!options || !('host' in options) || !options.host)
      return { status: 'skip', detail: 'no mail provider is set (the accounts plugin sets one)' };

    const where = `SMTP ${options.host}:${options.port ?? 587}`;
    const transport = nodemailer.createTransport({
      ...options,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.verify();
      return {
        status: 'ok',
        detail: `${where}: accepts a connection${options.auth?.user ? ' and the sign-in' : ''}`,
      };
    } catch (error) {
      return {
        status: 'fail',
        detail: `${where}: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'Check SMTP_HOST and SMTP_PORT (SMTP_SECURE=true for port 465), SMTP_USER and SMTP_PASS, and that the relay accepts mail from this host.',
      };
    } finally {
      transport.close();
    }
  },
};

export default mail;
