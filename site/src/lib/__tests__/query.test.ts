import { toQueryString } from '../cms/query';

describe('toQueryString (Strapi bracket syntax)', () => {
  it('nests objects into brackets in insertion order', () => {
    expect(
      toQueryString({
        populate: { poster: true, creator: { populate: { avatar: true } } },
        pagination: { page: 2, pageSize: 24 },
      }),
    ).toBe('populate[poster]=true&populate[creator][populate][avatar]=true&pagination[page]=2&pagination[pageSize]=24');
  });

  it('indexes arrays and skips null and undefined', () => {
    expect(toQueryString({ fields: ['title', 'slug'], a: undefined, b: null })).toBe('fields[0]=title&fields[1]=slug');
  });

  it('percent-encodes values and operators so a slug cannot inject parameters', () => {
    const query = toQueryString({ filters: { slug: { $eq: 'a&b=c d' } }, sort: 'publishedAt:desc' });
    expect(query).toBe('filters[slug][%24eq]=a%26b%3Dc%20d&sort=publishedAt%3Adesc');
    const parsed = new URLSearchParams(query);
    expect(parsed.get('filters[slug][$eq]')).toBe('a&b=c d');
    expect(parsed.get('sort')).toBe('publishedAt:desc');
  });
});
