/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it receives, parsed, so tests can
 * read the mail a viewer would get: the CMS sends to it exactly as it sends to a production relay.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CaughtMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  headers: Record<string, string>;
};

export type MailCatcher = {
  host: string;
  port: number;
  /** The environment a CMS needs to send here. */
  env: Record<string, string>;
  messages: CaughtMail[];
  /** Resolves with the first message to `address` (case-insensitive) whose subject matches, waiting for it to arrive. */
  waitFor(address: string, subject?: RegExp, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
};

const LINK = /https?:\/\/[^\s"'<>]+/g;

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to]
            .flat()
            .flatMap((field) => field?.value ?? [])
            .map((entry) => (entry.address ?? '').toLowerCase());
          const text = parsed.text ?? '';
          const html = typeof parsed.html === 'string' ? parsed.html : '';
          const links = [
            ...new Set(
              [...text.matchAll(LINK), ...html.matchAll(LINK)].map((match) => match[0].replace(/&amp;/g, '&')),
            ),
          ];
          // as sent (mailparser folds List-* headers into one structured value)
          const headers: Record<string, string> = {};
          for (const { key, line } of parsed.headerLines)
            headers[key] = line
              .slice(line.indexOf(':') + 1)
              .replace(/\r?\n\s+/g, ' ')
              .trim();
          messages.push({
            to,
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text,
            html,
            links,
            headers,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const find = (address: string, subject?: RegExp) =>
    messages.find(
      (message) => message.to.includes(address.toLowerCase()) && (!subject || subject.test(message.subject)),
    );

  return {
    host: '127.0.0.1',
    port,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_IGNORE_TLS: 'true' },
    messages,
    async waitFor(address, subject, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(address, subject);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) {
          const seen = messages.map((message) => `${message.to.join(',')}: ${message.subject}`).join('; ') || 'none';
          throw new Error(
            `no mail to ${address}${subject ? ` matching ${subject}` : ''} within ${timeoutMs} ms (received: ${seen})`,
          );
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
