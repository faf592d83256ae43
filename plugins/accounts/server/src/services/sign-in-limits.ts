/**
 * Failed sign-ins counted per account and per address over a sliding window, in the database so every CMS instance
 * sees the same count and a restart forgets nothing. The account key is the normalized identifier, so case, spaces
 * or Unicode look-alikes do not open a fresh count.
 */
import type { Core } from '@strapi/strapi';
import { normalizeIdentifier } from '@framecast/config';
import type { AccountsConfig } from '../config';

const UID = 'plugin::accounts.sign-in-failure';

export type SignInKeys = { account: string; address: string };
export type LockState = { locked: false } | { locked: true; retryAfterSeconds: number; by: 'account' | 'address' };

export function signInKeys(identifier: string, address: string): SignInKeys {
  return { account: `account:${normalizeIdentifier(identifier)}`, address: `address:${address}` };
}

const signInLimitsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.plugin('accounts').config('settings') as AccountsConfig;
  const windowMs = () => config().signInWindowMinutes * 60_000;

  /** The failures under `key` still inside the window, oldest first. */
  async function recent(key: string, now: number): Promise<Date[]> {
    const rows = (await strapi.db.query(UID).findMany({
      select: ['failedAt'],
      where: { key, failedAt: { $gt: new Date(now - windowMs()) } },
      orderBy: { failedAt: 'asc' },
    })) as { failedAt: string | Date }[];
    return rows.map((row) => new Date(row.failedAt));
  }

  return {
    async state(keys: SignInKeys, now = Date.now()): Promise<LockState> {
      const max = config().signInMaxFailures;
      for (const by of ['account', 'address'] as const) {
        const failures = await recent(keys[by], now);
        if (failures.length >= max) {
          // unlocked once the oldest failure that keeps the count at the limit leaves the window
          const freedAt = failures[failures.length - max]!.getTime() + windowMs();
          return { locked: true, by, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now) / 1000)) };
        }
      }
      return { locked: false };
    },

    async recordFailure(keys: SignInKeys, now = Date.now()): Promise<void> {
      const failedAt = new Date(now);
      await strapi.db.query(UID).createMany({ data: [{ key: keys.account, failedAt }, { key: keys.address, failedAt }] });
      // old rows are no longer read: drop them now and then rather than on a schedule
      if (Math.random() < 0.02) await strapi.db.query(UID).deleteMany({ where: { failedAt: { $lt: new Date(now - windowMs()) } } });
    },

    /** A successful sign-in clears the account's count (not the address's: one good password does not vouch for the rest). */
    async clearAccount(keys: SignInKeys): Promise<void> {
      await strapi.db.query(UID).deleteMany({ where: { key: keys.account } });
    },
  };
};

export default signInLimitsService;
export type SignInLimitsService = ReturnType<typeof signInLimitsService>;
