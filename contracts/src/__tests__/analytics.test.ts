import { MIN_VIEW_SECONDS, SOURCE_TAGS, TRAFFIC_SOURCES, VIEW_RULE, countsAsView } from '..';

describe('the view rule', () => {
  it('is what discovery counts: 5 s of playback, once per viewer per 24 h', () => {
    expect(VIEW_RULE).toEqual({ minPlayedSeconds: MIN_VIEW_SECONDS, oncePerViewerMs: 86_400_000 });
    expect(MIN_VIEW_SECONDS).toBe(5);
  });

  it('counts a session from 5 s played', () => {
    expect(countsAsView(4.999)).toBe(false);
    expect(countsAsView(5)).toBe(true);
    expect(countsAsView(3600)).toBe(true);
    expect(countsAsView(Number.NaN)).toBe(false);
    expect(countsAsView(Infinity)).toBe(false);
  });

  it('maps every src tag onto a traffic source', () => {
    for (const source of Object.values(SOURCE_TAGS)) expect(TRAFFIC_SOURCES).toContain(source);
  });
});
