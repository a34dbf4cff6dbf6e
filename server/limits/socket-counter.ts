// Sockets open at once with one token, across processes when Redis is there. A process that dies without
// closing its sockets leaves its count in Redis for an hour at most (the key's expiry), in memory not at all.
import { createHash } from 'node:crypto'
import type { LimitStore } from './rate-limiter'

const EXPIRY_SECONDS = 3600

export class SocketCounter {
  private readonly local = new Map<string, number>()

  constructor(
    private readonly limit: number,
    private readonly store: LimitStore | null = null,
    private readonly onRefused: () => void = () => {},
  ) {}

  /** Counts one more socket for `key`, unless that would pass the limit. */
  async open(key: string): Promise<boolean> {
    // Redis down: its commands would wait in the client's queue until it is back, and the screen with them. This
    // process counts alone meanwhile (as the rate limits do).
    if (this.store?.redis.isReady) {
      const redisKey = this.redisKey(key)
      const count = await this.store.redis.incr(redisKey)
      await this.store.redis.expire(redisKey, EXPIRY_SECONDS)
      if (count <= this.limit) return true
      await this.store.redis.decr(redisKey)
      this.onRefused()
      return false
    }
    const count = this.local.get(key) ?? 0
    if (count >= this.limit) {
      this.onRefused()
      return false
    }
    this.local.set(key, count + 1)
    return true
  }

  async close(key: string): Promise<void> {
    // A socket counted here during an outage is given back here; one counted in Redis while it is down stays
    // counted until its key expires.
    if (!this.local.has(key)) {
      if (this.store?.redis.isReady) await this.store.redis.decr(this.redisKey(key))
      return
    }
    const count = (this.local.get(key) ?? 1) - 1
    if (count <= 0) this.local.delete(key)
    else this.local.set(key, count)
  }

  /** Keyed by a digest of the key, so not even a credential's stored form is written to Redis. */
  private redisKey(key: string): string {
    return `${this.store!.prefix}:sockets:${createHash('sha256').update(`sockets:${key}`).digest('base64url')}`
  }
}
