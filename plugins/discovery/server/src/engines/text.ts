import type { HighlightPart, SearchHitMoment } from '@framecast/contracts';
import type { SearchMoment } from './types';
import { descriptionCropWords, stopWords } from '../utils/index-settings';

const STOP_WORDS = new Set(stopWords);
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case without accents: the form both the index and the query use ("Café" and "cafe" meet). */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

export function normalizeTerm(term: string): string {
  return ASCII.test(term)
    ? term.toLowerCase()
    : term
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase();
}

export function isStopWord(normalized: string): boolean {
  return STOP_WORDS.has(normalized);
}

/**
 * The words of a query, normalized, stop words and repeats left out, in order. With `keepTypedPrefix`
 * (autocomplete) a stop word still being typed at the end stays: "the" may become "theory".
 */
export function queryWords(q: string, keepTypedPrefix = false): string[] {
  const words: string[] = [];
  const matches = [...q.matchAll(WORD)];
  for (const [index, match] of matches.entries()) {
    const word = normalizeTerm(match[0]);
    const typing = keepTypedPrefix && index === matches.length - 1 && match.index! + match[0].length === q.length;
    if ((typing || !isStopWord(word)) && !words.includes(word)) words.push(word);
  }
  return words;
}

/**
 * Splits `text` into runs, marking the words for which `isMatch` holds; neighbouring runs of one kind merge.
 * `null`: no word matches (browsing), so the text is one unmarked run and its words need not be read.
 */
export function markWords(text: string, isMatch: ((normalizedWord: string) => boolean) | null): HighlightPart[] {
  if (isMatch === null) return text ? [{ text, match: false }] : [];
  const parts: HighlightPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (!piece) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  let cursor = 0;
  for (const found of text.matchAll(WORD)) {
    const index = found.index ?? 0;
    push(text.slice(cursor, index), false);
    push(found[0], isMatch(normalizeTerm(found[0])));
    cursor = index + found[0].length;
  }
  push(text.slice(cursor), false);
  return parts;
}

/**
 * About `descriptionCropWords` words of `text` around its first matching word (the start when none matches),
 * with an ellipsis where text was cut, as Meilisearch crops.
 */
export function cropAroundMatch(text: string, isMatch: ((normalizedWord: string) => boolean) | null): HighlightPart[] {
  const words = [...text.matchAll(WORD)];
  if (words.length <= descriptionCropWords) return markWords(text, isMatch);
  const first = Math.max(0, isMatch === null ? 0 : words.findIndex((word) => isMatch(normalizeTerm(word[0]))));
  const startWord = Math.max(
    0,
    Math.min(first - Math.floor(descriptionCropWords / 3), words.length - descriptionCropWords),
  );
  const endWord = startWord + descriptionCropWords - 1;
  const start = startWord === 0 ? 0 : words[startWord]!.index!;
  const endMatch = words[endWord]!;
  const end = endWord >= words.length - 1 ? text.length : endMatch.index! + endMatch[0].length;
  const cropped = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return markWords(cropped, isMatch);
}

/** Splits Meilisearch's formatted text at the highlight tags into parts. */
export function partsFromTagged(text: string, pre: string, post: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf(pre);
    if (open === -1) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), match: false });
    const close = rest.indexOf(post, open + pre.length);
    const end = close === -1 ? rest.length : close;
    const marked = rest.slice(open + pre.length, end);
    if (marked) parts.push({ text: marked, match: true });
    rest = close === -1 ? '' : rest.slice(close + post.length);
  }
  return parts.filter((part) => part.text.length > 0);
}

/**
 * The chapter or caption line a hit points into: the one with the most distinct matching words (a chapter wins a tie,
 * then the earlier line); null when no line has a matching word. Its words are marked as in titles.
 */
export function bestMoment(
  moments: readonly SearchMoment[],
  isMatch: (normalizedWord: string) => boolean,
  candidates?: readonly string[],
): SearchHitMoment | null {
  let best: SearchMoment | undefined;
  let bestCount = 0;
  // a line is read word by word only when it may hold a matching word (`candidates`: the matched words, lower case)
  const lowered = candidates?.map((word) => word.toLowerCase());
  for (const moment of moments) {
    if (lowered && ASCII.test(moment.text)) {
      const text = moment.text.toLowerCase();
      if (!lowered.some((word) => text.includes(word))) continue;
    }
    const matched = new Set<string>();
    for (const found of moment.text.matchAll(WORD)) {
      const word = normalizeTerm(found[0]);
      if (isMatch(word)) matched.add(word);
    }
    const count = matched.size;
    if (count === 0) continue;
    const better =
      count > bestCount ||
      (count === bestCount &&
        best !== undefined &&
        ((moment.kind === 'chapter' && best.kind !== 'chapter') ||
          (moment.kind === best.kind && moment.start < best.start)));
    if (better) {
      best = moment;
      bestCount = count;
    }
  }
  if (!best) return null;
  return { start: Math.floor(best.start), kind: best.kind, text: markWords(best.text, isMatch) };
}
