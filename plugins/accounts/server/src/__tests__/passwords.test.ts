import { passwordProblem } from '@framecast/contracts';
import { isCommonPassword } from '../services/passwords';

test('common passwords are caught as typed, padded with digits and symbols, or repeated', () => {
  for (const password of [
    'qwertyuiop123',
    'Password123456!',
    '2024dragonfly!!',
    'monkeymonkeymonkey',
    'ILOVEYOU12345678',
  ]) {
    expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true });
  }
  for (const password of ['correct horse battery staple', 'violet-tugboat-41-ember', 'Zq8#mW2!rT5^kL']) {
    expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: false });
  }
});

test('the policy: length counted in characters, personal data refused, then the list', () => {
  expect(passwordProblem('短い', {}, isCommonPassword)).toMatch(/at least 12/);
  expect(passwordProblem('🔑'.repeat(12), {}, isCommonPassword)).toBeNull();
  expect(passwordProblem('x'.repeat(129), {}, isCommonPassword)).toMatch(/at most 128/);
  expect(passwordProblem('my name is lena, hello', { username: 'Lena' }, isCommonPassword)).toMatch(
    /username or email/,
  );
  expect(passwordProblem('kenji.tanaka-2026!', { email: 'kenji.tanaka@example.org' }, isCommonPassword)).toMatch(
    /username or email/,
  );
  expect(passwordProblem('baseball12345678', {}, isCommonPassword)).toMatch(/too common/);
});
