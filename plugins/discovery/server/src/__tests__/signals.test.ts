/** The viewer signals other plugins hand discovery: merged per viewer, each list in its source's order; a failing source adds nothing. */
import type { Core } from '@strapi/strapi';
import signalsService from '../services/signals';

function service(warnings: string[] = []) {
  return signalsService({
    strapi: { log: { warn: (message: string) => warnings.push(message) } } as unknown as Core.Strapi,
  });
}

describe('viewer signals', () => {
  it('has nothing without sources', async () => {
    expect(await service().forViewer(1)).toEqual({ follows: [], ratings: [], watched: [] });
  });

  it('merges what each plugin provides for the viewer asked about', async () => {
    const signals = service();
    signals.provide('community', async (viewer) => ({
      follows: [`creator-of-${viewer}`],
      ratings: [{ video: 'v1', stars: 5 }],
    }));
    signals.provide('library', async (viewer) => ({ watched: [`watched-by-${viewer}`, 'v2'] }));
    expect(signals.has('community')).toBe(true);
    expect(await signals.forViewer(7)).toEqual({
      follows: ['creator-of-7'],
      ratings: [{ video: 'v1', stars: 5 }],
      watched: ['watched-by-7', 'v2'],
    });
  });

  it('a source provided again replaces the first; a failing one is logged and skipped', async () => {
    const warnings: string[] = [];
    const signals = service(warnings);
    signals.provide('library', async () => ({ watched: ['old'] }));
    signals.provide('library', async () => ({ watched: ['new'] }));
    signals.provide('community', async () => {
      throw new Error('database gone');
    });
    expect(await signals.forViewer(1)).toEqual({ follows: [], ratings: [], watched: ['new'] });
    expect(warnings).toEqual(["[discovery] the community plugin's viewer signals failed: database gone"]);
  });
});
