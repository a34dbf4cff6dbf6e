// The page's own clock for the agenda clock: sub-millisecond and monotonic (Date.now() is whole milliseconds
// and jumps when the system clock is set). The server answers time pings on the same kind of clock.
export const localNow = (): number => performance.timeOrigin + performance.now()
