// Per-attendee and per-address limits on questions and votes, shared by HTTP and Socket.IO.
// In memory, per process: with several processes behind a load balancer each enforces its own share.
import { AppError } from '../errors'

export type LimitedAction = 'question' | 'vote' | 'registration'

export interface Limits {
  question: { perAttendee: number; perAddress: number }
  vote: { perAttendee: number; perAddress: number }
  /** Sign-ups on the public registration form, per address (perAttendee is not used). */
  registration?: { perAttendee: number; perAddress: number }
}

/** Per minute. An address may be a whole town hall behind one router, hence its much larger allowance. */
export const DEFAULT_LIMITS: Limits = {
  question: { perAttendee: 3, perAddress: 60 },
  vote: { perAttendee: 60, perAddress: 600 },
  registration: { perAttendee: 0, perAddress: 30 },
}

const WINDOW_MS = 60_000

export class RateLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(
    private readonly limits: Limits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one action, or throws rate_limited with the seconds to wait. */
  take(action: LimitedAction, attendeeId: string | null, ip: string | null | undefined): void {
    const now = this.now()
    const keys: [string, number][] = []
    const limits = this.limits[action] ?? DEFAULT_LIMITS[action]!
    if (attendeeId) keys.push([`${action}:a:${attendeeId}`, limits.perAttendee])
    if (ip) keys.push([`${action}:ip:${ip}`, limits.perAddress])
    for (const [key, limit] of keys) {
      const recent = this.recent(key, now)
      if (recent.length >= limit) {
        throw new AppError('rate_limited', { retryAfter: Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000)) })
      }
    }
    for (const [key] of keys) this.recent(key, now).push(now)
    if (this.hits.size > 50_000) this.sweep(now)
  }

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS)
    this.hits.set(key, list)
    return list
  }

  private sweep(now: number): void {
    for (const [key, list] of this.hits) if (!list.some((t) => t > now - WINDOW_MS)) this.hits.delete(key)
  }
}
