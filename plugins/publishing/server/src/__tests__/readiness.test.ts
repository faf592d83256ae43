/** Whether a video may be published, and what the creator is told when not. */
import { notReadyReason, refusalMessage } from '../utils/readiness';

describe('notReadyReason', () => {
  it('lets a ready video through', () => {
    expect(notReadyReason({ processingStatus: 'ready' })).toBeNull();
  });

  it('names each state a creator meets on the way', () => {
    expect(notReadyReason({ processingStatus: 'processing', processingProgress: 41.6 })).toBe(
      'its video is still being processed (42 % done)',
    );
    // never "100 % done" while it is not ready
    expect(notReadyReason({ processingStatus: 'processing', processingProgress: 100 })).toMatch(/\(99 % done\)/);
    expect(notReadyReason({ processingStatus: 'queued' })).toBe('its video is waiting to be processed');
    expect(notReadyReason({ processingStatus: 'uploaded', sourceKey: 'sources/abc.mp4' })).toBe(
      'its video is waiting to be processed',
    );
    expect(notReadyReason({ processingStatus: 'uploaded' })).toBe('it has no video file yet');
    // publish early: once the first seconds play (a growing playlist), not before, and only when the creator chose it
    const playable = { processingStatus: 'processing', processingProgress: 12, playbackAssets: { growing: true } };
    expect(notReadyReason({ ...playable, publishEarly: true })).toBeNull();
    expect(notReadyReason({ ...playable, publishEarly: false })).toBe('its video is still being processed (12 % done)');
    expect(notReadyReason({ ...playable, publishEarly: true, playbackAssets: null })).toMatch(/still being processed/);
    expect(notReadyReason({ processingStatus: 'queued', publishEarly: true })).toMatch(/waiting to be processed/);
    expect(notReadyReason({ processingStatus: 'failed', failureReason: 'No video stream.' })).toBe(
      'its video could not be processed (No video stream)',
    );
  });
});

describe('refusalMessage', () => {
  it('says what to do instead, by state', () => {
    const processing = { title: 'Lesson 3', processingStatus: 'processing', processingProgress: 40 };
    expect(refusalMessage(processing, notReadyReason(processing)!)).toBe(
      '“Lesson 3” can’t be published yet: its video is still being processed (40 % done). Set “Scheduled at” instead: it is published as soon as it is ready, at that time or later. To publish it while it is still processing, turn on “Publish early”.',
    );
    const early = { ...processing, processingProgress: 2, publishEarly: true };
    expect(refusalMessage(early, notReadyReason(early)!)).toBe(
      '“Lesson 3” can’t be published yet: its video is still being processed (2 % done). It can be published as soon as its first seconds play, while the rest is processed: try again in a moment, or set “Scheduled at” and it is published then.',
    );
    const failed = { title: 'Lesson 4', processingStatus: 'failed' };
    expect(refusalMessage(failed, notReadyReason(failed)!)).toMatch(/Replace the video file, then publish\.$/);
    const empty = { processingStatus: 'uploaded' };
    expect(refusalMessage(empty, notReadyReason(empty)!)).toBe(
      'This video can’t be published yet: it has no video file yet. Upload its video file first (Videos: upload & queue).',
    );
  });
});
