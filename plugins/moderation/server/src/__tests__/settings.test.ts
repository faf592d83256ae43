/** The settings as cms/config/plugins.ts reads them from the environment, and as the plugin checks them. */
import { pluginConfigFrom } from '../../../../../tests/support/plugin-settings';
import { parseModerationSettings, type ModerationSettings } from '../config';

const moderation = (values: Record<string, string>) => parseModerationSettings(pluginConfigFrom('moderation', values));

it('holds nobody by default; first N or all when asked', () => {
  expect(moderation({})).toEqual<ModerationSettings>({ premoderation: 'none', premoderationFirst: 3 });
  expect(moderation({ PREMODERATION_POLICY: 'first', PREMODERATION_FIRST_VIDEOS: '5' })).toEqual({
    premoderation: 'first',
    premoderationFirst: 5,
  });
  expect(moderation({ PREMODERATION_POLICY: 'all' }).premoderation).toBe('all');
});

it('refuses what it cannot use, naming the field', () => {
  expect(() => moderation({ PREMODERATION_POLICY: 'some' })).toThrow(
    'Invalid moderation settings: premoderation: must be none, first or all',
  );
  expect(() => moderation({ PREMODERATION_FIRST_VIDEOS: '0' })).toThrow('premoderationFirst: must be 1 or more');
  expect(() => moderation({ PREMODERATION_FIRST_VIDEOS: '2.5' })).toThrow('premoderationFirst: must be a whole number');
  expect(() => parseModerationSettings({ holdAll: true })).toThrow('holdAll: no such setting');
});
