import { countdownText, premiereTimeUtc } from '../premieres';

describe('a premiere’s time', () => {
  it('reads in UTC on the server', () => {
    expect(premiereTimeUtc('2026-12-08T18:05:00.000Z')).toBe('Tue, Dec 8, 18:05 UTC');
  });

  it('counts down in days, hours, minutes and seconds, and says nothing once due', () => {
    expect(countdownText(2 * 86_400_000 + 3 * 3_600_000)).toBe('2 days 3 h');
    expect(countdownText(86_400_000 + 1000)).toBe('1 day 0 h');
    expect(countdownText(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 05 min');
    expect(countdownText(4 * 60_000 + 9000)).toBe('4 min 09 s');
    expect(countdownText(11_200)).toBe('12 s');
    expect(countdownText(0)).toBe('');
    expect(countdownText(-5000)).toBe('');
  });
});
