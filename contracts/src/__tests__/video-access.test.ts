import { isListedVideo, isWatchableVideo } from '../video-access';

const published = '2026-01-01T00:00:00.000Z';

describe('who may watch a video', () => {
  it.each([
    [{ publishedAt: published, visibility: 'public', moderationState: 'approved' }, true, true],
    [{ publishedAt: published, visibility: 'unlisted', moderationState: 'approved' }, false, true],
    [{ publishedAt: published, visibility: 'private', moderationState: 'approved' }, false, false],
    [{ publishedAt: null, visibility: 'public', moderationState: 'approved' }, false, false],
    [{ publishedAt: published, visibility: 'public', moderationState: 'pending' }, false, false],
    [{ publishedAt: published, visibility: 'public', moderationState: 'rejected' }, false, false],
    [{ publishedAt: published, visibility: 'public', moderationState: 'removed' }, false, false],
    [{ publishedAt: published, visibility: null, moderationState: 'approved' }, false, false],
  ])('%o: listed %s, watchable by link %s', (row, listed, watchable) => {
    expect(isListedVideo(row)).toBe(listed);
    expect(isWatchableVideo(row)).toBe(watchable);
  });
});
