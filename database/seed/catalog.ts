/**
 * The demo catalog as plain data: who publishes what, and how each demo video's media is generated.
 * Links and emails use reserved example domains (RFC 2606) so no demo profile points at a real person.
 */

export type VideoPattern =
  'testsrc2' | 'smptebars' | 'smptehdbars' | 'mandelbrot' | 'life' | 'rgbtestsrc' | 'cellauto' | 'gradients';

export type SocialPlatform =
  'website' | 'youtube' | 'mastodon' | 'bluesky' | 'github' | 'instagram' | 'linkedin' | 'x' | 'other';

export type SeedCategory = { slug: string; name: string; description: string; position: number };

export type SeedTag = { slug: string; name: string };

export type SeedCreator = {
  handle: string;
  displayName: string;
  bio: string;
  verified: boolean;
  contactEmail: string;
  socialLinks: Array<{ platform: SocialPlatform; url: string }>;
  /** Two hex colours (without #) for the generated avatar and banner. */
  colors: [string, string];
  /** The admin account that owns this profile (role framecast-creator). */
  account: { email: string; firstname: string; lastname: string };
};

export type SeedCaptionCue = { start: number; end: number; text: string };

export type SeedVideo = {
  slug: string;
  title: string;
  /** Markdown. */
  description: string;
  creator: string;
  collaborators?: string[];
  category: string;
  tags: string[];
  language: string;
  visibility: 'public' | 'unlisted' | 'private';
  moderationState: 'approved' | 'pending';
  /** false keeps the video a draft (never published). */
  published: boolean;
  /** How long before the seed ran the video was (or, for a draft, last edited) published. */
  daysAgo: number;
  viewCount: number;
  ratingAverage: number;
  ratingCount: number;
  commentCount: number;
  chapters?: Array<{ startSeconds: number; title: string }>;
  captions?: { language: string; label: string; cues: SeedCaptionCue[] };
  media: { pattern: VideoPattern; width: number; height: number; duration: number; toneHz: number };
};

export type SeedPlaylist = {
  slug: string;
  title: string;
  description: string;
  creator: string;
  visibility: 'public' | 'unlisted' | 'private';
  daysAgo: number;
  /** Video slugs, in playlist order. */
  videos: string[];
  /** A course: ordered lessons, with optional section headings (each from a lesson, 1-based). */
  course?: { sections: Array<{ title: string; fromLesson: number }> };
};

export type SeedAccount = { email: string; firstname: string; lastname: string };

/** The name of the media-library folder that holds every file the seed uploads (reset deletes it whole). */
export const SEED_FOLDER_NAME = 'Demo catalog (seed)';

export const DEFAULT_ADMIN = {
  email: 'admin@framecast.local',
  password: 'Framecast-admin-1',
  firstname: 'Frame',
  lastname: 'Admin',
};
export const MODERATOR: SeedAccount & { password: string } = {
  email: 'moderator@framecast.local',
  password: 'Framecast-moderator-1',
  firstname: 'Morgan',
  lastname: 'Reyes',
};
export const CREATOR_PASSWORD = 'Framecast-creator-1';

export const categories: SeedCategory[] = [
  {
    slug: 'programming',
    name: 'Programming',
    position: 1,
    description: 'Languages, tools and habits for writing software that still makes sense a year later.',
  },
  {
    slug: 'science',
    name: 'Science',
    position: 2,
    description: 'Physics and astronomy you can check at your desk: estimates, small experiments, clear pictures.',
  },
  {
    slug: 'music',
    name: 'Music',
    position: 3,
    description: 'Ear training, harmony and practice routines for people who play, or want to.',
  },
  {
    slug: 'cooking',
    name: 'Cooking',
    position: 4,
    description: 'Home cooking techniques explained step by step, from knife work to bread.',
  },
  {
    slug: 'design',
    name: 'Design',
    position: 5,
    description: 'Typography, colour and layout: the decisions behind interfaces and print that read well.',
  },
  {
    slug: 'languages',
    name: 'Languages',
    position: 6,
    description: 'Pronunciation, everyday phrases and listening practice with native speakers.',
  },
];

export const tags: SeedTag[] = [
  { slug: 'beginner', name: 'Beginner' },
  { slug: 'quick-tip', name: 'Quick tip' },
  { slug: 'deep-dive', name: 'Deep dive' },
  { slug: 'javascript', name: 'JavaScript' },
  { slug: 'music-theory', name: 'Music theory' },
  { slug: 'piano', name: 'Piano' },
  { slug: 'baking', name: 'Baking' },
  { slug: 'physics', name: 'Physics' },
  { slug: 'astronomy', name: 'Astronomy' },
  { slug: 'typography', name: 'Typography' },
  { slug: 'color', name: 'Color' },
  { slug: 'pronunciation', name: 'Pronunciation' },
];

export const creators: SeedCreator[] = [
  {
    handle: 'ada-moreno',
    displayName: 'Ada Moreno',
    verified: true,
    contactEmail: 'ada@framecast.local',
    bio:
      'Backend engineer turned teacher. Ten years of shipping Node.js services taught me that most bugs live ' +
      'in the parts nobody explained properly: the event loop, error handling and tests. That is what I make videos about.',
    socialLinks: [
      { platform: 'website', url: 'https://ada-moreno.example.com' },
      { platform: 'mastodon', url: 'https://mastodon.example.org/@adamoreno' },
      { platform: 'github', url: 'https://code.example.com/ada-moreno' },
    ],
    colors: ['2a9d8f', '264653'],
    account: { email: 'ada@framecast.local', firstname: 'Ada', lastname: 'Moreno' },
  },
  {
    handle: 'lena-fischer',
    displayName: 'Lena Fischer',
    verified: true,
    contactEmail: 'lena@framecast.local',
    bio:
      'Session pianist and music theory teacher in Leipzig. I believe harmony is something you hear first and ' +
      'name second, so every lesson starts at the keyboard.',
    socialLinks: [
      { platform: 'website', url: 'https://lenafischer.example.com' },
      { platform: 'youtube', url: 'https://video.example.com/@lenafischer' },
      { platform: 'instagram', url: 'https://photos.example.com/lena.plays' },
    ],
    colors: ['e76f51', '6d2e46'],
    account: { email: 'lena@framecast.local', firstname: 'Lena', lastname: 'Fischer' },
  },
  {
    handle: 'kenji-watanabe',
    displayName: 'Kenji Watanabe',
    verified: false,
    contactEmail: 'kenji@framecast.local',
    bio:
      'Home cook, former line cook. Weeknight Japanese food, bread, and the small techniques that make a recipe ' +
      'work on the second try as well as the first.',
    socialLinks: [
      { platform: 'instagram', url: 'https://photos.example.com/kenji.cooks' },
      { platform: 'bluesky', url: 'https://bsky.example.net/profile/kenji.example.net' },
    ],
    colors: ['f4a261', '9c4a1a'],
    account: { email: 'kenji@framecast.local', firstname: 'Kenji', lastname: 'Watanabe' },
  },
  {
    handle: 'priya-raman',
    displayName: 'Priya Raman',
    verified: false,
    contactEmail: 'priya@framecast.local',
    bio:
      'Astrophysics PhD student. I explain physics with back-of-the-envelope estimates and experiments you can ' +
      'run with a phone, a string and a kitchen table.',
    socialLinks: [
      { platform: 'website', url: 'https://priyaraman.example.org' },
      { platform: 'x', url: 'https://social.example.com/priya_explains' },
      { platform: 'linkedin', url: 'https://jobs.example.com/in/priya-raman' },
    ],
    colors: ['4361ee', '14213d'],
    account: { email: 'priya@framecast.local', firstname: 'Priya', lastname: 'Raman' },
  },
  {
    handle: 'tomas-silva',
    displayName: 'Tomás Silva',
    verified: false,
    contactEmail: 'tomas@framecast.local',
    bio:
      'Type designer in Lisbon. I teach typography and colour for screens, and, because my students keep asking, ' +
      'European Portuguese for people who just moved here.',
    socialLinks: [
      { platform: 'website', url: 'https://tomassilva.example.com' },
      { platform: 'other', url: 'https://portfolio.example.net/tomas-silva' },
    ],
    colors: ['8338ec', '3a0ca3'],
    account: { email: 'tomas@framecast.local', firstname: 'Tomás', lastname: 'Silva' },
  },
];

export const videos: SeedVideo[] = [
  // ── Ada Moreno · Programming ────────────────────────────────────────────────────────────────
  {
    slug: 'javascript-event-loop-one-frame-at-a-time',
    title: 'The JavaScript event loop, one frame at a time',
    description: `Why does \`setTimeout(fn, 0)\` run *after* a resolved promise? We step through the event loop one tick at a time and watch the call stack, the task queue and the microtask queue.

**You will learn**

- what the call stack holds while your code runs
- when the browser (or Node) picks the next task
- why microtasks always drain first, and how that can starve rendering

Code from the video is in the description of the playlist *JavaScript from the ground up*.`,
    creator: 'ada-moreno',
    category: 'programming',
    tags: ['javascript', 'deep-dive'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 40,
    viewCount: 48213,
    ratingAverage: 4.8,
    ratingCount: 812,
    commentCount: 96,
    chapters: [
      { startSeconds: 0, title: 'The call stack' },
      { startSeconds: 5, title: 'Tasks and the task queue' },
      { startSeconds: 10, title: 'Microtasks drain first' },
    ],
    media: { pattern: 'testsrc2', width: 1280, height: 720, duration: 16, toneHz: 440 },
  },
  {
    slug: 'async-await-without-the-mystery',
    title: 'async/await without the mystery',
    description: `\`async\` functions are promises wearing a nicer coat. We rewrite a callback-based file reader three times, first with promises and then with \`async/await\`, and look at what actually changes.

- 0:00 Callbacks and the "pyramid"
- 0:04 Promise chains
- 0:08 \`async/await\` and \`try/catch\`

> Rule of thumb: \`await\` pauses *this* function, never the whole program.`,
    creator: 'ada-moreno',
    category: 'programming',
    tags: ['javascript', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 33,
    viewCount: 31877,
    ratingAverage: 4.7,
    ratingCount: 540,
    commentCount: 61,
    media: { pattern: 'cellauto', width: 854, height: 480, duration: 12, toneHz: 494 },
  },
  {
    slug: 'writing-tests-you-will-still-trust-next-year',
    title: 'Writing tests you will still trust next year',
    description: `Flaky tests and tests that pass no matter what have the same cause: they check *how* the code works instead of *what* it promises.

In this video:

- testing behaviour through the public interface
- real dependencies where you can run them, fakes only where you cannot
- naming a test after the rule it protects

*No framework wars: the examples work with any runner.*`,
    creator: 'ada-moreno',
    category: 'programming',
    tags: ['deep-dive', 'javascript'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 12,
    viewCount: 9342,
    ratingAverage: 4.9,
    ratingCount: 276,
    commentCount: 42,
    chapters: [
      { startSeconds: 0, title: 'What makes a test brittle' },
      { startSeconds: 4, title: 'Test the promise, not the plumbing' },
      { startSeconds: 9, title: 'Names that explain failures' },
    ],
    media: { pattern: 'smptehdbars', width: 1280, height: 720, duration: 14, toneHz: 392 },
  },
  {
    slug: 'office-hours-7-async-questions',
    title: 'Office hours #7: your async questions answered',
    description: `Recording of this month's office hours for the *JavaScript from the ground up* group. Unlisted: share the link with people who attended.

Questions covered: unhandled rejections, \`Promise.all\` vs \`Promise.allSettled\`, and cancelling a \`fetch\`.`,
    creator: 'ada-moreno',
    category: 'programming',
    tags: ['javascript'],
    language: 'en',
    visibility: 'unlisted',
    moderationState: 'approved',
    published: true,
    daysAgo: 5,
    viewCount: 214,
    ratingAverage: 4.6,
    ratingCount: 11,
    commentCount: 4,
    media: { pattern: 'testsrc2', width: 854, height: 480, duration: 10, toneHz: 587 },
  },
  {
    slug: 'git-rebase-without-fear',
    title: 'Git rebase without fear',
    description: `Work in progress. Interactive rebase, \`--autosquash\`, and how \`git reflog\` gets you out of any mess.

- [ ] record the reflog section again
- [ ] add the conflict walkthrough`,
    creator: 'ada-moreno',
    category: 'programming',
    tags: ['beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: false,
    daysAgo: 1,
    viewCount: 0,
    ratingAverage: 0,
    ratingCount: 0,
    commentCount: 0,
    media: { pattern: 'rgbtestsrc', width: 1280, height: 720, duration: 9, toneHz: 659 },
  },

  // ── Lena Fischer · Music ─────────────────────────────────────────────────────────────────────
  {
    slug: 'hearing-intervals-two-week-ear-training-plan',
    title: 'Hearing intervals: a two-week ear-training plan',
    description: `Ten minutes a day for two weeks is enough to recognise every interval inside an octave. Here is the plan I give my students.

**Week 1:** perfect fourths and fifths, major and minor thirds.
**Week 2:** seconds, sixths, sevenths and the tritone.

Sing each interval before you check it on the piano. The tone in this video is an A (440 Hz), so you can tune along.`,
    creator: 'lena-fischer',
    category: 'music',
    tags: ['music-theory', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 38,
    viewCount: 27690,
    ratingAverage: 4.8,
    ratingCount: 655,
    commentCount: 88,
    chapters: [
      { startSeconds: 0, title: 'Why intervals first' },
      { startSeconds: 6, title: 'Week one' },
      { startSeconds: 12, title: 'Week two' },
    ],
    media: { pattern: 'life', width: 1280, height: 720, duration: 18, toneHz: 440 },
  },
  {
    slug: 'why-the-circle-of-fifths-works',
    title: 'Why the circle of fifths works',
    description: `The circle of fifths is not a chart to memorise: it falls out of one simple fact about frequencies. We build it from scratch and use it to find the chords that belong to a key.

- the 3:2 ratio
- why twelve steps bring you (almost) home
- reading key signatures off the circle`,
    creator: 'lena-fischer',
    category: 'music',
    tags: ['music-theory', 'deep-dive'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 21,
    viewCount: 15503,
    ratingAverage: 4.7,
    ratingCount: 388,
    commentCount: 47,
    chapters: [
      { startSeconds: 0, title: 'The 3:2 frequency ratio' },
      { startSeconds: 4, title: 'Twelve fifths and the Pythagorean comma' },
      { startSeconds: 8, title: 'Reading key signatures' },
    ],
    media: { pattern: 'mandelbrot', width: 854, height: 480, duration: 12, toneHz: 330 },
  },
  {
    slug: 'five-minute-piano-warm-up',
    title: 'Five-minute piano warm-up for stiff hands',
    description: `A short routine before you practise: finger independence, loose wrists, and a slow scale in contrary motion. Do it every day and your hands will thank you.`,
    creator: 'lena-fischer',
    category: 'music',
    tags: ['piano', 'quick-tip'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 15,
    viewCount: 8120,
    ratingAverage: 4.4,
    ratingCount: 131,
    commentCount: 12,
    media: { pattern: 'smptebars', width: 640, height: 360, duration: 6, toneHz: 262 },
  },
  {
    slug: 'voice-leading-in-four-chords',
    title: 'Voice leading in four chords',
    description: `Take I–vi–IV–V, the most common progression in pop, and make it sound smooth: keep common tones, move the other voices by step, and avoid parallel fifths.

You only need to know the four chords; we work out the rest at the keyboard.`,
    creator: 'lena-fischer',
    category: 'music',
    tags: ['music-theory', 'piano'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 8,
    viewCount: 5214,
    ratingAverage: 4.6,
    ratingCount: 97,
    commentCount: 15,
    chapters: [
      { startSeconds: 0, title: 'Four chords in root position' },
      { startSeconds: 5, title: 'Holding the common tones' },
      { startSeconds: 10, title: 'Avoiding parallel fifths' },
    ],
    media: { pattern: 'cellauto', width: 1280, height: 720, duration: 15, toneHz: 349 },
  },
  {
    slug: 'building-a-synth-in-the-browser-with-web-audio',
    title: 'Building a synth in the browser with Web Audio',
    description: `Lena plays, Ada codes: an oscillator, a filter and an envelope in about fifty lines of JavaScript, then a tiny keyboard to play it.

Waiting for review because it links to an external code playground.`,
    creator: 'lena-fischer',
    collaborators: ['ada-moreno'],
    category: 'music',
    tags: ['javascript', 'music-theory'],
    language: 'en',
    visibility: 'public',
    moderationState: 'pending',
    published: true,
    daysAgo: 2,
    viewCount: 0,
    ratingAverage: 0,
    ratingCount: 0,
    commentCount: 0,
    media: { pattern: 'testsrc2', width: 854, height: 480, duration: 11, toneHz: 220 },
  },

  // ── Kenji Watanabe · Cooking ─────────────────────────────────────────────────────────────────
  {
    slug: 'weeknight-ramen-in-20-minutes',
    title: 'Weeknight ramen in 20 minutes',
    description: `A quick shoyu ramen from pantry staples: a fast broth, noodles cooked separately, and toppings you can prepare while the water boils.

**Ingredients (2 bowls)**

- 800 ml chicken stock, 2 tbsp soy sauce, 1 tbsp mirin
- 2 portions fresh ramen noodles
- 2 soft-boiled eggs, spring onions, nori`,
    creator: 'kenji-watanabe',
    category: 'cooking',
    tags: ['quick-tip'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 36,
    viewCount: 39055,
    ratingAverage: 4.6,
    ratingCount: 702,
    commentCount: 133,
    chapters: [
      { startSeconds: 0, title: 'A fast broth' },
      { startSeconds: 4, title: 'Cooking the noodles' },
      { startSeconds: 9, title: 'Toppings and assembly' },
    ],
    media: { pattern: 'gradients', width: 1280, height: 720, duration: 14, toneHz: 311 },
  },
  {
    slug: 'no-knead-bread-step-by-step',
    title: 'No-knead bread, explained step by step',
    description: `Flour, water, salt, a pinch of yeast and time. Why a long, slow rise builds gluten for you, and how to shape and bake the loaf in a covered pot.

| Step | Time |
| --- | --- |
| Mix | 5 min |
| First rise | 12–18 h |
| Shape and proof | 1–2 h |
| Bake | 45 min |`,
    creator: 'kenji-watanabe',
    category: 'cooking',
    tags: ['baking', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 29,
    viewCount: 22741,
    ratingAverage: 4.7,
    ratingCount: 461,
    commentCount: 74,
    chapters: [
      { startSeconds: 0, title: 'Mixing a shaggy dough' },
      { startSeconds: 6, title: 'The long first rise' },
      { startSeconds: 9, title: 'Shaping and baking in a covered pot' },
    ],
    media: { pattern: 'life', width: 854, height: 480, duration: 16, toneHz: 370 },
  },
  {
    slug: 'knife-skills-claw-grip-and-rock-chop',
    title: 'Knife skills: the claw grip and the rock chop',
    description: `Two techniques that make chopping faster *and* safer. Filmed vertically so you can keep it open on your phone next to the board.`,
    creator: 'kenji-watanabe',
    category: 'cooking',
    tags: ['quick-tip', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 17,
    viewCount: 56330,
    ratingAverage: 4.5,
    ratingCount: 980,
    commentCount: 58,
    media: { pattern: 'testsrc2', width: 480, height: 854, duration: 8, toneHz: 415 },
  },
  {
    slug: 'dashi-from-scratch',
    title: 'Dashi from scratch: kombu, katsuobushi and patience',
    description: `Dashi is the base of miso soup, noodle broths and countless sauces. We make *ichiban dashi* and then reuse the same ingredients for a second, milder stock.

Keep the kombu below a simmer: boiling it turns the broth slimy and bitter.`,
    creator: 'kenji-watanabe',
    category: 'cooking',
    tags: ['deep-dive'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 10,
    viewCount: 7402,
    ratingAverage: 4.8,
    ratingCount: 164,
    commentCount: 29,
    media: { pattern: 'rgbtestsrc', width: 640, height: 360, duration: 10, toneHz: 277 },
  },
  {
    slug: 'rough-cut-sourdough-timelapse',
    title: 'Rough cut: sourdough timelapse',
    description: `Private test upload: 14 hours of bulk fermentation squeezed into a few seconds. Not ready to share yet.`,
    creator: 'kenji-watanabe',
    category: 'cooking',
    tags: ['baking'],
    language: 'en',
    visibility: 'private',
    moderationState: 'approved',
    published: true,
    daysAgo: 3,
    viewCount: 3,
    ratingAverage: 0,
    ratingCount: 0,
    commentCount: 0,
    media: { pattern: 'life', width: 640, height: 360, duration: 5, toneHz: 466 },
  },

  // ── Priya Raman · Science ────────────────────────────────────────────────────────────────────
  {
    slug: 'how-far-away-is-the-moon-really',
    title: 'How far away is the Moon, really?',
    description: `Textbook pictures put the Moon a few Earth-widths away. The real gap is about **30 Earth diameters**: we check it with a basketball, a tennis ball and a tape measure.

Bonus: how Aristarchus estimated it with nothing but a lunar eclipse.`,
    creator: 'priya-raman',
    category: 'science',
    tags: ['astronomy', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 39,
    viewCount: 61220,
    ratingAverage: 4.9,
    ratingCount: 1420,
    commentCount: 211,
    chapters: [
      { startSeconds: 0, title: 'A basketball and a tennis ball' },
      { startSeconds: 6, title: 'Thirty Earth diameters' },
      { startSeconds: 9, title: 'Aristarchus and the lunar eclipse' },
    ],
    media: { pattern: 'smptehdbars', width: 1280, height: 720, duration: 13, toneHz: 196 },
  },
  {
    slug: 'physics-of-a-vibrating-string',
    title: 'The physics of a vibrating string',
    description: `Why does a shorter string sound higher? Priya brings the wave equation, Lena brings a piano, and together they explain harmonics, overtones and why an octave is a 2:1 ratio.

- standing waves and nodes
- the harmonic series
- what makes a piano and a guitar sound different`,
    creator: 'priya-raman',
    collaborators: ['lena-fischer'],
    category: 'science',
    tags: ['physics', 'music-theory'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 24,
    viewCount: 18466,
    ratingAverage: 4.8,
    ratingCount: 402,
    commentCount: 53,
    chapters: [
      { startSeconds: 0, title: 'Standing waves' },
      { startSeconds: 5, title: 'Harmonics' },
      { startSeconds: 10, title: 'Timbre' },
    ],
    media: { pattern: 'mandelbrot', width: 854, height: 480, duration: 15, toneHz: 247 },
  },
  {
    slug: 'measuring-g-with-a-phone-and-a-pendulum',
    title: 'Measuring g with a phone and a pendulum',
    description: `A key on a string, a phone stopwatch and one formula, \`T = 2π·√(L/g)\`. We measure the acceleration due to gravity to within 1% and talk about where the error comes from.`,
    creator: 'priya-raman',
    category: 'science',
    tags: ['physics', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 19,
    viewCount: 11893,
    ratingAverage: 4.6,
    ratingCount: 219,
    commentCount: 37,
    chapters: [
      { startSeconds: 0, title: 'Measuring the string length' },
      { startSeconds: 3, title: 'Timing twenty swings' },
      { startSeconds: 6, title: 'Where the error comes from' },
      { startSeconds: 9, title: 'Small swings and the result' },
    ],
    media: { pattern: 'cellauto', width: 640, height: 360, duration: 12, toneHz: 294 },
  },
  {
    slug: 'why-the-sky-is-blue-and-sunsets-are-red',
    title: 'Why the sky is blue (and sunsets are red)',
    description: `Rayleigh scattering in one picture: short wavelengths bounce around the atmosphere far more than long ones. At sunset the light crosses so much air that the blue is gone before it reaches you.`,
    creator: 'priya-raman',
    category: 'science',
    tags: ['physics', 'color'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 6,
    viewCount: 6710,
    ratingAverage: 4.7,
    ratingCount: 122,
    commentCount: 20,
    media: { pattern: 'gradients', width: 1280, height: 720, duration: 10, toneHz: 523 },
  },
  {
    slug: 'reading-a-star-chart-for-the-first-time',
    title: 'Reading a star chart for the first time',
    description: `Hold it above your head, face north, and find the Plough. A four-second tip before your first night out.`,
    creator: 'priya-raman',
    category: 'science',
    tags: ['astronomy', 'quick-tip'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 1,
    viewCount: 845,
    ratingAverage: 4.3,
    ratingCount: 19,
    commentCount: 3,
    media: { pattern: 'life', width: 854, height: 480, duration: 4, toneHz: 587 },
  },

  // ── Tomás Silva · Design and Languages ───────────────────────────────────────────────────────
  {
    slug: 'kerning-by-eye-a-practical-introduction',
    title: 'Kerning by eye: a practical introduction',
    description: `Kerning is about equal-looking *areas* between letters, not equal distances. We kern a logo word by word, flipping it upside down so we see shapes instead of letters.`,
    creator: 'tomas-silva',
    category: 'design',
    tags: ['typography', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 31,
    viewCount: 14388,
    ratingAverage: 4.7,
    ratingCount: 305,
    commentCount: 41,
    media: { pattern: 'testsrc2', width: 1280, height: 720, duration: 12, toneHz: 349 },
  },
  {
    slug: 'choosing-a-color-palette-with-contrast-in-mind',
    title: 'Choosing a color palette with contrast in mind',
    description: `Start from contrast, not from hue. We build an accessible palette for an interface: a neutral ramp, one accent, and text colours that pass WCAG AA on every background they are used on.

1. Pick the lightest and darkest neutrals
2. Fill the ramp in perceptual steps
3. Check every text/background pair
4. Only then choose the accent`,
    creator: 'tomas-silva',
    category: 'design',
    tags: ['color', 'deep-dive'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 14,
    viewCount: 10271,
    ratingAverage: 4.8,
    ratingCount: 233,
    commentCount: 26,
    chapters: [
      { startSeconds: 0, title: 'Neutrals first' },
      { startSeconds: 5, title: 'A perceptual ramp' },
      { startSeconds: 10, title: 'Checking contrast' },
      { startSeconds: 15, title: 'The accent colour' },
    ],
    media: { pattern: 'rgbtestsrc', width: 854, height: 480, duration: 20, toneHz: 392 },
  },
  {
    slug: 'portuguese-pronunciation-the-nasal-vowels',
    title: 'Portuguese pronunciation: the nasal vowels',
    description: `*Pão*, *mãe*, *bom*: the sounds that give European Portuguese its character. Where the air goes, how to practise them, and five words to say every morning.`,
    creator: 'tomas-silva',
    category: 'languages',
    tags: ['pronunciation', 'beginner'],
    language: 'en',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 11,
    viewCount: 4980,
    ratingAverage: 4.5,
    ratingCount: 88,
    commentCount: 14,
    media: { pattern: 'smptebars', width: 640, height: 360, duration: 9, toneHz: 330 },
  },
  {
    slug: 'conversa-rapida-pedir-um-cafe-em-lisboa',
    title: 'Conversa rápida: pedir um café em Lisboa',
    description: `Uma conversa curta, só em português: como pedir uma *bica*, um *galão* ou um *pingado*, e como pagar ao balcão.

Vocabulário: **a bica** (espresso), **o galão** (café com muito leite), **a conta** (the bill).`,
    creator: 'tomas-silva',
    category: 'languages',
    tags: ['pronunciation'],
    language: 'pt-PT',
    visibility: 'public',
    moderationState: 'approved',
    published: true,
    daysAgo: 4,
    viewCount: 2156,
    ratingAverage: 4.4,
    ratingCount: 37,
    commentCount: 9,
    media: { pattern: 'cellauto', width: 640, height: 360, duration: 7, toneHz: 440 },
  },
];

export const playlists: SeedPlaylist[] = [
  {
    slug: 'javascript-from-the-ground-up',
    title: 'JavaScript from the ground up',
    description: 'Async code and testing, in the order I teach them. Start here if promises still feel like magic.',
    creator: 'ada-moreno',
    visibility: 'public',
    daysAgo: 30,
    // includes the unlisted office-hours video: public readers must not see it in the list
    videos: [
      'async-await-without-the-mystery',
      'javascript-event-loop-one-frame-at-a-time',
      'office-hours-7-async-questions',
      'writing-tests-you-will-still-trust-next-year',
    ],
  },
  {
    slug: 'ear-training-and-harmony',
    title: 'Ear training and harmony',
    description: 'From hearing intervals to smooth voice leading, plus the physics behind it all.',
    creator: 'lena-fischer',
    visibility: 'public',
    daysAgo: 20,
    course: {
      sections: [
        { title: 'Hearing', fromLesson: 1 },
        { title: 'Harmony', fromLesson: 2 },
        { title: 'The physics behind it', fromLesson: 4 },
      ],
    },
    videos: [
      'hearing-intervals-two-week-ear-training-plan',
      'why-the-circle-of-fifths-works',
      'voice-leading-in-four-chords',
      'physics-of-a-vibrating-string',
    ],
  },
  {
    slug: 'weeknight-kitchen',
    title: 'Weeknight kitchen',
    description:
      'Short videos for busy evenings: knife skills first, then broths and noodles, then bread for the weekend.',
    creator: 'kenji-watanabe',
    visibility: 'public',
    daysAgo: 9,
    videos: [
      'knife-skills-claw-grip-and-rock-chop',
      'weeknight-ramen-in-20-minutes',
      'dashi-from-scratch',
      'no-knead-bread-step-by-step',
    ],
  },
  {
    slug: 'studio-references',
    title: 'Studio references',
    description: 'Private: videos I show clients before a branding workshop.',
    creator: 'tomas-silva',
    visibility: 'private',
    daysAgo: 5,
    videos: [
      'kerning-by-eye-a-practical-introduction',
      'choosing-a-color-palette-with-contrast-in-mind',
      'why-the-sky-is-blue-and-sunsets-are-red',
    ],
  },
];
