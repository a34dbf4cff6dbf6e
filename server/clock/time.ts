// Branded time values, so an instant can't be passed where a duration is expected (and vice versa).
// Both are plain numbers at run time: JSON-safe, cheap, comparable with < and ===.

declare const brand: unique symbol

/** A point in time, epoch milliseconds (UTC). */
export type Instant = number & { readonly [brand]: 'Instant' }

/** A length of time in milliseconds; signed where a field says so (e.g. ahead/behind). */
export type Duration = number & { readonly [brand]: 'Duration' }

export function instant(epochMs: number): Instant {
  if (!Number.isFinite(epochMs)) throw new RangeError(`not an instant: ${epochMs}`)
  return epochMs as Instant
}

export function duration(ms: number): Duration {
  if (!Number.isFinite(ms)) throw new RangeError(`not a duration: ${ms}`)
  return ms as Duration
}

export const seconds = (s: number): Duration => duration(s * 1000)
export const minutes = (m: number): Duration => duration(m * 60_000)

export const ZERO = 0 as Duration

/** The instant `d` after `t` (before it when `d` is negative). */
export const shift = (t: Instant, d: Duration): Instant => (t + d) as Instant

/** The time from `from` to `to`: negative when `to` is earlier. */
export const span = (from: Instant, to: Instant): Duration => (to - from) as Duration

export const scale = (d: Duration, factor: number): Duration => (d * factor) as Duration
export const divide = (d: Duration, divisor: number): Duration => (d / divisor) as Duration
export const sum = (a: Duration, b: Duration): Duration => (a + b) as Duration
export const minus = (a: Duration, b: Duration): Duration => (a - b) as Duration

export const latest = (a: Instant, b: Instant): Instant => (a >= b ? a : b)
export const longest = (a: Duration, b: Duration): Duration => (a >= b ? a : b)
const shortest = (a: Duration, b: Duration): Duration => (a <= b ? a : b)

/** `d` limited to [low, high]; when low > high, low wins (a minimum is a promise, the plan a wish). */
export const clamp = (d: Duration, low: Duration, high: Duration): Duration => longest(low, shortest(d, high))
