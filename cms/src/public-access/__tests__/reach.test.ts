import type { Core } from '@strapi/strapi';
import {
  assertFiltersStayVisible,
  assertPopulateNode,
  assertSortStaysVisible,
  sortPaths,
  type ReachRules,
} from '../reach';

const MODELS: Record<string, { attributes: Record<string, Record<string, unknown>> }> = {
  'api::video.video': {
    attributes: {
      slug: { type: 'uid' },
      creator: { type: 'relation', relation: 'manyToOne', target: 'api::creator.creator' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'api::tag.tag' },
      playlists: { type: 'relation', relation: 'manyToMany', target: 'api::playlist.playlist' },
      poster: { type: 'media', multiple: false },
      captions: { type: 'component', repeatable: true, component: 'media.caption' },
    },
  },
  'api::creator.creator': {
    attributes: {
      handle: { type: 'uid' },
      avatar: { type: 'media', multiple: false },
      videos: { type: 'relation', relation: 'oneToMany', target: 'api::video.video' },
      playlists: { type: 'relation', relation: 'oneToMany', target: 'api::playlist.playlist' },
    },
  },
  'api::tag.tag': {
    attributes: {
      slug: { type: 'uid' },
      videos: { type: 'relation', relation: 'manyToMany', target: 'api::video.video' },
    },
  },
  'api::playlist.playlist': {
    attributes: {
      slug: { type: 'uid' },
      videos: { type: 'relation', relation: 'manyToMany', target: 'api::video.video' },
    },
  },
  'media.caption': { attributes: { file: { type: 'media', multiple: false } } },
  'plugin::upload.file': {
    attributes: { name: { type: 'string' }, related: { type: 'relation', relation: 'morphToMany' } },
  },
};

const strapi = { getModel: (uid: string) => MODELS[uid] } as unknown as Core.Strapi;
const rules: ReachRules = {
  hiddenCapable: new Set(['api::video.video', 'api::playlist.playlist']),
  describe: (uid) => (uid === 'api::video.video' ? 'videos' : 'playlists'),
};

const filters = (uid: string, value: unknown) => () => assertFiltersStayVisible(strapi, rules, uid, value);
const sort = (uid: string, value: unknown) => () => assertSortStaysVisible(strapi, rules, uid, value);

describe('filters that reach videos or playlists through a relation', () => {
  it.each([
    ['a relation filter', { videos: { slug: { $startsWith: 'a' } } }],
    ['under $or', { $or: [{ handle: { $eq: 'x' } }, { videos: { slug: { $eq: 'a' } } }] }],
    ['under $and', { $and: [{ videos: { id: { $notNull: true } } }] }],
    ['under $not', { $not: { videos: { slug: { $eq: 'a' } } } }],
    ['with $null', { videos: { $null: true } }],
    ['by id', { videos: 3 }],
    ['in GraphQL form', { or: [{ not: { playlists: { slug: { startsWith: 'a' } } } }] }],
    ['as an implicit and list', [{ handle: { $eq: 'x' } }, { playlists: { slug: { $eq: 'a' } } }]],
  ])('refuses %s on creators', (_, value) => {
    expect(filters('api::creator.creator', value)).toThrow(
      /Cannot filter on "(videos|playlists)": the public API does not filter through a relation/,
    );
  });

  it('refuses a video filter that goes back to videos through another type, at any depth', () => {
    expect(filters('api::video.video', { tags: { videos: { slug: { $eq: 'a' } } } })).toThrow(/"tags\.videos"/);
    expect(filters('api::video.video', { $not: { creator: { playlists: { slug: { $eq: 'a' } } } } })).toThrow(
      /"creator\.playlists"/,
    );
    expect(filters('api::video.video', { playlists: { slug: { $eq: 'a' } } })).toThrow(/"playlists"/);
  });

  it('refuses a negation right under a relation (Strapi answers it with a 500) and names where to put it', () => {
    expect(filters('api::video.video', { creator: { $not: { handle: { $eq: 'a' } } } })).toThrow(
      /"\$not" right under the relation "creator": put it around the relation/,
    );
    expect(filters('api::video.video', { tags: { not: { slug: { eq: 'a' } } } })).toThrow(
      /right under the relation "tags"/,
    );
    expect(filters('api::video.video', { $not: { creator: { handle: { $eq: 'a' } } } })).not.toThrow();
  });

  it('refuses filters through polymorphic relations', () => {
    expect(filters('api::video.video', { poster: { related: { id: 1 } } })).toThrow(/polymorphic/);
  });

  it('refuses filters nested past the guard depth', () => {
    let deep: Record<string, unknown> = { slug: { $eq: 'a' } };
    for (let i = 0; i < 40; i += 1) deep = { $not: deep };
    expect(filters('api::video.video', deep)).toThrow(/nested too deeply/);
  });

  it.each([
    ['own fields', 'api::video.video', { slug: { $startsWith: 'a' }, $not: { slug: { $eq: 'b' } } }],
    [
      'a relation to a public type',
      'api::video.video',
      { creator: { handle: { $eq: 'x' } }, tags: { slug: { $in: ['a'] } } },
    ],
    [
      'media and components',
      'api::video.video',
      { poster: { name: { $eq: 'x' } }, captions: { file: { name: { $eq: 'y' } } } },
    ],
    ['nothing', 'api::creator.creator', undefined],
  ])('accepts %s', (_, uid, value) => {
    expect(filters(uid, value)).not.toThrow();
  });
});

describe('sorts through relations', () => {
  it('reads every sort shape', () => {
    expect(sortPaths('a.b:asc,c')).toEqual([['a', 'b'], ['c']]);
    expect(sortPaths(['a:desc', { b: { c: 'asc' } }])).toEqual([['a'], ['b', 'c']]);
  });

  it.each([
    'videos.slug',
    'videos.slug:desc',
    ['handle', 'playlists.slug:asc'],
    { videos: { slug: 'asc' } },
    [{ videos: { title: 'desc' } }],
  ])('refuses %j on creators', (value) => {
    expect(sort('api::creator.creator', value)).toThrow(/Cannot sort on "(videos|playlists)(\.\w+)?"/);
  });

  it('refuses a video sort that goes back to videos', () => {
    expect(sort('api::video.video', 'creator.videos.slug')).toThrow(/"creator\.videos"/);
  });

  it('accepts sorts on own fields and on public relations', () => {
    expect(sort('api::video.video', ['slug:asc', 'creator.handle:desc'])).not.toThrow();
  });
});

describe('populate limits', () => {
  const budget = () => ({ relations: 0 });
  it('checks a populate node’s own filters and sort', () => {
    expect(() =>
      assertPopulateNode(
        strapi,
        rules,
        'api::creator.creator',
        'videos',
        { filters: { playlists: { slug: { $eq: 'a' } } } },
        [],
        0,
        budget(),
      ),
    ).toThrow(/"videos\.playlists"/);
    expect(() =>
      assertPopulateNode(
        strapi,
        rules,
        'api::creator.creator',
        'videos',
        { sort: 'tags.videos.slug' },
        [],
        0,
        budget(),
      ),
    ).toThrow(/"videos\.tags\.videos"/);
    expect(() =>
      assertPopulateNode(
        strapi,
        rules,
        'api::creator.creator',
        'videos',
        { filters: { slug: { $eq: 'a' } } },
        [],
        0,
        budget(),
      ),
    ).not.toThrow();
  });

  it('refuses a list inside a list, a wildcard below the first level, and too many relations', () => {
    expect(() =>
      assertPopulateNode(strapi, rules, 'api::video.video', 'tags', {}, ['creator', 'videos'], 1, budget()),
    ).toThrow(/list inside another list/);
    expect(() =>
      assertPopulateNode(strapi, rules, 'api::creator.creator', 'videos', { populate: '*' }, [], 0, budget()),
    ).toThrow(/first level only/);
    expect(() =>
      assertPopulateNode(strapi, rules, 'api::video.video', 'creator', {}, [], 0, { relations: 24 }),
    ).toThrow(/more than 24 relations/);
    expect(() =>
      assertPopulateNode(strapi, rules, 'api::video.video', 'poster', {}, ['a', 'b', 'c', 'd'], 0, budget()),
    ).toThrow(/deeper than 4 levels/);
    expect(assertPopulateNode(strapi, rules, 'api::video.video', 'creator', {}, [], 0, budget())).toBe(0);
    expect(assertPopulateNode(strapi, rules, 'api::video.video', 'tags', {}, [], 0, budget())).toBe(1);
  });
});
