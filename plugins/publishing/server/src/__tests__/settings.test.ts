/** The settings as cms/config/plugins.ts reads them from the environment, and as the plugin checks them. */
import { envFrom } from '../../../../../tests/support/plugin-settings';
import pluginsConfig from '../../../../../cms/config/plugins';
import { parsePublishingSettings, type PublishingSettings } from '../config';

const publishing = (values: Record<string, string>) =>
  parsePublishingSettings(
    (pluginsConfig({ env: envFrom(values) } as never) as unknown as { publishing: { config: unknown } }).publishing
      .config,
  );

it('defaults to a timer that looks every 5 s, and BullMQ with REDIS_URL', () => {
  expect(publishing({})).toEqual<PublishingSettings>({
    pollSeconds: 5,
    redisUrl: null,
    queuePrefix: 'framecast',
    maxAttempts: 5,
  });
  expect(
    publishing({ REDIS_URL: 'redis://cache:6379', QUEUE_PREFIX: 'fc', PUBLISHING_POLL_SECONDS: '0.5' }),
  ).toMatchObject({ redisUrl: 'redis://cache:6379', queuePrefix: 'fc', pollSeconds: 0.5 });
});

it('refuses a bad value with the field named', () => {
  expect(() => publishing({ PUBLISHING_POLL_SECONDS: 'soon' })).toThrow(/Invalid publishing settings: pollSeconds/);
  expect(() => parsePublishingSettings({ redisUrl: 'http://cache' })).toThrow(/redisUrl: must start with redis:\/\//);
  expect(() => parsePublishingSettings({ every: 3 })).toThrow(/every: no such setting/);
});
