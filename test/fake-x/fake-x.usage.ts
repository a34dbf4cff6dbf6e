// The fake X's monthly usage cap: posts read per cycle, reset on a day of the month, as X's usage endpoint reports it.

/** X's 429 once the project's monthly usage cap is reached: a problem of its own, not the 15-minute rate limit's. */
export const USAGE_CAPPED = {
  account_id: '1262750000000000000',
  product_name: 'standard-basic',
  title: 'UsageCapExceeded',
  period: 'Monthly',
  scope: 'Product',
  detail: 'Usage cap exceeded: Monthly product cap',
  type: 'https://api.twitter.com/2/problems/usage-capped',
}

/** The next 00:00 UTC on day `resetDay` of a month (the month's last day when it is shorter) after `ms`. */
function nextUsageReset(ms: number, resetDay: number): number {
  const now = new Date(ms)
  for (let month = now.getUTCMonth(); ; month += 1) {
    const days = new Date(Date.UTC(now.getUTCFullYear(), month + 1, 0)).getUTCDate()
    const reset = Date.UTC(now.getUTCFullYear(), month, Math.min(resetDay, days))
    if (reset > ms) return reset
  }
}

export class FakeUsageCap {
  private cycle: { cap: number; resetDay: number; used: number; resetAt: number } | null = null

  constructor(private readonly now: () => number) {}

  /** A cap of `posts` posts read from now on, reset at 00:00 UTC on `resetDay` of each month (X's cap_reset_day). */
  set(posts: number, resetDay: number): void {
    this.cycle = { cap: posts, resetDay, used: 0, resetAt: nextUsageReset(this.now(), resetDay) }
  }

  /** This cycle's counts: a cycle that reached its reset starts again with nothing used. */
  private current() {
    const cycle = this.cycle
    if (cycle && this.now() >= cycle.resetAt) Object.assign(cycle, { used: 0, resetAt: nextUsageReset(this.now(), cycle.resetDay) })
    return cycle
  }

  /** Whether X refuses to serve posts until the reset. */
  reached(): boolean {
    const cycle = this.current()
    return cycle !== null && cycle.used >= cycle.cap
  }

  /** Posts served count towards the cap. */
  record(posts: number): void {
    const cycle = this.current()
    if (cycle) cycle.used += posts
  }

  /** GET /2/usage/tweets: the project's cap, what it used this cycle, and the day of the month the cap resets. */
  report(servedPosts: number) {
    const cycle = this.current()
    return {
      data: {
        project_id: '1',
        cap_reset_day: cycle?.resetDay ?? 1,
        project_cap: String(cycle?.cap ?? 10_000_000),
        project_usage: String(cycle?.used ?? servedPosts),
      },
    }
  }
}
