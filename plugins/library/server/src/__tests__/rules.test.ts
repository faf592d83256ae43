import { reorder } from '../services/collections';
import { parseCreateCollection, parseUpdateCollection } from '../validation/collections';
import { isCompleted, parseHistoryQuery, parseProgress } from '../validation/history';
import { parseCollectionRef } from '../validation/common';

const [a, b, c, d] = ['aaaaaaaaaa01', 'bbbbbbbbbb02', 'cccccccccc03', 'dddddddddd04'];

test('a reorder must list every available item once and nothing else; unavailable ones left out stay at the end', () => {
  const available = new Set([a, b, c]);
  expect(reorder([a, b, c], [c, a, b], available)).toEqual({ items: [c, a, b] });
  expect(reorder([a, d, b, c], [c, b, a], available)).toEqual({ items: [c, b, a, d] });
  expect(reorder([a, d, b, c], [c, d, b, a], available)).toEqual({ items: [c, d, b, a] });
  expect(reorder([a, b, c], [b, a], available)).toEqual({ missing: [c], unknown: [] });
  expect(reorder([a, b], [b, a, c], available)).toEqual({ missing: [], unknown: [c] });
});

test('completed: 95 % watched, or within 10 s of the end', () => {
  expect(isCompleted({ position: 570, duration: 600 })).toBe(true);
  expect(isCompleted({ position: 569, duration: 600 })).toBe(false);
  expect(isCompleted({ position: 90, duration: 100 })).toBe(true);
  expect(isCompleted({ position: 89, duration: 100 })).toBe(false);
  expect(isCompleted({ position: 0, duration: 8 })).toBe(true);
});

test('progress: finite seconds, within the video (a small overshoot is the end)', () => {
  expect(parseProgress({ position: 12.5, duration: 600 })).toEqual({ position: 12.5, duration: 600 });
  expect(parseProgress({ position: 604, duration: 600 })).toEqual({ position: 600, duration: 600 });
  for (const body of [
    { position: -0.1, duration: 10 },
    { position: Number.NaN, duration: 10 },
    { position: Infinity, duration: 10 },
    { position: 1, duration: 0 },
    { position: 1 },
    null,
    'x',
  ]) {
    expect(() => parseProgress(body)).toThrow(/Invalid progress/);
  }
  expect(parseHistoryQuery({})).toEqual({ page: 1 });
  expect(parseHistoryQuery({ page: '3' })).toEqual({ page: 3 });
  expect(() => parseHistoryQuery({ page: ['1', '2'] })).toThrow(/given once/);
});

test('collections: titles trimmed and counted in characters, empty descriptions are none, unknown fields refused', () => {
  expect(parseCreateCollection({ title: ' Café ', description: '  ' })).toEqual({
    title: 'Café',
    description: null,
    visibility: 'private',
  });
  expect(parseCreateCollection({ title: 'ü'.normalize('NFD').repeat(100) }).title).toHaveLength(100);
  expect(() => parseCreateCollection({ title: 'x'.repeat(101) })).toThrow(/at most 100 characters/);
  expect(() => parseCreateCollection({ title: 'ok', items: [] })).toThrow(/unknown field "items"/);
  expect(parseUpdateCollection({ description: null })).toEqual({ description: null });
  expect(() => parseUpdateCollection({ items: [a, a] })).toThrow(/twice/);
  expect(parseCollectionRef('watch-later')).toEqual({ watchLater: true });
  expect(() => parseCollectionRef('../etc')).toThrow(/Invalid collection id/);
});
