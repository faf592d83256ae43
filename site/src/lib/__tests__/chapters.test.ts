import { chapterAt, chapterMarkers, parseChapters } from '../player/chapter-markers';
import { chaptersFromDescription, watchChapters } from '../watch/chapters';

describe('chaptersFromDescription', () => {
  it('reads timestamps at the start of lines, in the forms creators write them', () => {
    const description = [
      'What we cover:',
      '',
      '0:00 Intro',
      '- 1:05 - Knife work',
      '[12:30] Stock: bones, water, time',
      '1:02:03 | Wrap-up',
      'At 2:00 we talk about salt (not a chapter: the time is not at the start)',
    ].join('\n');
    expect(chaptersFromDescription(description, 4000)).toEqual([
      { startSeconds: 0, title: 'Intro' },
      { startSeconds: 65, title: 'Knife work' },
      { startSeconds: 750, title: 'Stock: bones, water, time' },
      { startSeconds: 3723, title: 'Wrap-up' },
    ]);
  });

  it.each([
    ['one timestamp only', '0:00 Intro'],
    ['not starting at 0:00', '0:10 Intro\n1:00 Middle'],
    ['out of order', '0:00 Intro\n2:00 Later\n1:00 Earlier'],
    ['the same time twice', '0:00 Intro\n1:00 A\n1:00 B'],
    ['seconds past 59', '0:00 Intro\n1:75 Odd'],
    ['past the end of the video', '0:00 Intro\n9:00 After the end'],
    ['no description', ''],
  ])('gives no chapters when %s', (_, description) => {
    expect(chaptersFromDescription(description, 300)).toEqual([]);
  });

  it('cuts a long title at 100 characters, and reads its Markdown as text', () => {
    const [, second] = chaptersFromDescription(`0:00 Intro\n0:30 ${'x'.repeat(150)}`);
    expect(second!.title).toHaveLength(100);
    expect(chaptersFromDescription('- 0:00 *Why* `async`\n- 0:08 <b>Bold</b> [link](https://x.test)')).toEqual([
      { startSeconds: 0, title: 'Why async' },
      { startSeconds: 8, title: 'Bold link' },
    ]);
  });
});

describe('watchChapters', () => {
  it('prefers the creator’s chapter list, in order, over the description', () => {
    expect(
      watchChapters({
        chapters: [
          { startSeconds: 30, title: 'Second' },
          { startSeconds: 0, title: 'First' },
        ],
        description: '0:00 Ignored\n0:10 Also ignored',
        duration: 60,
      }).map((chapter) => chapter.title),
    ).toEqual(['First', 'Second']);
    expect(watchChapters({ chapters: [], description: '0:00 A\n0:10 B', duration: '60' })).toHaveLength(2);
  });
});

describe('chapterMarkers', () => {
  it('marks every chapter after the first, its title escaped (Plyr writes labels as HTML)', () => {
    const json = JSON.stringify([
      { startSeconds: 0, title: 'Intro' },
      { startSeconds: 64.6, title: '<img src=x onerror=alert(1)> & "more"' },
    ]);
    expect(chapterMarkers(json)).toEqual([
      { time: 65, label: '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;' },
    ]);
  });

  it('ignores what is not a chapter list', () => {
    expect(chapterMarkers(undefined)).toEqual([]);
    expect(chapterMarkers('not json')).toEqual([]);
    expect(chapterMarkers('{"startSeconds":3}')).toEqual([]);
    expect(chapterMarkers('[{"startSeconds":"3","title":"x"},null]')).toEqual([]);
  });
});

describe("chapterAt: the storyboard preview's chapter line", () => {
  const chapters = parseChapters(
    JSON.stringify([
      { startSeconds: 10, title: 'Second' },
      { startSeconds: 0, title: 'First' },
      { startSeconds: 'x', title: 'Broken' },
      { startSeconds: 30, title: '<b>Third</b>' },
    ]),
  );
  it('names the chapter playing at a time, in time order, broken entries left out', () => {
    expect(chapters.map((chapter) => chapter.title)).toEqual(['First', 'Second', '<b>Third</b>']);
    expect(chapterAt(chapters, 0)).toBe('First');
    expect(chapterAt(chapters, 9.9)).toBe('First');
    expect(chapterAt(chapters, 10)).toBe('Second');
    // the raw title: the player writes it as text
    expect(chapterAt(chapters, 99)).toBe('<b>Third</b>');
    expect(chapterAt(parseChapters('not json'), 5)).toBeUndefined();
    expect(chapterAt(parseChapters(JSON.stringify([{ startSeconds: 5, title: 'Late' }])), 2)).toBeUndefined();
  });
});
