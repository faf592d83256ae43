import { ANALYTICS_LIMITS } from '@framecast/contracts';
import { newSessionId, PlaybackRecorder } from '../player/playback-events';

function recorder(extra: Partial<ConstructorParameters<typeof PlaybackRecorder>[0]> = {}) {
  let clock = 1000;
  const rec = new PlaybackRecorder({ video: 'v1', session: 'session-0000000001', now: () => clock, ...extra });
  rec.duration = 100;
  return { rec, advance: (ms: number) => (clock += ms) };
}

/** timeupdate ticks every 250 ms of media time from `from` to `to`. */
function play(rec: PlaybackRecorder, from: number, to: number) {
  for (let t = from; t <= to + 1e-9; t += 0.25) rec.tick(t);
}

describe('the playback recorder', () => {
  test('records played ranges; a seek closes a range and the jump is never watched', () => {
    const { rec, advance } = recorder({ src: 'related' });
    rec.playRequested();
    advance(380);
    rec.playing(0);
    play(rec, 0, 20);
    rec.seeking();
    play(rec, 50, 60);
    rec.heartbeat();
    const batch = rec.takeBatch()!;
    expect(batch).toMatchObject({ video: 'v1', session: 'session-0000000001', duration: 100, src: 'related' });
    expect(batch.events[0]).toEqual({ type: 'start', seq: 0, t: 380, at: 0, startupMs: 380 });
    expect(batch.events[1]).toMatchObject({
      type: 'heartbeat',
      seq: 1,
      ranges: [
        [0, 20],
        [50, 60],
      ],
    });
    expect(rec.takeBatch()).toBeNull();
  });

  test('counts playback from where play was asked, though the first frame event comes a little later', () => {
    const { rec } = recorder();
    rec.playRequested(0);
    // hls.js seeks over the stream's first hundredths of a second before the first frame
    rec.seeking();
    rec.playing(0.072);
    play(rec, 0.25, 5);
    rec.heartbeat();
    const heartbeat = rec.takeBatch()!.events.find((event) => event.type === 'heartbeat') as { ranges: unknown };
    expect(heartbeat.ranges).toEqual([[0, 5]]);
  });

  test('continues a range across heartbeats without counting a moment twice', () => {
    const { rec } = recorder();
    rec.playing(0);
    play(rec, 0, 10);
    rec.heartbeat();
    play(rec, 10.25, 20);
    rec.heartbeat();
    const heartbeats = rec.takeBatch()!.events.filter((event) => event.type === 'heartbeat');
    expect(heartbeats.map((event) => (event as { ranges: unknown }).ranges)).toEqual([[[0, 10]], [[10, 20]]]);
  });

  test('times a stall, not a seek; pause and end carry where they happened', () => {
    const { rec, advance } = recorder();
    rec.playing(0);
    play(rec, 0, 5);
    rec.waiting();
    advance(1500);
    rec.playing(5);
    rec.seeking();
    rec.waiting();
    rec.seeking();
    rec.playing(40);
    rec.pause(40);
    rec.end(100);
    const types = rec.takeBatch()!.events.map((event) => event.type);
    expect(types).toEqual(['start', 'stall', 'heartbeat', 'pause', 'end']);
    const { rec: again, advance: later } = recorder();
    again.playing(0);
    again.waiting();
    later(1500);
    again.playing(3);
    expect(again.takeBatch()!.events[1]).toMatchObject({ type: 'stall', durationMs: 1500, at: 3 });
  });

  test('drops a source tag the platform does not know; sends nothing before the duration is known', () => {
    const { rec } = recorder({ src: 'spam', referrer: 'https://elsewhere.test/a' });
    rec.playing(0);
    const batch = rec.takeBatch()!;
    expect(batch).toMatchObject({ referrer: 'https://elsewhere.test/a' });
    expect(batch).not.toHaveProperty('src');
    const unknown = new PlaybackRecorder({ video: 'v', session: 'session-0000000002', now: () => 0 });
    unknown.playing(0);
    expect(unknown.takeBatch()).toBeNull();
    unknown.duration = Number.NaN;
    expect(unknown.takeBatch()).toBeNull();
    unknown.duration = 12;
    expect(unknown.takeBatch()?.events).toHaveLength(1);
  });

  test('splits what piled up into beacons and heartbeats within the limits', () => {
    const { rec } = recorder();
    rec.playing(0);
    for (let i = 0; i < 30; i += 1) {
      play(rec, i * 3, i * 3 + 1);
      rec.jump();
    }
    expect(rec.heartbeatDue).toBe(true);
    rec.heartbeat();
    for (let i = 0; i < 60; i += 1) rec.quality(1, 360, true);
    const first = rec.takeBatch()!;
    expect(first.events).toHaveLength(ANALYTICS_LIMITS.maxEventsPerBatch);
    const heartbeats = first.events.filter((event) => event.type === 'heartbeat') as Array<{ ranges: unknown[] }>;
    expect(heartbeats.map((event) => event.ranges.length)).toEqual([20, 10]);
    expect(rec.takeBatch()!.events.length).toBe(1 + 2 + 60 - ANALYTICS_LIMITS.maxEventsPerBatch);
  });

  test('makes URL-safe session ids the CMS accepts', () => {
    const id = newSessionId((bytes) => bytes.fill(251));
    expect(id).toMatch(ANALYTICS_LIMITS.sessionIdPattern);
    expect(id).not.toMatch(/[+/=]/);
  });
});
