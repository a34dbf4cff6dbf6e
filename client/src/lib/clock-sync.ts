// Estimating this screen's clock offset to the server, NTP-style (pure but for the injected clock and transport).
//
// A probe records t0 (local send), the server's time s, and t3 (local receipt). Assuming the two legs
// take equal time, the server's clock read s when ours read (t0 + t3) / 2, so offset = s − (t0 + t3) / 2,
// wrong by at most half the round trip. Queueing delay only ever adds to a round trip, so the probes
// with the lowest round trips are the least disturbed: we keep those and take their median.

export interface Probe {
  t0: number
  serverNow: number
  t3: number
}

export interface OffsetEstimate {
  /** Add to the local clock to get the server's. */
  offsetMs: number
  /** Round trip of the best probe. */
  rttMs: number
  samples: number
}

const PROBES_PER_ROUND = 6
/** Of the probes kept, how many of the quickest decide the offset. */
const BEST = 3
/** Probes kept across rounds, so one bad round cannot move the estimate much. */
const WINDOW = 24

export function offsetOf(probe: Probe): number {
  return probe.serverNow - (probe.t0 + probe.t3) / 2
}

export function estimate(probes: readonly Probe[]): OffsetEstimate | null {
  if (probes.length === 0) return null
  const quickest = [...probes].sort((a, b) => a.t3 - a.t0 - (b.t3 - b.t0)).slice(0, BEST)
  const offsets = quickest.map(offsetOf).sort((a, b) => a - b)
  const middle = offsets.length >> 1
  const offsetMs = offsets.length % 2 ? offsets[middle]! : (offsets[middle - 1]! + offsets[middle]!) / 2
  return { offsetMs, rttMs: quickest[0]!.t3 - quickest[0]!.t0, samples: probes.length }
}

export interface ClockSyncDeps {
  /** The local clock, ms. */
  now(): number
  /** Sends t0 and resolves with the server's time. */
  ping(t0: number): Promise<number>
  sleep(ms: number): Promise<void>
}

/** Keeps a rolling window of probes; `round()` adds a few more, spaced out, and re-estimates. */
export class ClockSync {
  private probes: Probe[] = []
  current: OffsetEstimate | null = null

  constructor(private readonly deps: ClockSyncDeps) {}

  async round(count = PROBES_PER_ROUND, gapMs = 40): Promise<OffsetEstimate | null> {
    for (let i = 0; i < count; i++) {
      if (i > 0) await this.deps.sleep(gapMs)
      const t0 = this.deps.now()
      try {
        const serverNow = await this.deps.ping(t0)
        this.probes.push({ t0, serverNow, t3: this.deps.now() })
      } catch {
        // A lost probe is skipped; the others still count.
      }
    }
    this.probes = this.probes.slice(-WINDOW)
    this.current = estimate(this.probes) ?? this.current
    return this.current
  }

  /** After the page was hidden the local clock may have been suspended or stepped: start afresh. */
  forget(): void {
    this.probes = []
  }

  serverNow(): number {
    return this.deps.now() + (this.current?.offsetMs ?? 0)
  }
}
