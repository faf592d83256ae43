import { commentFields, parseSocialAction } from '../community/actions';

describe('parseSocialAction', () => {
  it('takes a premiere reminder by the premiere’s slug, and nothing else', () => {
    expect(parseSocialAction({ intent: 'remind', slug: 'kiln-build-live' })).toEqual({
      ok: true,
      action: { intent: 'remind', slug: 'kiln-build-live' },
    });
    expect(parseSocialAction({ intent: 'unremind', slug: 'kiln-build-live' }).ok).toBe(true);
    for (const slug of ['', 'Not A Slug', '../admin', 'a'.repeat(201)])
      expect(parseSocialAction({ intent: 'remind', slug })).toEqual({ ok: false, message: 'Which premiere?' });
  });

  it('parses a reply with a trimmed body', () => {
    expect(parseSocialAction({ intent: 'comment', video: 'abc123', body: '  hi\r\nthere ', replyTo: '7' })).toEqual({
      ok: true,
      action: { intent: 'comment', video: 'abc123', body: 'hi\nthere', replyTo: 7 },
    });
  });

  it('refuses empty and over-long comments', () => {
    expect(parseSocialAction({ intent: 'comment', video: 'abc', body: '   ' }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'comment', video: 'abc', body: 'x'.repeat(2001) }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'comment', video: 'abc', body: 'x'.repeat(2000) }).ok).toBe(true);
  });

  it('takes 1-5 whole stars and an empty review as none', () => {
    expect(parseSocialAction({ intent: 'rate', video: 'v1', stars: '4', review: ' ' })).toEqual({
      ok: true,
      action: { intent: 'rate', video: 'v1', stars: 4, review: null },
    });
    for (const stars of ['0', '6', '2.5', '', 'x'])
      expect(parseSocialAction({ intent: 'rate', video: 'v1', stars }).ok).toBe(false);
  });

  it('only known report reasons', () => {
    expect(parseSocialAction({ intent: 'report-comment', comment: '3', reason: 'spam' }).ok).toBe(true);
    expect(parseSocialAction({ intent: 'report-comment', comment: '3', reason: 'boring' }).ok).toBe(false);
  });

  it('a video report: a reason from the list, an optional note within its limit, a video id that stays an id', () => {
    expect(
      parseSocialAction({ intent: 'report-video', video: 'v1', reason: 'copyright', note: '  mine \r\n ' }),
    ).toEqual({
      ok: true,
      action: { intent: 'report-video', video: 'v1', reason: 'copyright', note: 'mine' },
    });
    expect(parseSocialAction({ intent: 'report-video', video: 'v1', reason: 'spam', note: '' })).toEqual({
      ok: true,
      action: { intent: 'report-video', video: 'v1', reason: 'spam' },
    });
    expect(parseSocialAction({ intent: 'report-video', video: 'v1', reason: 'boring' })).toEqual({
      ok: false,
      message: 'Pick what is wrong with the video.',
    });
    expect(parseSocialAction({ intent: 'report-video', video: 'v1', reason: 'spam', note: 'x'.repeat(501) }).ok).toBe(
      false,
    );
    expect(parseSocialAction({ intent: 'report-video', video: '../users', reason: 'spam' }).ok).toBe(false);
  });

  it('progress from JSON numbers', () => {
    expect(parseSocialAction({ intent: 'progress', video: 'v1', position: 12.345, duration: 60 })).toEqual({
      ok: true,
      action: { intent: 'progress', video: 'v1', position: 12.3, duration: 60 },
    });
    expect(parseSocialAction({ intent: 'progress', video: 'v1', position: -1, duration: 60 }).ok).toBe(false);
  });

  it('refuses ids that could change the CMS path', () => {
    expect(parseSocialAction({ intent: 'save', video: 'v1', collection: '../users' }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'follow', handle: 'a/b' }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'delete-comment', comment: '1; drop' }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'nope' }).ok).toBe(false);
  });

  it('forum: a new topic on a category or a creator board, one-line title, posts and the owner’s tools', () => {
    expect(
      parseSocialAction({ intent: 'new-topic', board: '@tomas-silva', title: '  Next   week\n', body: ' Hi ' }),
    ).toEqual({ ok: true, action: { intent: 'new-topic', board: '@tomas-silva', title: 'Next week', body: 'Hi' } });
    expect(parseSocialAction({ intent: 'new-topic', board: 'general', title: 'x'.repeat(121), body: 'b' })).toEqual({
      ok: false,
      message: 'Keep the title under 120 characters.',
    });
    for (const board of ['../boards', '@', 'Gen eral', ''])
      expect(parseSocialAction({ intent: 'new-topic', board, title: 't', body: 'b' })).toEqual({
        ok: false,
        message: 'Which board?',
      });
    expect(parseSocialAction({ intent: 'new-topic', board: 'help', title: ' ', body: 'b' }).ok).toBe(false);
    expect(parseSocialAction({ intent: 'post', topic: '12', body: 'Yes', replyTo: '40' })).toEqual({
      ok: true,
      action: { intent: 'post', topic: 12, body: 'Yes', replyTo: 40 },
    });
    expect(parseSocialAction({ intent: 'post', topic: '12/../1', body: 'Yes' }).ok).toBe(false);
    for (const intent of ['lock-topic', 'unpin-topic', 'subscribe-topic', 'delete-topic'])
      expect(parseSocialAction({ intent, topic: '5' })).toEqual({ ok: true, action: { intent, topic: 5 } });
    expect(parseSocialAction({ intent: 'hide-post', comment: '9' })).toEqual({
      ok: true,
      action: { intent: 'hide-post', comment: 9 },
    });
    expect(parseSocialAction({ intent: 'show-post', comment: 'x' }).ok).toBe(false);
  });

  it('a comment form posts on a video, a reply form in a topic', () => {
    expect(commentFields({ video: 'v1' })).toEqual({ intent: 'comment', video: 'v1' });
    expect(commentFields({ topic: 3, canModerate: true, openingPost: 1 })).toEqual({ intent: 'post', topic: '3' });
  });
});
