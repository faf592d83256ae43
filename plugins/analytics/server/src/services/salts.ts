/**
 * The viewer-key salt of the current period (a UTC day by default): random, made on first use, and forgotten when the
 * period ends, so no key can be recomputed later. Held in this process's memory: one CMS instance; several need it in
 * a shared store (Redis or a table), which is the next step before the plugin is enabled.
 */
import type { Core } from '@strapi/strapi';
import { parseAnalyticsSettings } from '../config';
import { newSalt, saltPeriodStart } from '../utils/viewer-key';

export function saltStore(rotationHours: number, makeSalt: () => Buffer = newSalt) {
  let current: { period: number; salt: Buffer } | undefined;
  return {
    /** The salt for `now`'s period; the previous period's salt is dropped (and zeroed) when a new one begins. */
    saltFor(now: number = Date.now()): { period: number; salt: Buffer } {
      const period = saltPeriodStart(now, rotationHours);
      if (current?.period !== period) {
        current?.salt.fill(0);
        current = { period, salt: makeSalt() };
      }
      return current;
    },
    forget(): void {
      current?.salt.fill(0);
      current = undefined;
    },
  };
}

export type SaltsService = ReturnType<typeof saltStore>;

export default ({ strapi }: { strapi: Core.Strapi }): SaltsService =>
  saltStore(parseAnalyticsSettings(strapi.config.get('plugin::analytics')).saltRotationHours);
