import * as contract from '@framecast/contracts';
import {
  FORM_FIELDS,
  FORM_PROBLEMS,
  formText,
  problemsAnnouncement,
  readFormValues,
  redisplayable,
  registerProblems,
  resetProblems,
  signInProblems,
} from '../account/forms';
import * as rules from '../account/rules';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
};

describe('the account rules', () => {
  it('are the contract’s own (the site imports its source so the browser gets the same functions)', () => {
    expect(rules.PASSWORD_POLICY).toEqual(contract.PASSWORD_POLICY);
    expect(rules.USERNAME_POLICY).toEqual(contract.USERNAME_POLICY);
    expect(rules.SESSION_DEFAULTS).toEqual(contract.SESSION_DEFAULTS);
    for (const sample of ['', 'ab', 'ada', 'a@b', '-ada', 'ada.moreno', 'x'.repeat(31)])
      expect(rules.usernameProblem(sample)).toBe(contract.usernameProblem(sample));
    for (const sample of ['', 'a@b', 'ada@example.org', ' ada@example.org '])
      expect(rules.emailProblem(sample)).toBe(contract.emailProblem(sample));
    for (const sample of ['', 'short', 'correct horse battery staple', 'adamoreno-long-enough']) {
      expect(rules.passwordProblem(sample, { username: 'adamoreno' })).toBe(
        contract.passwordProblem(sample, { username: 'adamoreno' }),
      );
    }
  });
});

describe('reading a posted form', () => {
  it('trims text fields, keeps password spaces, caps huge values and reads files or absent fields as empty', () => {
    const data = form({ username: '  ada  ', email: ' ada@example.org ', password: '  spaced password  ' });
    expect(readFormValues('register', data)).toEqual({
      username: 'ada',
      email: 'ada@example.org',
      password: '  spaced password  ',
    });
    expect(formText(form({ username: 'x'.repeat(5000) }), 'username')).toHaveLength(1024);
    const withFile = new FormData();
    withFile.set('email', new Blob(['x']), 'x.txt');
    expect(formText(withFile, 'email')).toBe('');
    expect(readFormValues('sign-in', new FormData())).toEqual({ identifier: '', password: '' });
  });

  it('never shows a password again after a refused POST', () => {
    expect(
      redisplayable('register', { username: 'ada', email: 'ada@example.org', password: 'secret secret secret' }),
    ).toEqual({
      username: 'ada',
      email: 'ada@example.org',
      password: '',
    });
    expect(redisplayable('reset-password', { password: 'a', passwordConfirmation: 'b' })).toEqual({
      password: '',
      passwordConfirmation: '',
    });
  });
});

describe('form checks', () => {
  it('register: every field with the contract’s messages, personal data included', () => {
    expect(registerProblems({ username: '', email: 'nope', password: 'short' })).toEqual({
      username: 'Choose a username.',
      email: 'Enter an email address like name@example.com.',
      password: 'Use at least 12 characters.',
    });
    expect(
      registerProblems({ username: 'adamoreno', email: 'ada@example.org', password: 'adamoreno-is-my-name' }),
    ).toEqual({
      password: 'Do not use your username or email in your password.',
    });
    expect(
      registerProblems({ username: 'ada.moreno', email: 'ada@example.org', password: 'violet kettle under rain' }),
    ).toEqual({});
  });

  it('sign-in: presence only, whatever the password policy says', () => {
    expect(signInProblems({ identifier: '', password: '' })).toEqual({
      identifier: 'Enter your email address or username.',
      password: 'Enter your password.',
    });
    expect(signInProblems({ identifier: 'ada', password: 'short' })).toEqual({});
  });

  it('reset: the policy, and both passwords the same', () => {
    expect(resetProblems({ password: 'violet kettle under rain', passwordConfirmation: '' })).toEqual({
      passwordConfirmation: 'Type the new password again.',
    });
    expect(
      resetProblems({ password: 'violet kettle under rain', passwordConfirmation: 'violet kettle under snow' }),
    ).toEqual({
      passwordConfirmation: 'The two passwords are not the same.',
    });
    expect(resetProblems({ password: 'x'.repeat(129), passwordConfirmation: 'x'.repeat(129) })).toEqual({
      password: 'Use at most 128 characters.',
    });
  });

  it('has a check for every form, over exactly its fields', () => {
    for (const [name, fields] of Object.entries(FORM_FIELDS)) {
      const empty = Object.fromEntries(fields.map((field) => [field, '']));
      const problems = (
        FORM_PROBLEMS[name as keyof typeof FORM_PROBLEMS] as (values: Record<string, string>) => object
      )(empty);
      expect(Object.keys(problems).every((field) => (fields as readonly string[]).includes(field))).toBe(true);
    }
  });
});

describe('problemsAnnouncement', () => {
  it('counts and names the fields in page order', () => {
    expect(problemsAnnouncement({ password: 'x', username: 'y' }, FORM_FIELDS.register)).toBe(
      '2 fields need attention: Username, Password.',
    );
    expect(problemsAnnouncement({ email: 'x' }, FORM_FIELDS.register)).toBe('1 field needs attention: Email address.');
    expect(problemsAnnouncement({}, FORM_FIELDS.register)).toBe('');
  });
});
