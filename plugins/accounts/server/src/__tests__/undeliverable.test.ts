import { isUndeliverable, skipUndeliverable } from '../utils/mail/undeliverable';

test('addresses under .invalid are undeliverable, in any form; others are not', () => {
  for (const address of ['a@framecast-diagnostics.invalid', 'Someone <a@x.INVALID>', 'a@x.invalid.'])
    expect({ address, undeliverable: isUndeliverable(address) }).toEqual({ address, undeliverable: true });
  for (const address of ['a@example.org', 'a@invalid.example.org', 'Name <a@example.invalidx>'])
    expect({ address, undeliverable: isUndeliverable(address) }).toEqual({ address, undeliverable: false });
});

test('a mail only to undeliverable addresses is not sent; any other recipient and it is', async () => {
  const sent: unknown[] = [];
  const logged: string[] = [];
  const provider = {
    send: async (options: Record<string, unknown>) => {
      sent.push(options.to);
      return { ok: true };
    },
  };
  skipUndeliverable(provider, (line) => logged.push(line));
  expect(await provider.send({ to: 'viewer@framecast-diagnostics.invalid', subject: 'Confirm' })).toEqual({
    skipped: true,
  });
  expect(logged).toEqual([
    'mail to viewer@framecast-diagnostics.invalid not sent: a .invalid address cannot receive mail',
  ]);
  await provider.send({ to: 'viewer@framecast-diagnostics.invalid', bcc: 'audit@example.org' });
  await provider.send({ to: ['someone@example.org'] });
  expect(sent).toEqual(['viewer@framecast-diagnostics.invalid', ['someone@example.org']]);
});
