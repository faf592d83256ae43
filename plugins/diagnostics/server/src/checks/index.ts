/**
 * Every diagnostic check, in the order they run and print: the parts the CMS cannot serve without first (the queue's
 * round trip beside the queue), then the flows a viewer takes through them (the site, an account, playback). A new
 * check is a file here with what it verifies and, for every way it can fail, the fix.
 */
import database from './database';
import disk from './disk';
import mail from './mail';
import mediaTools from './media-tools';
import playback from './playback';
import queue from './queue';
import queueRoundTrip from './queue-round-trip';
import search from './search';
import settings from './settings';
import site from './site';
import storage from './storage';
import viewer from './viewer';
import type { Check } from './types';

export const CHECKS: readonly Check[] = [
  database,
  storage,
  queue,
  queueRoundTrip,
  search,
  mail,
  mediaTools,
  disk,
  settings,
  site,
  viewer,
  playback,
];

export { DATABASE_FIX } from './database';
export type { Check, CheckOutcome, CheckResult, CheckStatus } from './types';
