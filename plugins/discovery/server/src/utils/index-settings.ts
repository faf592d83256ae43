/**
 * The search index's settings, declared once as data. The Meilisearch driver sends them as index settings;
 * the embedded engine reads the same values (engines/embedded.ts). Change search behaviour here.
 */

/** Searchable attributes, most important first (a match in the title outranks one in the description). */
export const searchableAttributes = [
  'title',
  'tags',
  'creatorName',
  'creatorHandle',
  'category',
  'chapters',
  'description',
  'transcript',
] as const;
export type SearchableAttribute = (typeof searchableAttributes)[number];

/** How much a match in each attribute weighs in the embedded engine (Meilisearch uses the order above). */
export const attributeWeights: Record<SearchableAttribute, number> = {
  title: 4,
  tags: 2.5,
  creatorName: 2,
  creatorHandle: 2,
  category: 1.5,
  chapters: 1.5,
  description: 1,
  transcript: 0.6,
};

export const filterableAttributes = [
  'id',
  'categorySlug',
  'tagSlugs',
  'creatorHandle',
  'durationBucket',
  'publishedAt',
  'language',
] as const;

/** Facet fields carry `slug<TAB>label`, so counts come back with their labels from either engine. */
export const facetAttributes = ['categoryFacet', 'tagFacets', 'creatorFacet', 'durationBucket'] as const;
export const FACET_SEPARATOR = '\t';

export const sortableAttributes = ['publishedAt', 'views', 'rating', 'ratingCount', 'trending'] as const;

/** `sort` first: an explicit sort order wins over relevance; ties in relevance go to the most viewed. */
export const rankingRules = ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'views:desc'] as const;

/** Words that differ in length from this many characters may have one typo, two typos from the second. */
export const typoTolerance = { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } } as const;

/** Groups of words that mean the same; a search for one finds the others. */
export const synonymGroups: string[][] = [
  ['tutorial', 'guide', 'howto', 'walkthrough', 'lesson'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['intro', 'introduction', 'beginner', 'basics'],
  ['recipe', 'cooking'],
  ['physics', 'science'],
];

/** Ignored in queries (and, in the embedded engine, in the index). */
export const stopWords = [
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'in',
  'into',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
  'your',
  'you',
  'de',
  'la',
  'le',
  'les',
  'et',
  'der',
  'die',
  'das',
  'und',
];

/** Meilisearch's `synonyms` setting: every word of a group maps to the rest of its group. */
export function synonymsMap(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of synonymGroups) {
    for (const word of group)
      map[word] = [...new Set([...(map[word] ?? []), ...group.filter((other) => other !== word)])];
  }
  return map;
}

/** Characters of description around the first match in a search hit (in words, as Meilisearch counts). */
export const descriptionCropWords = 30;

/** Words of caption text around the best match that Meilisearch crops (its marks say which words matched). */
export const transcriptCropWords = 12;

/** How much of what is said a document holds: longer transcripts are cut (an hour of speech is about 60,000 characters). */
export const transcriptLimits = { maxCharacters: 200_000, maxMoments: 5_000 } as const;
