/**
 * Failed sign-ins, in the database so every CMS instance sees the same counts and a restart forgets nothing.
 * - An account (whichever of its email or username is typed, in any spelling) locks after SIGN_IN_MAX_FAILURES wrong
 *   passwords for SIGN_IN_LOCK_MINUTES; after that each further failure locks it twice as long, up to
 *   SIGN_IN_LOCK_MAX_MINUTES. Its right password clears it.
 * - An address makes SIGN_IN_ADDRESS_FREE_FAILURES wrong guesses freely, then one attempt every
 *   SIGN_IN_ADDRESS_SLOW_SECONDS: guessing from one place slows down, and the owner of an account behind that address
 *   (one NAT, or the site when it does not forward the viewer) waits seconds, not minutes.
 * An attempt is counted BEFORE its password is checked, by one conditional UPDATE (failures = failures + 1 WHERE
 * failures < max), so parallel guesses cannot all slip in before the first one is counted: a right password gives its
 * count back.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { normalizeIdentifier } from '@framecast/contracts';
import { getSettings } from '../utils';

const UID = 'plugin::accounts.sign-in-state';

export type SignInKeys = { account: string; address: string };
export type Claim = { allowed: true } | { allowed: false; by: 'account' | 'address'; retryAfterSeconds: number };
export type SignInState = { failures: number; locks: number; lockedUntil: number | null };

export function signInKeys(identifier: string, address: string): SignInKeys {
  return { account: `account:${normalizeIdentifier(identifier)}`, address: `address:${address}` };
}

type Row = {
  failures: number;
  locks: number;
  locked_until: number | string | null;
  last_attempt_at: number | string | null;
};
const asNumber = (value: number | string | null | undefined) =>
  value === null || value === undefined ? null : Number(value);
const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));

const signInLimitsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getSettings(strapi);
  const knex = (): Knex => strapi.db.connection as unknown as Knex;
  const table = () => strapi.db.metadata.get(UID).tableName;
  const rows = () => knex()(table());

  /** The lock that follows the `locks`-th lock of a streak: the first lasts SIGN_IN_LOCK_MINUTES, each next one twice as long. */
  const lockMs = (locks: number) =>
    Math.min(config().signInLockMinutes * 2 ** Math.min(locks, 30), config().signInLockMaxMinutes) * 60_000;

  async function ensure(keys: string[], now: number): Promise<void> {
    const stamp = new Date(now);
    await rows()
      .insert(
        keys.map((key) => ({
          document_id: `s${now.toString(36)}${Math.random().toString(36).slice(2, 12)}`,
          key,
          failures: 0,
          locks: 0,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .onConflict('key')
      .ignore();
    // a streak with no failure for the window is forgotten (never while a lock runs)
    const forgetBefore = now - config().signInWindowMinutes * 60_000;
    await rows()
      .whereIn('key', keys)
      .where('last_failure_at', '<', forgetBefore)
      .where((query) => query.whereNull('locked_until').orWhere('locked_until', '<', now))
      .update({ failures: 0, locks: 0, locked_until: null, last_failure_at: null });
    // rows with nothing left to remember are dropped now and then rather than on a schedule
    if (Math.random() < 0.01) {
      await rows()
        .where('last_attempt_at', '<', forgetBefore)
        .where((query) => query.whereNull('last_failure_at').orWhere('last_failure_at', '<', forgetBefore))
        .where((query) => query.whereNull('locked_until').orWhere('locked_until', '<', now))
        .delete();
    }
  }

  async function read(key: string): Promise<Row | undefined> {
    return (await rows().where({ key }).first('failures', 'locks', 'locked_until', 'last_attempt_at')) as
      Row | undefined;
  }

  return {
    /**
     * Counts one attempt for the account and the address before the password is checked; refused when the account is
     * locked (or as many attempts as it has left are already in flight) or the address must wait.
     */
    async claim(keys: SignInKeys, now = Date.now()): Promise<Claim> {
      const settings = config();
      await ensure([keys.account, keys.address], now);

      const slowMs = settings.signInAddressSlowSeconds * 1000;
      const addressPassed = await rows()
        .where({ key: keys.address })
        .where((query) =>
          query
            .where('failures', '<', settings.signInAddressFreeFailures)
            .orWhereNull('last_attempt_at')
            .orWhere('last_attempt_at', '<=', now - slowMs),
        )
        .update({ last_attempt_at: now });
      if (addressPassed === 0) {
        const row = await read(keys.address);
        return {
          allowed: false,
          by: 'address',
          retryAfterSeconds: secondsUntil((asNumber(row?.last_attempt_at) ?? now) + slowMs, now),
        };
      }

      const accountPassed = await rows()
        .where({ key: keys.account })
        .where('failures', '<', settings.signInMaxFailures)
        .where((query) => query.whereNull('locked_until').orWhere('locked_until', '<=', now))
        .update({ failures: knex().raw('?? + 1', ['failures']), last_attempt_at: now });
      if (accountPassed === 0) {
        const row = await read(keys.account);
        const lockedUntil = asNumber(row?.locked_until);
        // every attempt left is in flight: the lock that is about to fall is the one to wait for
        const until = lockedUntil && lockedUntil > now ? lockedUntil : now + lockMs(row?.locks ?? 0);
        return { allowed: false, by: 'account', retryAfterSeconds: secondsUntil(until, now) };
      }
      return { allowed: true };
    },

    /** The claimed attempt was a wrong password: it stays counted; the account locks when it reached the limit. */
    async recordFailure(keys: SignInKeys, now = Date.now()): Promise<{ locked: boolean; retryAfterSeconds?: number }> {
      const max = config().signInMaxFailures;
      await rows()
        .where({ key: keys.address })
        .update({ failures: knex().raw('?? + 1', ['failures']), last_failure_at: now });
      await rows().where({ key: keys.account }).update({ last_failure_at: now });
      // compare-and-set on the lock count: two failures landing together lock once, with the right length
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const row = await read(keys.account);
        if (!row || row.failures < max) return { locked: false };
        const until = now + lockMs(row.locks);
        const locked = await rows()
          .where({ key: keys.account, locks: row.locks })
          .where('failures', '>=', max)
          // one attempt is left after the lock; if it fails too, the next lock is twice as long
          .update({ locked_until: until, locks: row.locks + 1, failures: max - 1 });
        if (locked === 1) return { locked: true, retryAfterSeconds: secondsUntil(until, now) };
      }
      return { locked: false };
    },

    /** The claimed attempt ended otherwise (unconfirmed, blocked, an error): its count is given back. */
    async release(keys: SignInKeys): Promise<void> {
      await rows()
        .where({ key: keys.account })
        .where('failures', '>', 0)
        .update({ failures: knex().raw('?? - 1', ['failures']) });
    },

    /** The right password: the account's failures and locks are forgotten (not the address's: one good password does not vouch for the rest). */
    async clearAccount(keys: SignInKeys): Promise<void> {
      await rows()
        .where({ key: keys.account })
        .update({ failures: 0, locks: 0, locked_until: null, last_failure_at: null });
    },

    async state(key: string): Promise<SignInState | null> {
      const row = await read(key);
      return row
        ? { failures: Number(row.failures), locks: Number(row.locks), lockedUntil: asNumber(row.locked_until) }
        : null;
    },
  };
};

export default signInLimitsService;
export type SignInLimitsService = ReturnType<typeof signInLimitsService>;
