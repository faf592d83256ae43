import { newSalt, saltPeriodStart, viewerKey } from '../utils/viewer-key';
import { saltStore } from '../services/salts';

const DAY = 86_400_000;

describe('the daily viewer key', () => {
  it('is the same for the same site, address and agent under one salt, and unrelated otherwise', () => {
    const salt = newSalt();
    const key = viewerKey(salt, 'framecast', '203.0.113.9', 'Mozilla/5.0');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(viewerKey(salt, 'framecast', '203.0.113.9', 'Mozilla/5.0')).toBe(key);
    expect(viewerKey(salt, 'framecast', '203.0.113.10', 'Mozilla/5.0')).not.toBe(key);
    expect(viewerKey(salt, 'framecast', '203.0.113.9', 'Mozilla/5.1')).not.toBe(key);
    expect(viewerKey(salt, 'other-site', '203.0.113.9', 'Mozilla/5.0')).not.toBe(key);
    expect(viewerKey(newSalt(), 'framecast', '203.0.113.9', 'Mozilla/5.0')).not.toBe(key);
    // the address never shows in the key (a hex digest can hold "203" by chance, never the dotted address)
    expect(key).not.toContain('203.0.113');
  });

  it('starts salt periods at midnight UTC', () => {
    const noon = Date.UTC(2026, 11, 2, 12, 30);
    expect(saltPeriodStart(noon)).toBe(Date.UTC(2026, 11, 2));
    expect(saltPeriodStart(noon, 6)).toBe(Date.UTC(2026, 11, 2, 12));
  });

  /** The table's behaviour in memory: insert unless present, then read. */
  function memoryTable() {
    const rows = new Map<number, string>();
    return {
      rows,
      async claim(period: number, salt: string) {
        if (!rows.has(period)) rows.set(period, salt);
        return rows.get(period)!;
      },
      async forgetBefore(period: number) {
        for (const key of [...rows.keys()]) if (key < period) rows.delete(key);
      },
    };
  }

  it('keeps one salt per period, drops the last one when the period ends, and forgets its stored row', async () => {
    let made = 0;
    const table = memoryTable();
    const store = saltStore(table, 24, () => Buffer.alloc(32, ++made));
    const day = Date.UTC(2026, 11, 2);
    const first = await store.saltFor(day + 1000);
    expect((await store.saltFor(day + DAY - 1)).salt).toBe(first.salt);
    const copy = Buffer.from(first.salt);
    const next = await store.saltFor(day + DAY);
    expect(next.period).toBe(day + DAY);
    expect(next.salt.equals(copy)).toBe(false);
    // the old salt is zeroed, not left in memory, and its row is gone
    expect(first.salt.every((byte) => byte === 0)).toBe(true);
    expect([...table.rows.keys()]).toEqual([day + DAY]);
    store.forget();
    expect(next.salt.every((byte) => byte === 0)).toBe(true);
    expect(made).toBe(2);
  });

  it('gives two instances the same salt: the first stored wins', async () => {
    const table = memoryTable();
    const one = saltStore(table, 24, () => Buffer.alloc(32, 1));
    const two = saltStore(table, 24, () => Buffer.alloc(32, 2));
    const now = Date.UTC(2026, 11, 2, 9);
    const [a, b] = await Promise.all([one.saltFor(now), two.saltFor(now)]);
    expect(a.salt.equals(b.salt)).toBe(true);
    expect(a.salt.equals(Buffer.alloc(32, 1))).toBe(true);
  });
});
