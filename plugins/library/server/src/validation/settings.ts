/** Body of PATCH /api/library/settings: 400 with a reason. */
import { z } from 'zod';
import type { LibrarySettings } from '@framecast/contracts';
import { parseOrRefuse } from './common';

const settingsSchema = z
  .object({ historyPaused: z.boolean({ message: 'historyPaused must be true or false' }) })
  .strict();

export function parseSettings(body: unknown): LibrarySettings {
  return parseOrRefuse(settingsSchema, body ?? {}, 'Invalid settings');
}
