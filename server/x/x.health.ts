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

/** A rate-limit wait is not a failure: failures count only errors, and they alone mean "backing off". */
export function stateOf(row: XSourceRow, configured: boolean, now: Date, prices: XPrices): XState {
  if (!configured || !row.enabled) return 'off'
  if (budgetReached(row, now, prices)) return 'budget_paused'
  if (row.pausedUntil && row.pausedUntil > now) return row.consecutiveFailures > 0 ? 'backing_off' : 'rate_limited'
  return 'polling'
}

const iso = (d: Date | null) => d?.toISOString() ?? null

export function toXStatus(row: XSourceRow, context: { configured: boolean; now: Date; prices: XPrices; heldCount: number }): XStatus {
  const { configured, now, prices, heldCount } = context
  return {
    enabled: row.enabled,
    configured,
    query: row.query,
    intervalSeconds: row.intervalSeconds,
    lastPollAt: iso(row.lastPollAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastError: row.lastError,
    lastErrorAt: iso(row.lastErrorAt),
    consecutiveFailures: row.consecutiveFailures,
    pausedUntil: row.pausedUntil && row.pausedUntil > now ? row.pausedUntil.toISOString() : null,
    state: stateOf(row, configured, now, prices),
    meter: meterOf(row, now, prices),
    capPerMinute: row.capPerMinute,
    heldCount,
    trustedHandles: row.trustedHandles,
    blockedHandles: row.blockedHandles,
    blockedKeywords: row.blockedKeywords,
  }
}
