/**
 * Addresses no mail can reach: under the reserved `.invalid` top-level domain (RFC 6761), which the diagnostics
 * plugin's throwaway viewers use. Mail only to such addresses is not handed to the relay (no bounce to hurt the
 * sender's standing, no file in the outbox), only logged; an account there could never have been confirmed by mail, so
 * nothing is lost.
 */
type MailOptions = { to?: unknown; cc?: unknown; bcc?: unknown } & Record<string, unknown>;
export type MailProvider = { send(options: MailOptions): Promise<unknown> };

export function isUndeliverable(address: string): boolean {
  const bare = /<([^>]*)>\s*$/.exec(address)?.[1] ?? address;
  return /\.invalid\.?$/i.test(bare.trim());
}

function addressesOf(field: unknown): string[] {
  if (typeof field === 'string')
    return field
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  if (Array.isArray(field)) return field.flatMap(addressesOf);
  if (field && typeof field === 'object' && typeof (field as { address?: unknown }).address === 'string')
    return [(field as { address: string }).address];
  return [];
}

/** Wraps the email plugin's provider: a mail whose every recipient is undeliverable is logged instead of sent. */
export function skipUndeliverable(provider: MailProvider, log: (line: string) => void): void {
  const send = provider.send.bind(provider);
  provider.send = async (options) => {
    const recipients = [...addressesOf(options.to), ...addressesOf(options.cc), ...addressesOf(options.bcc)];
    if (recipients.length > 0 && recipients.every(isUndeliverable)) {
      log(`mail to ${recipients.join(', ')} not sent: a .invalid address cannot receive mail`);
      return { skipped: true };
    }
    return send(options);
  };
}
