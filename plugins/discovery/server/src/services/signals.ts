/**
 * What viewers do in other plugins, for "You might like" (services/recommendations.ts). The plugins that hold it
 * (community: follows and ratings; library: watch history) hand discovery a source in their bootstrap, so the
 * dependency goes one way and discovery never reads their tables: `signals.provide('library', async (viewerId) => …)`.
 */
import type { Core } from '@strapi/strapi';
import type { ViewerSignalSource, ViewerSignals } from '@framecast/contracts';

export type SignalsService = ReturnType<typeof signalsService>;

const signalsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const sources = new Map<string, ViewerSignalSource>();

  return {
    /** Registers (or replaces) the source a plugin offers, under its name. */
    provide(name: string, source: ViewerSignalSource): void {
      sources.set(name, source);
    },

    has(name: string): boolean {
      return sources.has(name);
    },

    /** Every source's signals for this viewer, merged; a failing source adds nothing (and is logged). */
    async forViewer(viewerId: number): Promise<Required<ViewerSignals>> {
      const answers = await Promise.all(
        [...sources].map(async ([name, source]) => {
          try {
            return await source(viewerId);
          } catch (error) {
            strapi.log.warn(
              `[discovery] the ${name} plugin's viewer signals failed: ${error instanceof Error ? error.message : String(error)}`,
            );
            return {};
          }
        }),
      );
      return {
        follows: answers.flatMap((answer) => answer.follows ?? []),
        ratings: answers.flatMap((answer) => answer.ratings ?? []),
        watched: answers.flatMap((answer) => answer.watched ?? []),
      };
    },
  };
};

export default signalsService;
