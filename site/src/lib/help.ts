// The help center (/help): its sections, the guides as the pages use them, and the search over them. No Astro
// import here: the pages read the collection (astro:content) and hand the entries to these functions.

import { plainText } from './markdown';

export const HELP_AUDIENCES = ['viewers', 'creators', 'moderators', 'faq'] as const;
export type HelpAudience = (typeof HELP_AUDIENCES)[number];

/** Each section's short name (breadcrumbs, result labels), heading and one-line description. */
export const HELP_SECTIONS: Record<HelpAudience, { name: string; title: string; lead: string }> = {
  viewers: {
    name: 'Viewers',
    title: 'For viewers',
    lead: 'The player, your account, following creators, saving videos for later and reporting a problem.',
  },
  creators: {
    name: 'Creators',
    title: 'For creators',
    lead: 'Uploading and processing, scheduling and premieres, captions and chapters, analytics and bulk edits.',
  },
  moderators: {
    name: 'Moderators',
    title: 'For moderators',
    lead: 'The review queue, what viewers’ reports do, and the decisions you can take.',
  },
  faq: { name: 'FAQ', title: 'Frequently asked questions', lead: 'Short answers to what people ask most.' },
};

/** A guide's front matter (src/content.config.ts checks it). */
export interface HelpFrontmatter {
  title: string;
  summary: string;
  audience: HelpAudience;
  order: number;
  keywords?: string[] | undefined;
}

/** The part of a collection entry these functions read. */
export interface HelpEntry {
  id: string;
  data: HelpFrontmatter;
  body?: string | undefined;
  digest?: string | number | undefined;
}

export interface HelpGuide extends HelpFrontmatter {
  id: string;
  keywords: string[];
  /** The body as plain text, for search. */
  text: string;
}

export const HELP_PATH = '/help';
export const helpPath = (id: string) => `${HELP_PATH}/${id}`;

/** A query or a text folded for matching: lower case, accents dropped, curly apostrophes straightened. */
export function foldText(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase();
}

export const HELP_QUERY_MAX_LENGTH = 100;
const MAX_WORDS = 10;

/** The words of `?q=`: folded, split on anything that is not a letter or a digit, each once, at most ten. */
export function helpQueryWords(raw: string | null | undefined): string[] {
  const words = foldText((raw ?? '').slice(0, HELP_QUERY_MAX_LENGTH))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

// The body's plain text changes only with its digest; made once per guide and process.
const textCache = new Map<string, { digest: string | number | undefined; text: string }>();

function bodyText(entry: HelpEntry): string {
  const cached = textCache.get(entry.id);
  if (cached && cached.digest !== undefined && cached.digest === entry.digest) return cached.text;
  const text = plainText(entry.body ?? '', Number.MAX_SAFE_INTEGER);
  textCache.set(entry.id, { digest: entry.digest, text });
  return text;
}

const byPlace = (a: HelpGuide, b: HelpGuide) =>
  HELP_AUDIENCES.indexOf(a.audience) - HELP_AUDIENCES.indexOf(b.audience) ||
  a.order - b.order ||
  a.title.localeCompare(b.title);

/** The collection's entries as guides, in reading order (section, then `order`, then title). */
export function helpGuides(entries: readonly HelpEntry[]): HelpGuide[] {
  return entries
    .map((entry) => ({ ...entry.data, id: entry.id, keywords: entry.data.keywords ?? [], text: bodyText(entry) }))
    .sort(byPlace);
}

/** The guides of each section, in reading order; a section without guides is left out. */
export function helpSections(guides: readonly HelpGuide[]): Array<{ audience: HelpAudience; guides: HelpGuide[] }> {
  return HELP_AUDIENCES.map((audience) => ({
    audience,
    guides: guides.filter((guide) => guide.audience === audience).sort(byPlace),
  })).filter((section) => section.guides.length > 0);
}

// How much a word found in each field counts towards a guide's place in the results.
const WEIGHTS = { title: 8, keywords: 5, summary: 3, text: 1 } as const;

/**
 * The guides that match every word of the query (in the title, summary, keywords or body, case- and
 * accent-insensitive, a word matching the start or middle of a longer one), best first: a word in a title counts
 * more than one in the body; ties keep reading order. No words, no results.
 */
export function searchHelp<T extends HelpGuide>(guides: readonly T[], query: string | null | undefined): T[] {
  const words = helpQueryWords(query);
  if (words.length === 0) return [];
  const scored: Array<{ guide: T; score: number }> = [];
  for (const guide of guides) {
    const fields = {
      title: foldText(guide.title),
      keywords: foldText(guide.keywords.join(' ')),
      summary: foldText(guide.summary),
      text: foldText(guide.text),
    };
    let score = 0;
    for (const word of words) {
      const best = Math.max(
        ...(Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>).map((field) =>
          fields[field].includes(word) ? WEIGHTS[field] : 0,
        ),
      );
      if (best === 0) {
        score = 0;
        break;
      }
      score += best;
    }
    if (score > 0) scored.push({ guide, score });
  }
  return scored.sort((a, b) => b.score - a.score || byPlace(a.guide, b.guide)).map((entry) => entry.guide);
}

/** A guide's table of contents: its second- and third-level headings (the page's title is the only h1). */
export function helpContents<T extends { depth: number; slug: string; text: string }>(headings: readonly T[]): T[] {
  return headings.filter((heading) => heading.depth === 2 || heading.depth === 3);
}

/** The other guides of a guide's section, in reading order. */
export function otherGuides<T extends HelpGuide>(guides: readonly T[], current: HelpGuide): T[] {
  return guides.filter((guide) => guide.audience === current.audience && guide.id !== current.id);
}
