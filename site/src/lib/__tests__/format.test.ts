import {
  formatDuration,
  formatRelativeDate,
  formatViews,
  formatViewsFull,
  isoDuration,
  spokenDuration,
} from '../format';

describe('durations', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [65, '1:05'],
    [185.4, '3:05'],
    ['599.9', '9:59'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [36000, '10:00:00'],
  ])('%p seconds -> %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('has nothing to say about a missing or broken duration', () => {
    expect(formatDuration(null)).toBeUndefined();
    expect(formatDuration(undefined)).toBeUndefined();
    expect(formatDuration('abc')).toBeUndefined();
    expect(formatDuration(-3)).toBeUndefined();
  });

  it('has ISO 8601 and spoken forms', () => {
    expect(isoDuration(3725)).toBe('PT1H2M5S');
    expect(isoDuration(60)).toBe('PT1M');
    expect(isoDuration(0)).toBe('PT0S');
    expect(spokenDuration(3725)).toBe('1 hour 2 minutes 5 seconds');
    expect(spokenDuration(61)).toBe('1 minute 1 second');
  });
});

describe('view counts', () => {
  it('accepts bigintegers sent as strings', () => {
    expect(formatViews('1234')).toBe('1.2K views');
    expect(formatViews('9876543210')).toBe('9.9B views');
    expect(formatViews(1)).toBe('1 view');
    expect(formatViews(null)).toBe('0 views');
    expect(formatViewsFull('1234567')).toBe('1,234,567 views');
  });
});

describe('relative dates', () => {
  const now = Date.parse('2025-06-15T12:00:00Z');
  it.each([
    ['2025-06-15T11:59:30Z', 'just now'],
    ['2025-06-15T11:00:00Z', '1 hour ago'],
    ['2025-06-14T12:00:00Z', 'yesterday'],
    ['2025-06-10T12:00:00Z', '5 days ago'],
    ['2025-04-01T12:00:00Z', '2 months ago'],
    ['2023-06-01T12:00:00Z', '2 years ago'],
  ])('%s -> %s', (date, expected) => {
    expect(formatRelativeDate(date, now)).toBe(expected);
  });

  it('ignores missing and invalid dates', () => {
    expect(formatRelativeDate(null, now)).toBeUndefined();
    expect(formatRelativeDate('not a date', now)).toBeUndefined();
  });
});
