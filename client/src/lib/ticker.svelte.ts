// A local clock for rendering: the current instant, refreshed on an interval (no per-second announcements).
export class Ticker {
  now = $state(Date.now())
  readonly #timer: ReturnType<typeof setInterval>

  constructor(intervalMs: number) {
    this.#timer = setInterval(() => {
      this.now = Date.now()
    }, intervalMs)
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
