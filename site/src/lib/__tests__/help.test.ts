import { ADMIN_HELP_GUIDES } from '@framecast/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { parse as parseYaml } from 'yaml';
import {
  HELP_AUDIENCES,
  foldText,
  helpContents,
  helpGuides,
  helpPath,
  helpQueryWords,
  helpSections,
  otherGuides,
  searchHelp,
  type HelpEntry,
  type HelpFrontmatter,
} from '../help';

function entry(id: string, data: Partial<HelpFrontmatter>, body = ''): HelpEntry {
  return {
    id,
    data: { title: id, summary: `About ${id}.`, audience: 'viewers', order: 10, ...data },
    body,
    digest: `${id}:${body.length}`,
  };
}

const GUIDES = helpGuides([
  entry(
    'creators/captions',
    { title: 'Captions and chapters', audience: 'creators', order: 40, keywords: ['subtitles', 'vtt'] },
    'Add a **WebVTT** file under captions. See [the player](/help/viewers/watching).',
  ),
  entry(
    'viewers/watching',
    { title: 'Watching videos', summary: 'The player, its shortcuts and captions.', order: 10 },
    '## Keyboard shortcuts\n\nPress <kbd>C</kbd> to turn captions on. Qualité is picked for you.',
  ),
  entry(
    'viewers/account',
    { title: 'Your account', summary: 'Sign in, passwords and privacy.', order: 20 },
    'Reset it.',
  ),
  entry('creators/uploading', { title: 'Uploading videos', audience: 'creators', order: 10 }, 'Up to 4 GiB.'),
  entry('faq', { title: 'Frequently asked questions', audience: 'faq' }, '### Can I upload 4K video?\n\nYes.'),
  entry('moderators/queue', { title: 'The review queue', audience: 'moderators' }, 'Decide on held videos.'),
]);

const ids = (guides: Array<{ id: string }>) => guides.map((guide) => guide.id);

describe('the guides', () => {
  it('come in reading order: section, then order, then title', () => {
    expect(ids(GUIDES)).toEqual([
      'viewers/watching',
      'viewers/account',
      'creators/uploading',
      'creators/captions',
      'moderators/queue',
      'faq',
    ]);
  });

  it('carry their body as plain text for search, Markdown and HTML stripped', () => {
    const captions = GUIDES.find((guide) => guide.id === 'creators/captions')!;
    expect(captions.text).toBe('Add a WebVTT file under captions. See the player.');
    expect(GUIDES.find((guide) => guide.id === 'viewers/watching')!.text).toContain('Press C to turn captions on.');
    expect(GUIDES.find((guide) => guide.id === 'viewers/account')!.keywords).toEqual([]);
  });

  it('are grouped by section, without empty sections', () => {
    const sections = helpSections(GUIDES.filter((guide) => guide.audience !== 'moderators'));
    expect(sections.map((section) => section.audience)).toEqual(['viewers', 'creators', 'faq']);
    expect(ids(sections[1]!.guides)).toEqual(['creators/uploading', 'creators/captions']);
  });

  it('name the other guides of the same section', () => {
    const watching = GUIDES.find((guide) => guide.id === 'viewers/watching')!;
    expect(ids(otherGuides(GUIDES, watching))).toEqual(['viewers/account']);
    expect(
      otherGuides(
        GUIDES,
        GUIDES.find((guide) => guide.id === 'faq')!,
      ),
    ).toEqual([]);
  });

  it('live under /help', () => {
    expect(helpPath('creators/uploading')).toBe('/help/creators/uploading');
    expect(helpPath('faq')).toBe('/help/faq');
  });
});

describe('the search query', () => {
  it('is folded and cut into words', () => {
    expect(helpQueryWords('  Keyboard   SHORTCUTS ')).toEqual(['keyboard', 'shortcuts']);
    expect(helpQueryWords('Qualité, captions & .vtt')).toEqual(['qualite', 'captions', 'vtt']);
    expect(helpQueryWords('can’t sign-in')).toEqual(['can', 't', 'sign', 'in']);
  });

  it('keeps each word once, at most ten, and reads at most 100 characters', () => {
    expect(helpQueryWords('video video VIDEO')).toEqual(['video']);
    expect(helpQueryWords('a b c d e f g h i j k l')).toHaveLength(10);
    expect(helpQueryWords(`${'x'.repeat(99)} overflow`)).toEqual(['x'.repeat(99)]);
  });

  it('has no words when empty, missing or punctuation only', () => {
    expect(helpQueryWords('')).toEqual([]);
    expect(helpQueryWords(null)).toEqual([]);
    expect(helpQueryWords(undefined)).toEqual([]);
    expect(helpQueryWords(' ?! … ')).toEqual([]);
  });

  it('folds case, accents and curly apostrophes', () => {
    expect(foldText('Qualité ÉCRAN can’t')).toBe("qualite ecran can't");
  });
});

describe('searchHelp', () => {
  it('finds a word in the title, summary, keywords or body, in any case', () => {
    expect(ids(searchHelp(GUIDES, 'UPLOADING'))).toEqual(['creators/uploading']);
    expect(ids(searchHelp(GUIDES, 'passwords'))).toEqual(['viewers/account']);
    expect(ids(searchHelp(GUIDES, 'subtitles'))).toEqual(['creators/captions']);
    expect(ids(searchHelp(GUIDES, 'held'))).toEqual(['moderators/queue']);
  });

  it('needs every word to match', () => {
    expect(ids(searchHelp(GUIDES, 'captions keyboard'))).toEqual(['viewers/watching']);
    expect(searchHelp(GUIDES, 'captions zebra')).toEqual([]);
  });

  it('matches the start or middle of longer words, and accents either way', () => {
    expect(ids(searchHelp(GUIDES, 'shortcut'))).toEqual(['viewers/watching']);
    expect(ids(searchHelp(GUIDES, 'webvt'))).toEqual(['creators/captions']);
    expect(ids(searchHelp(GUIDES, 'qualite'))).toEqual(['viewers/watching']);
    expect(ids(searchHelp(GUIDES, 'QUALITÉ'))).toEqual(['viewers/watching']);
  });

  it('ranks a match in the title above one in the body, then keeps reading order', () => {
    // "captions" is in the captions guide's title, and only in the watching guide's summary and body
    expect(ids(searchHelp(GUIDES, 'captions'))).toEqual(['creators/captions', 'viewers/watching']);
    // "upload" is in one title and in the FAQ's body
    expect(ids(searchHelp(GUIDES, 'upload'))).toEqual(['creators/uploading', 'faq']);
    // the same weight everywhere: reading order
    expect(ids(searchHelp(GUIDES, 'about'))).toEqual([
      'creators/uploading',
      'creators/captions',
      'moderators/queue',
      'faq',
    ]);
  });

  it('does not search link targets or markup, only what a reader sees', () => {
    expect(searchHelp(GUIDES, '/help/viewers/watching')).toEqual([]);
    expect(searchHelp(GUIDES, 'kbd')).toEqual([]);
  });

  it('answers nothing to an empty query', () => {
    expect(searchHelp(GUIDES, '')).toEqual([]);
    expect(searchHelp(GUIDES, '   ')).toEqual([]);
    expect(searchHelp(GUIDES, null)).toEqual([]);
  });
});

describe('helpContents', () => {
  it('keeps the second- and third-level headings, in order', () => {
    const headings = [
      { depth: 2, slug: 'a', text: 'A' },
      { depth: 3, slug: 'a-1', text: 'A.1' },
      { depth: 4, slug: 'a-1-x', text: 'A.1.x' },
      { depth: 2, slug: 'b', text: 'B' },
      { depth: 1, slug: 'title', text: 'Title' },
    ];
    expect(helpContents(headings).map((heading) => heading.slug)).toEqual(['a', 'a-1', 'b']);
  });
});

// The guides in the repository: each in its section's folder, with valid front matter, and every link to another
// guide (and to a heading in it) leading somewhere. The admin's help icons link to the guides named here.
describe('the help center’s own guides', () => {
  const root = path.resolve(__dirname, '../../content/help');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.split(path.sep).join('/'));
  const guides = files.map((file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
    const slugger = new GithubSlugger();
    const anchors = [...body.matchAll(/^#{2,6}\s+(.+)$/gm)].map((match) => slugger.slug(match[1]!));
    return {
      id: file.replace(/\.md$/, '').replace(/\/index$/, ''),
      data: parseYaml(frontmatter) as HelpFrontmatter,
      body,
      anchors,
    };
  });
  const byId = new Map(guides.map((guide) => [guide.id, guide]));

  it('has guides for every section, each in its own section’s folder', () => {
    for (const audience of HELP_AUDIENCES) expect(guides.some((guide) => guide.data.audience === audience)).toBe(true);
    for (const guide of guides) {
      expect(guide.id.split('/')[0]).toBe(guide.data.audience);
      expect(guide.data.title.length).toBeGreaterThan(0);
      expect(guide.data.summary.length).toBeGreaterThan(0);
      expect(Number.isInteger(guide.data.order)).toBe(true);
    }
  });

  it('has the guides the admin panel’s help icons open (ADMIN_HELP_GUIDES)', () => {
    for (const path of Object.values(ADMIN_HELP_GUIDES)) expect(byId.has(path.replace(/^\/help\//, ''))).toBe(true);
  });

  it('links only to guides and headings that exist', () => {
    for (const guide of guides) {
      for (const [, target = '', anchor] of guide.body.matchAll(/\]\(\/help\/([^)#\s]+)(?:#([^)\s]+))?\)/g)) {
        expect(`${guide.id} -> ${target}: ${byId.has(target)}`).toBe(`${guide.id} -> ${target}: true`);
        if (anchor) expect(byId.get(target)!.anchors).toContain(anchor);
      }
    }
  });

  it('is found by the words people use', () => {
    const searchable = helpGuides(guides.map(({ id, data, body }) => ({ id, data, body })));
    const first = (query: string) => searchHelp(searchable, query)[0]?.id;
    expect(first('upload formats')).toBe('creators/uploading-and-formats');
    expect(first('keyboard shortcuts')).toBe('viewers/watching-videos');
    expect(ids(searchHelp(searchable, 'subtitles'))).toEqual(
      expect.arrayContaining(['viewers/watching-videos', 'creators/captions-and-chapters']),
    );
    expect(first('webvtt chapters')).toBe('creators/captions-and-chapters');
    expect(first('delete my account')).toBe('viewers/account-and-privacy');
    expect(first('appeal')).toBeDefined();
  });
});
