/** Request input of the moderation routes: what is taken, and the message a refusal carries. */
import { parseAppeal, parseDecision, parseLogQuery } from '../validation/input';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('it was accepted');
};

describe('decisions', () => {
  it('takes a decision, with a trimmed reason where one is given', () => {
    expect(parseDecision({ decision: 'dismiss' })).toEqual({ decision: 'dismiss', reason: null });
    expect(parseDecision({ decision: 'remove', reason: '  Spam.  ' })).toEqual({ decision: 'remove', reason: 'Spam.' });
  });
  it('needs a reason where the creator is told one', () => {
    for (const decision of ['remove', 'warn', 'block'])
      expect(refusal(() => parseDecision({ decision, reason: '   ' }))).toBe('reason: say why; the creator is told');
  });
  it('refuses unknown decisions and fields, and over-long reasons', () => {
    expect(refusal(() => parseDecision({ decision: 'delete' }))).toMatch(/^decision: must be one of dismiss, approve/);
    expect(refusal(() => parseDecision({ decision: 'warn', reason: 'x'.repeat(1001) }))).toBe(
      'reason: must be at most 1000 characters',
    );
    expect(refusal(() => parseDecision({ decision: 'dismiss', state: 'approved' }))).toBe('state: not a field');
    expect(refusal(() => parseDecision(null))).toMatch(/^decision:/);
  });
});

describe('appeals', () => {
  it('takes a message of 10 to 2000 characters', () => {
    expect(parseAppeal({ message: '  It is my own footage.  ' })).toEqual({ message: 'It is my own footage.' });
    expect(refusal(() => parseAppeal({ message: 'no' }))).toMatch(/^message: say in a sentence or two/);
    expect(refusal(() => parseAppeal({ message: 'x'.repeat(2001) }))).toBe('message: must be at most 2000 characters');
    expect(refusal(() => parseAppeal({ message: 42 }))).toBe('message: must be text');
  });
});

describe('the log query', () => {
  it('reads filters, dates (the last day included) and pages', () => {
    expect(
      parseLogQuery({ event: 'removed', creator: ' bob ', from: '2026-12-01', to: '2026-12-02', page: '2' }),
    ).toEqual({
      filter: {
        event: 'removed',
        creator: 'bob',
        from: new Date('2026-12-01T00:00:00Z'),
        to: new Date('2026-12-03T00:00:00Z'),
      },
      page: 2,
      pageSize: 50,
    });
  });
  it('refuses what it does not know', () => {
    expect(refusal(() => parseLogQuery({ event: 'deleted' }))).toMatch(/^event: must be one of/);
    expect(refusal(() => parseLogQuery({ from: '2026-02-30x' }))).toBe('from: must be a date (YYYY-MM-DD)');
    expect(refusal(() => parseLogQuery({ from: '2026-12-05', to: '2026-12-01' }))).toBe('to: must not be before from');
    expect(refusal(() => parseLogQuery({ pageSize: '500' }))).toBe('pageSize: must be at most 200');
    expect(refusal(() => parseLogQuery({ order: 'id' }))).toBe('order: not a field');
  });
});
