import { MESSAGES, refusalOutcome, waitPhrase } from '../account/refusals';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from '../cms/errors';

const refused = (status: number, message: string, details: Record<string, unknown> = {}, retryAfterSeconds?: number) =>
  new CmsRequestError(status, message, 'http://cms/api/auth/local', { details, retryAfterSeconds });

describe('refusalOutcome', () => {
  it('wrong credentials: one message for the form, no field marked', () => {
    expect(
      refusalOutcome(refused(400, 'Wrong email/username or password.', { reason: 'invalid_credentials' }), [
        'identifier',
        'password',
      ]),
    ).toEqual({
      status: 401,
      fieldErrors: {},
      problem: { kind: 'invalid_credentials', message: MESSAGES.invalidCredentials },
    });
  });

  it('unconfirmed and blocked accounts get their own messages', () => {
    expect(refusalOutcome(refused(400, 'x', { reason: 'unconfirmed' }), ['identifier', 'password'])).toMatchObject({
      status: 403,
      problem: { kind: 'unconfirmed' },
    });
    expect(refusalOutcome(refused(400, 'x', { reason: 'blocked' }), ['identifier', 'password'])).toMatchObject({
      status: 403,
      problem: { kind: 'blocked', message: MESSAGES.blocked },
    });
  });

  it('locked: the wait from Retry-After, else from details, in minutes', () => {
    expect(
      refusalOutcome(refused(429, 'Too many', { reason: 'locked', retryAfterSeconds: 600 }, 540), ['identifier']),
    ).toEqual({
      status: 429,
      fieldErrors: {},
      problem: { kind: 'locked', message: 'Too many failed sign-ins. Try again in 9 minutes.', retryAfterSeconds: 540 },
    });
    expect(
      refusalOutcome(refused(429, 'Too many', { reason: 'locked', retryAfterSeconds: 61 }), ['identifier']).problem,
    ).toMatchObject({
      message: 'Too many failed sign-ins. Try again in 2 minutes.',
      retryAfterSeconds: 61,
    });
    expect(refusalOutcome(refused(429, 'Slow down'), ['email']).problem).toMatchObject({
      kind: 'rate_limited',
      message: 'Too many attempts. Try again in 1 minute.',
    });
    // an address slowed by the CMS's sign-in limits waits seconds
    expect(
      refusalOutcome(refused(429, 'Too many sign-in attempts', { reason: 'slowed', retryAfterSeconds: 5 }), [
        'identifier',
      ]).problem,
    ).toMatchObject({
      kind: 'rate_limited',
      message: 'Too many attempts. Try again in 5 seconds.',
      retryAfterSeconds: 5,
    });
  });

  it('taken and invalid fields: the CMS’s messages next to the fields the form shows; others join the form message', () => {
    expect(
      refusalOutcome(
        refused(400, 'Username taken', { reason: 'taken', fields: { username: 'This username is taken.' } }),
        ['username', 'email', 'password'],
      ),
    ).toEqual({
      status: 409,
      fieldErrors: { username: 'This username is taken.' },
      problem: undefined,
    });
    expect(
      refusalOutcome(
        refused(400, 'Invalid', {
          reason: 'validation',
          fields: { password: 'Too common.', currentPassword: 'Wrong.', email: 7 },
        }),
        ['password', 'passwordConfirmation'],
      ),
    ).toEqual({
      status: 400,
      fieldErrors: { password: 'Too common.' },
      problem: { kind: 'validation', message: 'Wrong.' },
    });
  });

  it('an invalid code, an unavailable CMS, and refusals outside the contract', () => {
    expect(refusalOutcome(refused(400, 'Invalid code', { reason: 'invalid_code' }), []).problem).toEqual({
      kind: 'invalid_code',
      message: MESSAGES.invalidCode,
    });
    expect(refusalOutcome(new CmsUnavailableError('timeout', 'http://cms'), [])).toEqual({
      status: 503,
      fieldErrors: {},
      problem: { kind: 'unavailable', message: MESSAGES.unavailable },
    });
    expect(refusalOutcome(refused(400, 'Email is already taken'), ['email']).problem).toEqual({
      kind: 'refused',
      message: 'Email is already taken',
    });
    expect(refusalOutcome(refused(403, 'Forbidden'), ['email']).problem).toEqual({
      kind: 'refused',
      message: MESSAGES.refused,
    });
  });

  it('rethrows what is not the CMS’s answer', () => {
    expect(() => refusalOutcome(new TypeError('bug'), [])).toThrow(TypeError);
    expect(() => refusalOutcome(new CmsNotFoundError('x', 'http://cms'), [])).toThrow(CmsNotFoundError);
  });

  it('waitPhrase: seconds under a minute, else rounded up to whole minutes', () => {
    expect(waitPhrase(1)).toBe('1 second');
    expect(waitPhrase(5)).toBe('5 seconds');
    expect(waitPhrase(60)).toBe('1 minute');
    expect(waitPhrase(61)).toBe('2 minutes');
  });
});
