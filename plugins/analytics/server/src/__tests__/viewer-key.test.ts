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
    // the address never shows in the key
    expect(key).not.toContain('203');
  });

  it('starts salt periods at midnight UTC', () => {
    const noon = Date.UTC(2026, 11, 2, 12, 30);
    expect(saltPeriodStart(noon)).toBe(Date.UTC(2026, 11, 2));
    expect(saltPeriodStart(noon, 6)).toBe(Date.UTC(2026, 11, 2, 12));
  });

  it('keeps one salt per period and drops the last one when the period ends', () => {
    let made = 0;
    const store = saltStore(24, () => Buffer.alloc(32, ++made));
    const day = Date.UTC(2026, 11, 2);
    const first = store.saltFor(day + 1000);
    expect(store.saltFor(day + DAY - 1).salt).toBe(first.salt);
    const copy = Buffer.from(first.salt);
    const next = store.saltFor(day + DAY);
    expect(next.period).toBe(day + DAY);
    expect(next.salt.equals(copy)).toBe(false);
    // the old salt is zeroed, not left in memory
    expect(first.salt.every((byte) => byte === 0)).toBe(true);
    store.forget();
    expect(next.salt.every((byte) => byte === 0)).toBe(true);
    expect(made).toBe(2);
  });
});
