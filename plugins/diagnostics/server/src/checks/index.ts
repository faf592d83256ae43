/**
 * Every diagnostic check, in the order they run and print: the parts the CMS cannot serve without first. A new check
 * is a file here with what it verifies and, for every way it can fail, the fix.
 */
import database from './database';
import disk from './disk';
import mail from './mail';
import mediaTools from './media-tools';
import queue from './queue';
import search from './search';
import settings from './settings';
import storage from './storage';
import type { Check } from './types';

export const CHECKS: readonly Check[] = [database, storage, queue, search, mail, mediaTools, disk, settings];

export type { Check, CheckOutcome, CheckResult, CheckStatus } from './types';
