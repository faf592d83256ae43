// The account area's pure rules: refusals mapped to fields, the profile and collection forms, history progress and
// resume links, reordering, the bell's label and its short cache.
import { LIBRARY_LIMITS as CONTRACT_LIBRARY_LIMITS, WATCH_LATER as CONTRACT_WATCH_LATER } from '@framecast/contracts';
import {
  LIBRARY_LIMITS,
  ShortCache,
  WATCH_LATER,
  completionAnchor,
  isCollectionId,
  moveItem,
  pageFrom,
  progressPercent,
  readCollectionForm,
  readProfileForm,
  refusalFor,
  resumeHref,
  unreadLabel,
} from '../account/area';
import { CmsRequestError, CmsUnavailableError } from '../cms/errors';

const form = (entries: Array<[string, string]>) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

describe('the contract copies', () => {
  it('match @framecast/contracts', () => {
    expect(LIBRARY_LIMITS).toEqual(CONTRACT_LIBRARY_LIMITS);
    expect(WATCH_LATER).toBe(CONTRACT_WATCH_LATER);
  });
});

describe('refusalFor', () => {
  it('puts field messages beside known fields and the rest in the form message', () => {
    const error = new CmsRequestError(400, 'Bad', '/x', {
      details: { fields: { bio: 'Too long.', other: 'Something else.' } },
    });
    expect(refusalFor(error, ['bio'])).toEqual({
      status: 400,
      fields: { bio: 'Too long.' },
      message: 'Something else.',
    });
  });

  it('keeps the reason of a conflict and the status of a refused upload', () => {
    expect(
      refusalFor(new CmsRequestError(409, 'Changed', '/x', { details: { reason: 'stale-items' } }), []),
    ).toMatchObject({ status: 409, reason: 'stale-items', message: 'Changed' });
    expect(
      refusalFor(new CmsRequestError(415, 'Not an image', '/x', { details: { fields: { avatar: 'Not an image' } } }), [
        'avatar',
      ]),
    ).toEqual({
      status: 415,
      fields: { avatar: 'Not an image' },
    });
  });

  it('says the service is unavailable, and rethrows what is not the CMS answering', () => {
    expect(refusalFor(new CmsUnavailableError('timeout', '/x'), []).status).toBe(503);
    expect(() => refusalFor(new TypeError('bug'), [])).toThrow(TypeError);
  });
});

describe('readProfileForm', () => {
  it('trims, keeps only known categories once, and checks the limits', () => {
    const { patch, fields } = readProfileForm(
      form([
        ['displayName', '  Ada  '],
        ['bio', 'x'.repeat(501)],
        ['interests', 'cat1234567'],
        ['interests', 'cat1234567'],
        ['interests', 'unknown'],
      ]),
      ['cat1234567'],
    );
    expect(patch).toEqual({ displayName: 'Ada', bio: 'x'.repeat(501), interests: ['cat1234567'] });
    expect(Object.keys(fields)).toEqual(['bio']);
  });

  it('links the next step to its field', () => {
    expect(completionAnchor('avatar')).toBe('#profile-avatar');
  });
});

describe('history', () => {
  it('computes progress, 100 once completed', () => {
    expect(progressPercent({ position: 30, duration: 120, completed: false })).toBe(25);
    expect(progressPercent({ position: 119, duration: 120, completed: true })).toBe(100);
    expect(progressPercent({ position: 10, duration: 0, completed: false })).toBe(0);
    expect(progressPercent({ position: 500, duration: 120, completed: false })).toBe(100);
  });

  it('resumes at the position, from the start when completed or barely begun', () => {
    expect(resumeHref('kerning', { position: 42.7, completed: false })).toBe('/watch/kerning?t=42');
    expect(resumeHref('kerning', { position: 42, completed: true })).toBe('/watch/kerning');
    expect(resumeHref('kerning', { position: 2, completed: false })).toBe('/watch/kerning');
  });

  it('reads a posted page number, 1 for anything odd', () => {
    expect(pageFrom('3')).toBe(3);
    expect(pageFrom('0')).toBe(1);
    expect(pageFrom('x')).toBe(1);
    expect(pageFrom(null)).toBe(1);
  });
});

describe('collections', () => {
  it('moves an item up or down, and not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 'b', 'up')).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'b', 'down')).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'c', 'down')).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b'], 'z', 'up')).toEqual(['a', 'b']);
  });

  it('accepts Watch later and document ids only', () => {
    expect(isCollectionId('watch-later')).toBe(true);
    expect(isCollectionId('abcdefghij1234567890abcd')).toBe(true);
    expect(isCollectionId('../admin')).toBe(false);
    expect(isCollectionId(undefined)).toBe(false);
  });

  it('reads the collection form: a title is needed, visibility defaults to private', () => {
    expect(readCollectionForm(form([['title', ' ']])).fields.title).toBe('Give the collection a title.');
    const { input, fields } = readCollectionForm(
      form([
        ['title', ' Fonts '],
        ['description', 'Nice'],
        ['visibility', 'public'],
      ]),
    );
    expect(fields).toEqual({});
    expect(input).toEqual({ title: 'Fonts', description: 'Nice', visibility: 'public' });
    expect(
      readCollectionForm(
        form([
          ['title', 'T'],
          ['visibility', 'everyone'],
        ]),
      ).input.visibility,
    ).toBe('private');
    expect(readCollectionForm(form([['title', 'x'.repeat(101)]])).fields.title).toMatch(/at most 100/);
  });
});

describe('notifications', () => {
  it('labels the count, capped at 99+', () => {
    expect(unreadLabel(0)).toBe('0');
    expect(unreadLabel(7)).toBe('7');
    expect(unreadLabel(250)).toBe('99+');
  });

  it('caches briefly, forgets on delete and evicts the oldest when full', () => {
    const cache = new ShortCache<number>(1000, 2);
    cache.set('a', 1, 0);
    expect(cache.get('a', 999)).toBe(1);
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBe(3);
    cache.delete('c');
    expect(cache.get('c', 1)).toBeUndefined();
  });
});
