import type { InboxVideo } from '@framecast/contracts';
import { isProcessing, processingLabel } from '../utils/inbox';

const video = (extra: Partial<InboxVideo>): InboxVideo => ({
  documentId: 'doc0000000001',
  title: 'Lesson',
  visibility: 'public',
  processingStatus: 'uploaded',
  processingProgress: 0,
  hasVideoFile: true,
  notReady: null,
  scheduledAt: null,
  category: null,
  tags: [],
  createdAt: '2026-12-03T10:00:00.000Z',
  ...extra,
});

describe('the upload inbox rows', () => {
  test('say where processing stands, and the inbox looks again only while a file is being processed', () => {
    expect(processingLabel(video({ processingStatus: 'processing', processingProgress: 41.6 }))).toBe(
      'Processing 42 %',
    );
    expect(processingLabel(video({ processingStatus: 'processing', processingProgress: 100 }))).toBe('Processing 99 %');
    expect(processingLabel(video({ processingStatus: 'queued' }))).toBe('Waiting to be processed');
    expect(processingLabel(video({ processingStatus: 'ready' }))).toBe('Ready');
    expect(processingLabel(video({ processingStatus: 'failed' }))).toBe('Failed');
    expect(processingLabel(video({ hasVideoFile: false }))).toBe('No video file');

    expect(isProcessing(video({ processingStatus: 'uploaded' }))).toBe(true);
    expect(isProcessing(video({ processingStatus: 'processing' }))).toBe(true);
    expect(isProcessing(video({ processingStatus: 'ready' }))).toBe(false);
    expect(isProcessing(video({ processingStatus: 'failed' }))).toBe(false);
    // a draft without a file has nothing to wait for
    expect(isProcessing(video({ hasVideoFile: false }))).toBe(false);
  });
});
