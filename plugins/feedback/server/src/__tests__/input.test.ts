/** Feedback as the site sends it: normalised, or refused with the field and the words the form shows. */
import { parseFeedback, parseListQuery, parseTriage } from '../validation/input';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { details?: { fields?: Record<string, string> } }).details?.fields;
  }
  throw new Error('it was accepted');
};
const good = { category: 'bug', message: 'The player stops after ten seconds.', page: '/watch/a-video?t=30' };

it('trims what was typed, lower-cases the address and reads an empty contact as none', () => {
  expect(parseFeedback({ ...good, message: `  ${good.message}\n`, contact: ' Ada@Example.COM ' })).toEqual({
    ...good,
    contact: 'ada@example.com',
  });
  expect(parseFeedback({ ...good, contact: '' })).toEqual({ ...good, contact: null });
  expect(parseFeedback(good)).toEqual({ ...good, contact: null });
});

it('keeps markup as the text it is', () => {
  const message = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  expect(parseFeedback({ ...good, message }).message).toBe(message);
});

it('names the field it refuses', () => {
  expect(fieldOf(() => parseFeedback({ ...good, category: 'praise' }))).toEqual({
    category: 'Choose what your feedback is about.',
  });
  expect(Object.keys(fieldOf(() => parseFeedback({ ...good, message: 'short' }))!)).toEqual(['message']);
  expect(Object.keys(fieldOf(() => parseFeedback({ ...good, message: 'x'.repeat(2001) }))!)).toEqual(['message']);
  expect(Object.keys(fieldOf(() => parseFeedback({ ...good, contact: 'not-an-address' }))!)).toEqual(['contact']);
  expect(() => parseFeedback({ ...good, state: 'done' })).toThrow('state: not part of feedback');
});

it('takes a path on the site as the page, nothing else', () => {
  for (const page of ['/', '/watch/a-video', '/search?q=a%20b', '/c/science#top'])
    expect(parseFeedback({ ...good, page }).page).toBe(page);
  for (const page of [
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    'watch/a-video',
    '/a b',
    '/a\u0000b',
    `/${'a'.repeat(300)}`,
    '',
  ])
    expect({ page, fields: Object.keys(fieldOf(() => parseFeedback({ ...good, page }))!) }).toEqual({
      page,
      fields: ['page'],
    });
});

it('triages the state, the note or both; lists by state and category', () => {
  expect(parseTriage({ state: 'planned' })).toEqual({ state: 'planned' });
  expect(parseTriage({ note: '  ' })).toEqual({ note: null });
  expect(() => parseTriage({})).toThrow('Change the state or the note.');
  expect(() => parseTriage({ state: 'closed' })).toThrow('state: new, planned, done or wont-do');
  expect(() => parseTriage({ message: 'edited' })).toThrow('message: not part of a triage');
  expect(parseListQuery({})).toEqual({ page: 1, pageSize: 20 });
  expect(parseListQuery({ state: 'wont-do', category: 'idea', page: '2', pageSize: '50' })).toEqual({
    state: 'wont-do',
    category: 'idea',
    page: 2,
    pageSize: 50,
  });
  expect(() => parseListQuery({ state: 'lost' })).toThrow('state: new, planned, done or wont-do');
  expect(() => parseListQuery({ pageSize: '1000' })).toThrow('pageSize: a whole number from 1 to 100');
});
