import config from '../config';

test('the moderation settings default to no extra words and 3 days, and a bad link age stops the boot naming it', () => {
  expect(config.default).toEqual({ blockedWords: [], linkMinAccountDays: 3 });
  expect(() => config.validator({ blockedWords: ['spam'], linkMinAccountDays: 0 })).not.toThrow();
  expect(() => config.validator({ blockedWords: [], linkMinAccountDays: Number('soon') })).toThrow(
    /COMMENT_LINK_MIN_ACCOUNT_DAYS must be a number of days/,
  );
  expect(() => config.validator({ blockedWords: [], linkMinAccountDays: -1 })).toThrow(/COMMENT_LINK_MIN_ACCOUNT_DAYS/);
});
