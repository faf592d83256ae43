// The site's content collections: the help center's guides, Markdown files in this repository
// (src/content/help/<audience>/<slug>.md, served at /help/<audience>/<slug>; faq/index.md is /help/faq).
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { HELP_AUDIENCES } from './lib/help';

const help = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './src/content/help' }),
  schema: z.object({
    title: z.string().min(1).max(80),
    /** One or two sentences: the section lists and search results show it, and it is the page's meta description. */
    summary: z.string().min(1).max(240),
    audience: z.enum(HELP_AUDIENCES),
    /** Place within its section, lowest first. */
    order: z.number().int().min(0),
    /** Words a reader may search for that the guide does not use itself. */
    keywords: z.array(z.string().min(1)).optional(),
  }),
});

export const collections = { help };
