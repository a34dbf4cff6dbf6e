import { describe, expect, it } from 'vitest'
import { ClockSync, estimate, offsetOf } from '../../client/src/lib/clock-sync'

describe('offset from one probe', () => {
  it('is exact when both legs take the same time', () => {
    // Local clock 5 s behind the server; 10 ms each way.
    expect(offsetOf({ t0: 1000, serverNow: 6010, t3: 1020 })).toBe(5000)
  })
  it('is off by half the asymmetry otherwise', () => {
    // 30 ms up, 10 ms down: the server read 6030 when we read 1030; we assume 1020.
    expect(offsetOf({ t0: 1000, serverNow: 6030, t3: 1040 }) - 5000).toBe(10)
  })
})

describe('estimate over many probes', () => {
  it('trusts the quickest probes and ignores delayed ones', () => {
    const probes = [
      { t0: 0, serverNow: 5005, t3: 10 }, // rtt 10, exact
      { t0: 100, serverNow: 5300, t3: 400 }, // rtt 300, queued on the way back: offset 4950
      { t0: 500, serverNow: 5506, t3: 512 }, // rtt 12, exact
      { t0: 600, serverNow: 5611, t3: 622 }, // rtt 22, exact
      { t0: 700, serverNow: 6400, t3: 1100 }, // rtt 400, queued on the way out: offset 5500
    ]
    expect(estimate(probes)).toEqual({ offsetMs: 5000, rttMs: 10, samples: 5 })
    expect(estimate([])).toBeNull()
  })
})

describe('ClockSync', () => {
  function simulatedScreen(trueOffset: number, legs: () => [number, number]) {
    let realTime = 1_000_000
    const deps = {
      now: () => realTime - trueOffset,
      sleep: async (ms: number) => {
        realTime += ms
      },
      ping: async () => {
        const [up, down] = legs()
        realTime += up
        const server = realTime
        realTime += down
        return server
      },
    }
    return new ClockSync(deps)
  }

  it('converges on the true offset with jittery legs, within half the lowest round trip', async () => {
    let i = 0
    const jitter = [0, 40, 3, 80, 1, 15, 60, 2, 0, 25, 90, 5]
    const sync = simulatedScreen(-123_456, () => [12 + jitter[i++ % jitter.length]!, 12 + jitter[(i * 7) % jitter.length]!])
    const first = await sync.round()
    const second = await sync.round()
    expect(first!.samples).toBe(6)
    expect(second!.samples).toBe(12)
    expect(Math.abs(second!.offsetMs - -123_456)).toBeLessThanOrEqual(second!.rttMs / 2)
    expect(Math.abs(sync.serverNow() - (sync.serverNow() - second!.offsetMs) - -123_456)).toBeLessThanOrEqual(second!.rttMs / 2)
  })

  it('skips lost probes and keeps the previous estimate when a whole round is lost', async () => {
    let fail = false
    let realTime = 0
    const sync = new ClockSync({
      now: () => realTime,
      sleep: async (ms) => {
        realTime += ms
      },
      ping: async () => {
        if (fail) throw new Error('timeout')
        realTime += 5
        const s = realTime + 700
        realTime += 5
        return s
      },
    })
    expect((await sync.round())!.offsetMs).toBe(700)
    fail = true
    sync.forget()
    expect((await sync.round())!.offsetMs).toBe(700)
  })
})
