/** An application as the site sends it: normalised, or refused with the field and the words the form shows. */
import { parseApplication, parseDecline, parseStateFilter } from '../validation/input';

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { details?: { fields?: Record<string, string> } }).details?.fields;
  }
  throw new Error('it was accepted');
};
const good = { handle: 'clay-studio', displayName: 'Clay Studio', about: 'Weekly pottery lessons for beginners.' };

it('takes a handle in any case with spaces around it, and drops empty links', () => {
  expect(parseApplication({ ...good, handle: '  Clay-Studio ', links: ['https://a.example', ''] })).toEqual({
    ...good,
    links: ['https://a.example'],
  });
});

it('names the field it refuses', () => {
  expect(fieldOf(() => parseApplication({ ...good, handle: '-clay' }))).toEqual({
    handle: 'A handle has 3 to 40 lowercase letters, digits and dashes (not first or last).',
  });
  expect(fieldOf(() => parseApplication({ ...good, displayName: 'X' }))).toEqual({
    displayName: 'The name needs at least 2 characters.',
  });
  expect(Object.keys(fieldOf(() => parseApplication({ ...good, about: 'short' }))!)).toEqual(['about']);
  expect(fieldOf(() => parseApplication({ ...good, links: ['a', 'b', 'c', 'd'] }))).toEqual({
    links: 'At most 3 links.',
  });
  expect(fieldOf(() => parseApplication({ ...good, links: ['ftp://x.example'] }))).toEqual({
    links: 'Links start with https:// (or http://).',
  });
  expect(() => parseApplication({ ...good, owner: 1 })).toThrow('owner: not part of an application');
});

it('needs a reason to decline, and knows the three states', () => {
  expect(() => parseDecline({ reason: '  ' })).toThrow('Say why: the applicant is told.');
  expect(parseDecline({ reason: ' Show a sample. ' })).toEqual({ reason: 'Show a sample.' });
  expect(parseStateFilter(undefined)).toBe('pending');
  expect(parseStateFilter('declined')).toBe('declined');
  expect(() => parseStateFilter('lost')).toThrow('state: pending, approved or declined');
});
