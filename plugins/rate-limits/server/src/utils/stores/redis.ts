/**
 * Counters in Redis, shared by every CMS instance: one Lua script increments the key and gives it its expiry in
 * one atomic step (INCR then PEXPIRE on the first hit), so parallel hits from several instances are all counted
 * and a window always closes. Keys: `<prefix>:<bucket>:<subject>`.
 */
import Redis from 'ioredis';
import type { CounterStore } from './types';

const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

type WithHitCommand = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis' as const;
  private readonly client: WithHitCommand;

  constructor(
    url: string,
    private readonly keyPrefix: string,
    onError: (error: Error) => void = () => undefined,
  ) {
    // a limiter must answer quickly or step aside: one retry, and no command waits more than a second
    const client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, enableAutoPipelining: true });
    client.on('error', onError);
    client.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.client = client as WithHitCommand;
  }

  async increment(key: string, windowMs: number) {
    const [count, resetInMs] = await this.client.rateLimitHit(`${this.keyPrefix}:${key}`, windowMs);
    return { count: Number(count), resetInMs: Number(resetInMs) };
  }

  async close(): Promise<void> {
    // QUIT lets pending replies arrive; a client that is not connected (Redis down) is simply dropped
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // fall through
      }
    }
    this.client.disconnect();
  }
}
