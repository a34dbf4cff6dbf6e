// Limits per attendee and per address on what costs something (asking, supporting, joining, connecting), shared by
// HTTP and Socket.IO, and shared by every process through Redis when REDIS_URL is set (rate-limiter-flexible;
// a Redis outage falls back to each process's memory rather than refusing everyone).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RedisClientType } from 'redis'
import { AppError } from '../errors'

export type LimitedAction = 'question' | 'vote' | 'join' | 'connect' | 'registration' | 'revision'

export interface Limits {
  question: { perAttendee: number; perAddress: number }
  vote: { perAttendee: number; perAddress: number }
  /** New attendee identities from one address. */
  join: { perAddress: number }
  /** New socket connections from one address. */
  connect: { perAddress: number }
  /** Sockets open at once with one token (tabs of one attendee, moderators sharing the régie link). */
  socketsPerToken: number
  /** Sign-ups on the public registration form. */
  registration: { perAddress: number }
  /** An asker rewording or withdrawing their pending question. */
  revision: { perAttendee: number; perAddress: number }
}

/**
 * Per minute. An address may be a whole town hall behind one router, hence the much larger allowance than per
 * attendee; joining and connecting allow a room full of people arriving at once.
 */
export const DEFAULT_LIMITS: Limits = {
  question: { perAttendee: 3, perAddress: 60 },
  vote: { perAttendee: 60, perAddress: 600 },
  join: { perAddress: 120 },
  connect: { perAddress: 600 },
  socketsPerToken: 20,
  registration: { perAddress: 30 },
  revision: { perAttendee: 10, perAddress: 300 },
}

const WINDOW_SECONDS = 60

export interface LimitStore {
  redis: RedisClientType
  prefix: string
}

/** Told of every refusal (the metrics count them by limit and by what it counts). */
type Refusal = (action: LimitedAction, per: 'attendee' | 'address') => void

export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>()

  constructor(
    private readonly limits: Limits = DEFAULT_LIMITS,
    private readonly store: LimitStore | null = null,
    private readonly onRefused: Refusal = () => {},
  ) {}

  /** Counts one action, or throws rate_limited with the seconds to wait. */
  async take(action: LimitedAction, attendeeId: string | null, ip: string | null | undefined): Promise<void> {
    const checks: [RateLimiterAbstract, string, 'attendee' | 'address'][] = []
    const allowance = this.limits[action]
    if (attendeeId && 'perAttendee' in allowance) checks.push([this.limiter(`${action}:a`, allowance.perAttendee), attendeeId, 'attendee'])
    if (ip) checks.push([this.limiter(`${action}:ip`, allowance.perAddress), ip, 'address'])
    for (const [limiter, key, per] of checks) {
      try {
        await limiter.consume(key)
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error
        const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000))
        this.onRefused(action, per)
        throw new AppError('rate_limited', { retryAfter })
      }
    }
  }

  private limiter(name: string, points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(name)
    if (!limiter) {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_SECONDS })
      limiter = this.store
        ? new RateLimiterRedis({
            storeClient: this.store.redis,
            useRedisPackage: true,
            keyPrefix: `${this.store.prefix}:limit:${name}`,
            points,
            duration: WINDOW_SECONDS,
            insuranceLimiter: memory,
            // Without it a Redis that is down queues every check in the client until it is back, and the action waits.
            rejectIfRedisNotReady: true,
          })
        : memory
      this.limiters.set(name, limiter)
    }
    return limiter
  }
}
