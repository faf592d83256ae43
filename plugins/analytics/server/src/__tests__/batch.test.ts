import { ANALYTICS_LIMITS } from '@framecast/contracts';
import { parsePlaybackBatch } from '../validation/batch';

const batch = (overrides: Record<string, unknown> = {}) => ({
  video: 'abcdefghij0123456789abcd',
  session: 'Session_0123456789-xyz',
  duration: 60,
  src: 'related',
  events: [
    { type: 'start', seq: 0, t: 0, at: 0, startupMs: 420 },
    {
      type: 'heartbeat',
      seq: 1,
      t: 15_000,
      ranges: [
        [0, 10],
        [30, 35.5],
      ],
    },
    { type: 'pause', seq: 2, t: 16_000, at: 35.5 },
    { type: 'quality', seq: 3, t: 17_000, at: 35.5, height: 720, auto: true },
    { type: 'stall', seq: 4, t: 18_000, at: 35.5, durationMs: 1200 },
    { type: 'error', seq: 5, t: 19_000, at: 35.5, code: 'fragLoadError', fatal: false },
    { type: 'end', seq: 6, t: 40_000, at: 60, left: false },
  ],
  ...overrides,
});

const refusal = (body: unknown) => {
  try {
    parsePlaybackBatch(body);
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('accepted');
};

const heartbeat = (ranges: unknown) => batch({ events: [{ type: 'heartbeat', seq: 0, t: 0, ranges }] });

describe('a playback batch', () => {
  it('accepts every event type', () => {
    expect(parsePlaybackBatch(batch())).toEqual(batch());
  });

  it('clips ranges that overshoot the end within the slack', () => {
    expect(parsePlaybackBatch(heartbeat([[58, 61.5]])).events[0]).toMatchObject({ ranges: [[58, 60]] });
  });

  it('refuses bad ranges with a clear message', () => {
    expect(refusal(heartbeat([[10, 5]]))).toEqual({
      name: 'ValidationError',
      message: 'Invalid playback batch: events.0.ranges.0: a range must not end before it starts',
    });
    expect(refusal(heartbeat([[-1, 5]])).message).toContain('events.0.ranges.0.0: from must be 0 or more');
    expect(refusal(heartbeat([[50, 62.5]])).message).toContain('a range must not end past the end of the video');
    expect(refusal(heartbeat([[Number.NaN, 5]])).message).toContain('from must be a');
    expect(refusal(heartbeat([[0, Infinity]])).message).toContain('to must be a');
    expect(refusal(heartbeat([[0, 1, 2]])).message).toContain('events.0.ranges.0');
    expect(refusal(heartbeat('0-5')).message).toContain('ranges must be a list of [from, to]');
    const many = Array.from({ length: ANALYTICS_LIMITS.maxRangesPerHeartbeat + 1 }, (_, i) => [i, i + 0.5]);
    expect(refusal(heartbeat(many)).message).toContain('at most 20 ranges');
  });

  it('refuses bad batches, naming the field', () => {
    expect(refusal(undefined).message).toContain('video must be a video id');
    expect(refusal(batch({ video: '../etc' })).message).toContain('video: video must be a video id');
    expect(refusal(batch({ session: 'short' })).message).toContain('session: session must be a session id');
    expect(refusal(batch({ duration: 0 })).message).toContain('duration must be above 0');
    expect(refusal(batch({ src: 'spam' })).message).toContain('src must be one of home, search');
    expect(refusal(batch({ events: [] })).message).toContain('events must not be empty');
    expect(refusal(batch({ extra: 1 })).message).toContain('unknown field "extra"');
    const events = Array.from({ length: ANALYTICS_LIMITS.maxEventsPerBatch + 1 }, (_, seq) => ({
      type: 'pause',
      seq,
      t: seq,
      at: 1,
    }));
    expect(refusal(batch({ events })).message).toContain('at most 50 events');
  });

  it('refuses bad events', () => {
    const one = (event: Record<string, unknown>) => refusal(batch({ events: [{ seq: 0, t: 0, ...event }] })).message;
    expect(one({ type: 'seek', at: 1 })).toContain('type must be one of');
    expect(one({ type: 'pause', at: 62.5 })).toContain('at is past the end of the video');
    expect(one({ type: 'start', at: 0, startupMs: -5 })).toContain('startupMs must be 0 or more');
    expect(one({ type: 'start', at: 0, startupMs: 1.5 })).toContain('startupMs must be whole milliseconds');
    expect(one({ type: 'stall', at: 0 })).toContain('durationMs');
    expect(one({ type: 'error', at: 0, code: '<script>', fatal: true })).toContain('code may hold');
    expect(one({ type: 'pause', at: 0, extra: true })).toContain('unknown field "extra"');
    expect(
      refusal(
        batch({
          events: [
            { type: 'pause', seq: 3, t: 0, at: 1 },
            { type: 'pause', seq: 3, t: 1, at: 1 },
          ],
        }),
      ).message,
    ).toContain('events.1.seq: seq is repeated');
  });
});
