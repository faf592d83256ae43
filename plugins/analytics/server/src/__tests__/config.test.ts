import config, { parseAnalyticsSettings } from '../config';
import { VIEW_RULE } from '@framecast/contracts';

describe('analytics settings', () => {
  it('has defaults: 30 days of raw events, the platform view rule, daily salts', () => {
    expect(parseAnalyticsSettings(undefined)).toEqual({
      rawRetentionDays: 30,
      viewThresholdSeconds: VIEW_RULE.minPlayedSeconds,
      heartbeatSeconds: 15,
      siteId: 'framecast',
      saltRotationHours: 24,
      ownHosts: [],
      rollupEverySeconds: 300,
      redisUrl: null,
      queuePrefix: 'framecast',
      trustedProxies: ['127.0.0.1', '::1'],
    });
    expect(() => config.validator(config.default)).not.toThrow();
  });

  it('refuses a bad value or an unknown setting, naming it', () => {
    expect(() => parseAnalyticsSettings({ rawRetentionDays: 0 })).toThrow(
      'Invalid analytics settings: rawRetentionDays: must be 1 or more',
    );
    expect(() => parseAnalyticsSettings({ rawRetentionDays: 1.5 })).toThrow('rawRetentionDays: must be a whole number');
    expect(() => parseAnalyticsSettings({ saltRotationHours: 5 })).toThrow('saltRotationHours: must divide a day');
    expect(() => parseAnalyticsSettings({ heartbeatSeconds: 1 })).toThrow('heartbeatSeconds: must be 5 or more');
    expect(() => parseAnalyticsSettings({ siteId: 'a b' })).toThrow('siteId: may hold');
    expect(() => config.validator({ retention: 3 })).toThrow('retention: no such setting');
  });
});
