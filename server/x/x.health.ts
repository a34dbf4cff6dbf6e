// The X source's health (pure): back-off after failures, the monthly meter and budget, and the status view.
import type { xSources } from '../../db/schema'
import type { XMeter, XState, XStatus } from '../contract/x'

export type XSourceRow = typeof xSources.$inferSelect

export interface XPrices {
  pricePerPostUsd: number
  pricePerUserUsd: number
}

export interface Backoff {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, maxMs: 5 * 60_000 }

/** The share of the budget from which the status warns. */
const BUDGET_WARNING = 0.8
/** How far back recent search reaches: a since_id or start_time older than this is refused. */
const RECENT_WINDOW_MS = 7 * 24 * 3600_000
/**
 * A restart inside the window starts this much after its oldest instant: room for a clock a little off from X's,
 * and for a pagination that pauses on a rate limit before its last page (X checks start_time on every page).
 */
const WINDOW_MARGIN_MS = 10 * 60_000
const DAY_MS = 24 * 3600_000
/** X resets the usage cap some time during its reset day: on that day, a source still capped asks again this often. */
const RESET_DAY_RETRY_MS = 3600_000

/**
 * Exponential, capped, with "equal jitter": between half and all of the capped delay, so many
 * servers that failed together do not retry together, and none waits longer than the cap.
 */
export function backoffMs(failures: number, { baseMs, maxMs }: Backoff, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30)
  const capped = Math.min(maxMs, baseMs * 2 ** exponent)
  return Math.round(capped / 2 + random() * (capped / 2))
}

/** The meter's calendar month, in UTC: YYYY-MM. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7)
}

/** This month's reads: counts of an earlier month no longer apply. */
function readsThisMonth(
  row: Pick<XSourceRow, 'meterMonth' | 'postsRead' | 'usersRead'>,
  now: Date,
): { month: string; postsRead: number; usersRead: number } {
  const month = monthOf(now)
  return row.meterMonth === month ? { month, postsRead: row.postsRead, usersRead: row.usersRead } : { month, postsRead: 0, usersRead: 0 }
}

/** The meter columns after reading `posts` and `users` at `now`: reset when the month changed. */
export function addReads(
  row: Pick<XSourceRow, 'meterMonth' | 'postsRead' | 'usersRead'>,
  now: Date,
  posts: number,
  users: number,
): { meterMonth: string; postsRead: number; usersRead: number } {
  const current = readsThisMonth(row, now)
  return { meterMonth: current.month, postsRead: current.postsRead + posts, usersRead: current.usersRead + users }
}

function costUsd(postsRead: number, usersRead: number, prices: XPrices): number {
  // Whole millionths of a dollar, so 0.1 + 0.2 style noise never reaches the screen.
  return Math.round((postsRead * prices.pricePerPostUsd + usersRead * prices.pricePerUserUsd) * 1e6) / 1e6
}

export function meterOf(row: XSourceRow, now: Date, prices: XPrices): XMeter {
  const reads = readsThisMonth(row, now)
  const cost = costUsd(reads.postsRead, reads.usersRead, prices)
  const budget = row.monthlyBudgetUsd
  const ratio = budget === null ? null : budget === 0 ? 1 : Math.round((cost / budget) * 1e4) / 1e4
  return { ...reads, costUsd: cost, budgetUsd: budget, budgetUsedRatio: ratio, warning: ratio !== null && ratio >= BUDGET_WARNING }
}

export function budgetReached(row: XSourceRow, now: Date, prices: XPrices): boolean {
  const meter = meterOf(row, now, prices)
  return meter.budgetUsd !== null && meter.costUsd >= meter.budgetUsd
}

/**
 * Where to restart after X refused the stored since_id (or start_time): inside its 7-day window, from the oldest
 * instant X said it accepts when it said one (its clock, not ours), plus a margin. Older posts are out of reach.
 */
export function restartFrom(now: Date, boundary: Date | null): Date {
  const oldest = Math.max(now.getTime() - RECENT_WINDOW_MS, boundary?.getTime() ?? Number.NEGATIVE_INFINITY)
  return new Date(oldest + WINDOW_MARGIN_MS)
}

/** 00:00 UTC on day `day` of `month` (months past December roll over), or on the month's last day when it is shorter. */
function resetOn(year: number, month: number, day: number): number {
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return Date.UTC(year, month, Math.min(day, days))
}

/**
 * When to ask X again after its monthly usage cap refused a request: its next reset, 00:00 UTC on the day of the
 * month its usage endpoint names (the 1st when it names none). X does not say the hour, so on the reset day itself
 * a source still refused asks again every hour, never every poll and never for the rest of the month.
 */
export function usageCapResumeAt(now: Date, resetDay: number | null): Date {
  const day = resetDay ?? 1
  const ms = now.getTime()
  const thisMonth = resetOn(now.getUTCFullYear(), now.getUTCMonth(), day)
  if (ms >= thisMonth && ms < thisMonth + DAY_MS) return new Date(ms + RESET_DAY_RETRY_MS)
  return new Date(thisMonth > ms ? thisMonth : resetOn(now.getUTCFullYear(), now.getUTCMonth() + 1, day))
}

/** A rate-limit wait is not a failure: failures count only errors, and they alone mean "backing off". */
export function stateOf(row: XSourceRow, configured: boolean, now: Date, prices: XPrices): XState {
  if (!configured || !row.enabled) return 'off'
  if (row.usageCappedUntil && row.usageCappedUntil > now) return 'usage_capped'
  if (budgetReached(row, now, prices)) return 'budget_paused'
  if (row.pausedUntil && row.pausedUntil > now) return row.consecutiveFailures > 0 ? 'backing_off' : 'rate_limited'
  return 'polling'
}

const iso = (d: Date | null) => d?.toISOString() ?? null

export interface StatusContext {
  configured: boolean
  now: Date
  prices: XPrices
  heldCount: number
  /** X_POLL_INTERVAL_MS: replaces every event's interval (tests, demo); null keeps intervalSeconds. */
  intervalOverrideMs: number | null
}

export function toXStatus(row: XSourceRow, context: StatusContext): XStatus {
  const { configured, now, prices, heldCount } = context
  return {
    enabled: row.enabled,
    configured,
    query: row.query,
    intervalSeconds: row.intervalSeconds,
    pollIntervalMs: context.intervalOverrideMs ?? row.intervalSeconds * 1000,
    lastPollAt: iso(row.lastPollAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastError: row.lastError,
    lastErrorAt: iso(row.lastErrorAt),
    consecutiveFailures: row.consecutiveFailures,
    pausedUntil: row.pausedUntil && row.pausedUntil > now ? row.pausedUntil.toISOString() : null,
    usageCappedUntil: row.usageCappedUntil && row.usageCappedUntil > now ? row.usageCappedUntil.toISOString() : null,
    windowRestart:
      row.windowRestartAt && row.windowRestartFrom
        ? { at: row.windowRestartAt.toISOString(), from: row.windowRestartFrom.toISOString() }
        : null,
    state: stateOf(row, configured, now, prices),
    meter: meterOf(row, now, prices),
    capPerMinute: row.capPerMinute,
    heldCount,
    trustedHandles: row.trustedHandles,
    blockedHandles: row.blockedHandles,
    blockedKeywords: row.blockedKeywords,
  }
}
