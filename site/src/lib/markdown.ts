// Markdown from the CMS (descriptions, bios) -> HTML that is safe to inject: marked renders, sanitize-html
// keeps only an allowlist, so raw HTML written in the CMS cannot reach the page.

import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // The page owns h1/h2; headings inside user text start at h3.
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

export function renderMarkdown(source: string | null | undefined): string {
  if (!source?.trim()) return '';
  const html = marked.parse(source, { async: false });
  return sanitizeHtml(html, SANITIZE);
}

/** Plain text (for meta descriptions): markdown and HTML stripped, whitespace collapsed, cut at `max`. */
export function plainText(source: string | null | undefined, max = 160): string {
  if (!source?.trim()) return '';
  const text = sanitizeHtml(marked.parse(source, { async: false }), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
