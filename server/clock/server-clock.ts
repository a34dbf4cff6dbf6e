// The server's one time source. Command stamps, `time.ping` answers, snapshots and moderation times all read
// it, so the instants screens estimate (from pings) and the instants commands carry (stamps) are on one scale.
//
// Semantics: monotonic, anchored to the wall clock once, when the clock is created (at process start).
// - A step of the host's wall clock (NTP correcting it, a VM resumed) moves nothing: a countdown never jumps,
//   a command pressed after the step lands where the screens already are.
// - NTP's gradual corrections (slewing) reach the monotonic clock too, so it keeps pace with real time.
// - What a step does change is how far this reading is from the wall clock (`driftMs`); the next restart
//   re-anchors. Times of day shown on screens are off by that drift until then, durations never are.

export interface ServerClock {
  /** Epoch milliseconds, fractional, never decreasing. */
  now(): number
  /** The wall clock minus this clock: how far the host's clock has stepped since the anchor (positive: ahead). */
  driftMs(): number
}

export interface TimeSources {
  /** The host's wall clock, epoch milliseconds: it can step, both ways. */
  wall(): number
  /** Milliseconds from an arbitrary origin that never step. */
  monotonic(): number
}

const SYSTEM_TIME: TimeSources = {
  wall: () => Date.now(),
  // Sub-millisecond: Date.now() alone would add up to 1 ms of rounding to every ping.
  monotonic: () => performance.now(),
}

export function anchoredClock(sources: TimeSources = SYSTEM_TIME): ServerClock {
  const anchor = sources.wall() - sources.monotonic()
  const now = () => anchor + sources.monotonic()
  return { now, driftMs: () => sources.wall() - now() }
}

/** The clock as the `Date` the database columns take. */
export const dateOf = (clock: ServerClock) => (): Date => new Date(clock.now())

/** A clock given as dates (a test's scripted day): it never steps, so it has no drift. */
export function clockOfDates(now: () => Date): ServerClock {
  return { now: () => now().getTime(), driftMs: () => 0 }
}
