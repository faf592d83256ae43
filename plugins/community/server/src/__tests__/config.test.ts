import config from '../config';

const valid = { blockedWords: [], linkMinAccountDays: 3, videoReportsToHold: 5 };

test('the moderation settings default to no extra words, 3 days and 5 reports; a bad value stops the boot naming it', () => {
  expect(config.default).toEqual(valid);
  expect(() => config.validator({ ...valid, blockedWords: ['spam'], linkMinAccountDays: 0 })).not.toThrow();
  expect(() => config.validator({ ...valid, linkMinAccountDays: Number('soon') })).toThrow(
    /COMMENT_LINK_MIN_ACCOUNT_DAYS must be a number of days/,
  );
  expect(() => config.validator({ ...valid, linkMinAccountDays: -1 })).toThrow(/COMMENT_LINK_MIN_ACCOUNT_DAYS/);
  expect(() => config.validator({ ...valid, videoReportsToHold: 1 })).not.toThrow();
  for (const bad of [0, 2.5, Number('many')])
    expect(() => config.validator({ ...valid, videoReportsToHold: bad })).toThrow(
      /VIDEO_REPORTS_TO_HOLD must be a whole number, 1 or more/,
    );
});
