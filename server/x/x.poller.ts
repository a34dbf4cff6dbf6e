// The poll loop: one poller per event across processes, pages stored as they come, faults turned into waits.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/connect'
import type { Broadcaster } from '../realtime/broadcaster'
import type { XApi } from './x.client'
import { classifyFault, type XFault } from './x.faults'
import { type Backoff, backoffMs, budgetReached, restartFrom, usageCapResumeAt, type XPrices, type XSourceRow } from './x.health'
import { type Claim, ClaimLost, type XIntake } from './x.intake'
import { XRepository } from './x.repository'

/** Another process takes an event over when its poller is this many intervals late: a dead one, not a slow one. */
const TAKEOVER_INTERVALS = 1.5
/** How often the loop looks for events newly given an X query. */
const DISCOVERY_MS = 10_000
/** A 429 without a usable reset header: wait this long. */
const RATE_LIMIT_FALLBACK_MS = 60_000
/** Never trust a reset further away than this (a clock gone wrong would stop polling for good). */
const RATE_LIMIT_MAX_WAIT_MS = 24 * 3600_000

export interface XPollerParts {
  db: Db
  repository: XRepository
  intake: XIntake
  api: XApi | null
  broadcaster: Broadcaster
  publishStatus(eventId: number): Promise<void>
}

export interface XPollerOptions {
  now: () => Date
  random: () => number
  backoff: Backoff
  /** How often the loop looks for due events. */
  tickMs: number
  /** Replaces every event's own interval (tests, demo); null keeps intervalSeconds. */
  intervalMs: number | null
  prices: XPrices
}

export class XPoller {
  private timer: NodeJS.Timeout | null = null
  private stopping = false
  private readonly running = new Map<number, Promise<void>>()
  /** The lastPollAt this process wrote per event: while it still stands, this process is the event's poller. */
  private readonly claimedAt = new Map<number, number>()
  private discoveredAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly parts: XPollerParts,
    private readonly log: FastifyBaseLogger,
    private readonly options: XPollerOptions,
  ) {}

  start(): void {
    if (this.timer) return
    this.stopping = false
    this.schedule()
  }

  /** Stops the loop and waits for the cycles in flight, so the database can close after. */
  async stop(): Promise<void> {
    this.stopping = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await Promise.allSettled([...this.running.values()])
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.log.error({ err: error }, 'x poll loop failed'))
        .finally(() => {
          if (!this.stopping) this.schedule()
        })
    }, this.options.tickMs)
    this.timer.unref()
  }

  /** Starts a cycle for every event with something to do, unless it is in one; events never wait for each other. */
  async tick(): Promise<void> {
    if (performance.now() - this.discoveredAt >= DISCOVERY_MS) {
      await this.parts.repository.createMissingSources()
      this.discoveredAt = performance.now()
    }
    // Two queries a tick whatever the number of events: idle events cost nothing more.
    const sources = await this.parts.repository.sources()
    const waiting = await this.parts.repository.eventsWaitingForCap()
    const now = this.options.now()
    for (const source of sources) {
      const { eventId } = source
      if (this.running.has(eventId) || this.stopping) continue
      if (!waiting.has(eventId) && !(this.parts.api && this.due(source, now))) continue
      const cycle = this.cycle(eventId).finally(() => this.running.delete(eventId))
      this.running.set(eventId, cycle)
    }
  }

  /** Releases what the cap allows, then polls if this process gets the event for this interval. Never throws. */
  async cycle(eventId: number): Promise<void> {
    let changed = false
    try {
      if (await this.parts.repository.hasWaitingForCap(eventId)) {
        const released = await this.parts.intake.releaseDue(eventId)
        this.parts.broadcaster.publish(eventId, released)
        changed = released.length > 0
      }
      const claimed = await this.claim(eventId)
      if (claimed) {
        changed = true
        await this.poll(claimed.claim, claimed.row)
      }
    } catch (error) {
      changed = true
      this.log.error({ err: error, eventId }, 'x cycle failed')
    }
    if (changed)
      await this.parts.publishStatus(eventId).catch((error: unknown) => this.log.warn({ err: error, eventId }, 'x status push failed'))
  }

  private intervalMs(row: XSourceRow): number {
    return this.options.intervalMs ?? row.intervalSeconds * 1000
  }

  /**
   * Under the event's advisory lock: poll only when enabled, not paused, within budget, and due. The
   * process that polled last is due after one interval; the others after 1.5, so they take over only
   * from a poller that stopped. Writing lastPollAt is the claim every page then checks and renews.
   */
  private async claim(eventId: number): Promise<{ claim: Claim; row: XSourceRow } | null> {
    if (!this.parts.api || this.stopping) return null
    const now = this.options.now()
    // A plain read first: most ticks find nothing due, and need no lock or transaction.
    if (!this.due(await this.parts.repository.find(eventId), now)) return null
    const claimed = await this.parts.db.transaction(async (tx) => {
      if (!(await XRepository.tryLock(tx, eventId))) return null
      const row = await XRepository.lock(tx, eventId)
      if (!row || !this.due(row, now)) return null
      await XRepository.write(tx, eventId, { lastPollAt: now })
      return { claim: { eventId, at: now }, row }
    })
    if (claimed) {
      this.claimedAt.set(eventId, now.getTime())
      // The instant is the poller's own decision: tests of one poller at a time read it here, not where requests land.
      this.log.debug({ eventId, claimedAt: now.getTime() }, 'x poll claimed')
    }
    return claimed
  }

  private due(row: XSourceRow | null, now: Date): row is XSourceRow {
    if (!row?.enabled) return false
    if (row.usageCappedUntil && row.usageCappedUntil > now) return false
    if (row.pausedUntil && row.pausedUntil > now) return false
    if (budgetReached(row, now, this.options.prices)) return false
    const last = row.lastPollAt?.getTime()
    if (last === undefined) return true
    const mine = this.claimedAt.get(row.eventId) === last
    return now.getTime() - last >= this.intervalMs(row) * (mine ? 1 : TAKEOVER_INTERVALS)
  }

  /**
   * Follows the pagination to its end, each page committed with its cursor; stops early on the rate limit or
   * budget. A position X refuses (outside its 7-day window) restarts inside the window at once, once a cycle.
   */
  private async poll(claim: Claim, row: XSourceRow): Promise<void> {
    const restarted = await this.pollFrom(claim, row)
    if (restarted) await this.pollFrom(claim, restarted)
  }

  /** One pagination from the row's cursor; returns the row to restart from when X refused the position. */
  private async pollFrom(claim: Claim, row: XSourceRow): Promise<XSourceRow | null> {
    const api = this.parts.api!
    try {
      const cursor = { query: row.query, sinceId: row.sinceId, startTime: row.startTime, nextToken: row.nextToken }
      for await (const page of api.pages(cursor)) {
        const saved = await this.parts.intake.savePage(claim, page)
        claim.at = saved.at
        this.claimedAt.set(claim.eventId, saved.at.getTime())
        this.parts.broadcaster.publish(claim.eventId, saved.changes)
        // A stop with pages left keeps next_token: the next poll resumes there (the paginator's done === false).
        if (page.done || this.stopping || !saved.row.enabled || saved.row.pausedUntil) break
        if (budgetReached(saved.row, this.options.now(), this.options.prices)) break
      }
      return null
    } catch (error) {
      if (error instanceof ClaimLost) return null
      const fault = classifyFault(error, this.options.now())
      this.log.warn({ eventId: claim.eventId, fault: fault.message }, 'x poll failed')
      // X's usage endpoint says when the cap resets; a failure there falls back to the 1st of the month.
      const resetDay = fault.kind === 'usage_capped' ? await api.capResetDay().catch(() => null) : null
      return this.recordFault(claim, fault, resetDay)
    }
  }

  /**
   * Keeps the last good cursor and says why and until when polling waits; returns the restarted source when X
   * refused the position. Written only while the claim stands.
   */
  private async recordFault(claim: Claim, fault: XFault, resetDay: number | null): Promise<XSourceRow | null> {
    const now = this.options.now()
    return this.parts.db.transaction(async (tx) => {
      const row = await XRepository.lock(tx, claim.eventId)
      if (!row || row.lastPollAt?.getTime() !== claim.at.getTime()) return null
      const seen = { lastError: fault.message, lastErrorAt: now, updatedAt: now }
      if (fault.kind === 'usage_capped') {
        // Not a failure and not retried: stopped until X's next cycle or a moderator's resume; next_token is kept.
        const usageCappedUntil = usageCapResumeAt(now, resetDay)
        await XRepository.write(tx, claim.eventId, { ...seen, usageCappedUntil })
        this.log.warn({ eventId: claim.eventId, usageCappedUntil, resetDay }, 'x monthly usage cap reached: polling stopped')
        return null
      }
      if (fault.kind === 'window_expired') {
        // Posts older than X's window are out of reach anyway; the unique post id absorbs what is read again.
        const startTime = restartFrom(now, fault.boundary)
        this.log.warn(
          { eventId: claim.eventId, refused: fault.parameter, sinceId: row.sinceId, startTime },
          'x position outside the 7-day window: restarting from start_time',
        )
        return XRepository.write(tx, claim.eventId, {
          ...seen,
          sinceId: null,
          nextToken: null,
          pendingNewestId: null,
          startTime,
          windowRestartAt: now,
          windowRestartFrom: startTime,
        })
      }
      if (fault.kind === 'rate_limited') {
        const wait = fault.until ? fault.until.getTime() - now.getTime() : RATE_LIMIT_FALLBACK_MS
        const pausedUntil = new Date(now.getTime() + Math.min(Math.max(wait, 1000), RATE_LIMIT_MAX_WAIT_MS))
        await XRepository.write(tx, claim.eventId, { ...seen, pausedUntil })
        return null
      }
      const failures = row.consecutiveFailures + 1
      await XRepository.write(tx, claim.eventId, {
        ...seen,
        consecutiveFailures: failures,
        pausedUntil: new Date(now.getTime() + backoffMs(failures, this.options.backoff, this.options.random)),
        // A next_token X refuses (expired, or from another query): start again from since_id; the unique post id absorbs repeats.
        ...(fault.badRequest && row.nextToken ? { nextToken: null, pendingNewestId: null } : {}),
      })
      return null
    })
  }
}
