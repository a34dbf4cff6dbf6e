import { describe, expect, it } from 'vitest'
import { anchoredClock } from '../../server/clock/server-clock'

describe('the server clock', () => {
  it('reads the wall clock at the anchor, then follows the monotonic clock whatever the wall clock does', () => {
    let wall = Date.parse('2026-05-19T13:00:00Z')
    let monotonic = 5_000
    const clock = anchoredClock({ wall: () => wall, monotonic: () => monotonic })
    expect(clock.now()).toBe(Date.parse('2026-05-19T13:00:00Z'))

    monotonic += 1_500.25
    wall += 1_500
    expect(clock.now()).toBe(Date.parse('2026-05-19T13:00:01.500Z') + 0.25)

    // NTP steps the host clock back 90 s, then a resumed VM jumps it forward 10 min: no reading moves backwards
    // or jumps, and the drift says how far the host clock now is from this one.
    wall -= 90_000
    expect(clock.now()).toBe(Date.parse('2026-05-19T13:00:01.500Z') + 0.25)
    expect(clock.driftMs()).toBeCloseTo(-90_000.25, 6)
    wall += 600_000
    monotonic += 1000
    wall += 1000
    expect(clock.now()).toBe(Date.parse('2026-05-19T13:00:02.500Z') + 0.25)
    expect(clock.driftMs()).toBeCloseTo(510_000 - 0.25, 6)
  })
})
