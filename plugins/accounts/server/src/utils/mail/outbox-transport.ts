/**
 * A nodemailer transport for machines without an SMTP relay: each mail becomes an .eml file in the outbox folder and
 * its links are logged, so a developer can confirm an account or reset a password without a mail server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Envelope = { from?: string; to?: string[] };
type OutgoingMail = {
  data: { subject?: string; text?: string; html?: string };
  message: {
    getEnvelope(): Envelope;
    messageId(): string;
    build(callback: (error: Error | null, raw: Buffer) => void): void;
  };
};

export function outboxTransport(dir: string, log: (line: string) => void) {
  return {
    name: 'framecast-outbox',
    version: '1',
    /** Where mails go (the diagnostics' mail check tries writing here). */
    dir,
    send(mail: OutgoingMail, callback: (error: Error | null, info?: unknown) => void) {
      mail.message.build((error, raw) => {
        if (error) return callback(error);
        try {
          mkdirSync(dir, { recursive: true });
          const envelope = mail.message.getEnvelope();
          const file = path.join(
            dir,
            `${new Date().toISOString().replace(/[:.]/g, '-')}-${(envelope.to ?? []).join('_').replace(/[^\w@.-]/g, '')}.eml`,
          );
          writeFileSync(file, raw);
          const links = [
            ...new Set(`${mail.data.text ?? ''} ${mail.data.html ?? ''}`.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
          ];
          log(
            `mail to ${(envelope.to ?? []).join(', ')} "${mail.data.subject ?? ''}" written to ${file}${links.length ? `; link: ${links.join(' ')}` : ''}`,
          );
          callback(null, { envelope, messageId: mail.message.messageId(), file });
        } catch (writeError) {
          callback(writeError as Error);
        }
      });
    },
  };
}
