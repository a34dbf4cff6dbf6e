// A screen's live clock: the server's time estimated NTP-style (ClockSync over `time.ping`), re-estimated
// every minute and when the page is shown again, and read on every animation frame. Screens render the
// agenda clock from this instant and the command log; the server never sends ticks.
import { untrack } from 'svelte'
import type { ScreenReport } from '../../../server/contract/clock'
import { ClockSync, type OffsetEstimate } from './clock-sync'
import { localNow } from './local-clock'
import { contactLost } from './screen-presence'
import type { EventStream } from './stream.svelte'

export interface LiveClockOptions {
  page: ScreenReport['page']
  /** Send `screen.report` after each round: stage, public screen and régie; not attendees (there can be thousands). */
  report: boolean
  /** A name for the control room's list of screens (`?label=` on the page address). */
  label?: string | null
  /** Probe the server after this long without hearing from it, so a dead link shows within seconds (stage). */
  heartbeatMs?: number | null
  /** Read the clock on every animation frame (default); false for a page that renders no timer. */
  frames?: boolean
}

const RESYNC_MS = 60_000
/** When animation frames stop (hidden or throttled page), a slower tick keeps the state moving. */
const FALLBACK_TICK_MS = 250

export class LiveClock {
  /** The local clock (localNow) at the last frame. */
  local = $state(localNow())
  /** The latest offset estimate; null until the first round lands. */
  estimate = $state.raw<OffsetEstimate | null>(null)

  readonly #stream: EventStream
  readonly #options: LiveClockOptions
  readonly #sync: ClockSync
  #rounding = false
  #frame = 0
  #timers: ReturnType<typeof setInterval>[] = []
  #stopEffects: (() => void) | null = null

  constructor(stream: EventStream, options: LiveClockOptions) {
    this.#stream = stream
    this.#options = options
    this.#sync = new ClockSync({
      now: localNow,
      ping: (t0) => stream.ping(t0),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    })
  }

  /** Server time now: the local clock plus the estimated offset (the snapshot's coarse offset until then). */
  get serverNow(): number {
    return this.local + this.offsetMs
  }

  get offsetMs(): number {
    return this.estimate?.offsetMs ?? this.#stream.serverOffsetMs
  }

  get contactLost(): boolean {
    return contactLost(this.local, this.#stream.lastContactAt)
  }

  start(): void {
    if (this.#stopEffects) return
    if (this.#options.frames !== false) {
      const frame = () => {
        this.local = localNow()
        this.#frame = requestAnimationFrame(frame)
      }
      this.#frame = requestAnimationFrame(frame)
      this.#timers.push(
        setInterval(() => {
          if (localNow() - this.local >= FALLBACK_TICK_MS) this.local = localNow()
        }, FALLBACK_TICK_MS),
      )
    }
    this.#timers.push(setInterval(() => void this.round(), RESYNC_MS))
    const heartbeat = this.#options.heartbeatMs
    if (heartbeat) this.#timers.push(setInterval(() => this.#heartbeat(heartbeat), 1000))
    document.addEventListener('visibilitychange', this.#onVisibility)
    // A round as soon as each connection is live (the first one, and after every reconnection).
    this.#stopEffects = $effect.root(() => {
      $effect(() => {
        if (this.#stream.connected) untrack(() => void this.round())
      })
    })
  }

  stop(): void {
    cancelAnimationFrame(this.#frame)
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
    document.removeEventListener('visibilitychange', this.#onVisibility)
    this.#stopEffects?.()
    this.#stopEffects = null
  }

  /** Six probes, the quickest kept (ClockSync); then, for the screens that report, tell the control room. */
  async round(): Promise<void> {
    if (this.#rounding || !this.#stream.connected) return
    this.#rounding = true
    try {
      const estimate = await this.#sync.round()
      if (!estimate) return
      this.estimate = { ...estimate }
      if (this.#options.report) {
        const { offsetMs, rttMs, samples } = estimate
        const report: ScreenReport = { page: this.#options.page, offsetMs, rttMs, samples }
        if (this.#options.label) report.label = this.#options.label
        await this.#stream.report(report)
      }
    } finally {
      this.#rounding = false
    }
  }

  /** The page may have slept, or the system clock moved: forget the old probes and measure again. */
  readonly #onVisibility = (): void => {
    if (document.visibilityState !== 'visible') return
    this.#sync.forget()
    void this.round()
  }

  #heartbeat(afterMs: number): void {
    if (!this.#stream.connected || localNow() - this.#stream.lastContactAt < afterMs) return
    // The answer (or any other packet) moves lastContactAt; a lost one is what the badge is for.
    this.#stream.ping(localNow()).catch(() => {})
  }
}
