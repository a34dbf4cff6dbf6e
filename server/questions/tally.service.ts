// Vote counts and the public moderation counts, sent as one sequenced `tally` change at most every
// TALLY_SPACING_MS per event, however many votes arrive and however many processes take them. Votes only insert
// rows; the tally folds them into the questions' counts. One flush at a time per event on a process, and across
// processes the spacing is checked under the event's row lock against the last tally in the stream.
import { count, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { changes, items, votes } from '../../db/schema'
import type { QueueStats } from '../contract/schemas'
import { EventsRepository } from '../events/events.repository'
import { isPublic } from '../moderation/moderation.machine'
import type { Broadcaster } from '../realtime/broadcaster'
import type { StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'

/**
 * Stored at least this far apart: 2.5 a second. Five could reach a screen within one second only if delivery
 * bunched them by more than 600 ms, so the promise of four a second at the receiver holds under load (at 300 ms
 * apart, a 200 ms hiccup made five, seen in CI).
 */
const TALLY_SPACING_MS = 400
/** A vote waits this long for others to fold with it. */
const COALESCE_MS = 50

interface Pending {
  itemIds: Set<string>
  /** Something changed since the last tally. */
  dirty: boolean
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
  /** This process's last tally of the event, or the time another process's makes it wait from (epoch ms). */
  lastAt: number
}

export class TallyService {
  private readonly pending = new Map<number, Pending>()

  constructor(
    private readonly db: Db,
    private readonly broadcaster: Broadcaster,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Something changed: counts are sent soon, together with anything else that changes meanwhile. */
  touch(eventId: number, votedItemId?: string): void {
    let entry = this.pending.get(eventId)
    if (!entry) {
      entry = { itemIds: new Set(), dirty: false, timer: null, running: null, lastAt: 0 }
      this.pending.set(eventId, entry)
    }
    if (votedItemId) entry.itemIds.add(votedItemId)
    entry.dirty = true
    this.schedule(eventId, entry, COALESCE_MS)
  }

  async stats(eventId: number, db: Db = this.db): Promise<QueueStats> {
    const rows = await db
      .select({ status: items.status, reason: items.dismissReason, n: count() })
      .from(items)
      .where(eq(items.eventId, eventId))
      .groupBy(items.status, items.dismissReason)
    const stats: QueueStats = {
      received: 0,
      pending: 0,
      published: 0,
      answered: 0,
      merged: 0,
      withdrawn: 0,
      dismissed: { off_topic: 0, duplicate: 0, abusive: 0, other: 0 },
    }
    for (const { status, reason, n } of rows) {
      stats.received += n
      if (status === 'pending') stats.pending += n
      else if (status === 'approved' || status === 'on_air') stats.published += n
      else if (status === 'answered') stats.answered += n
      else if (status === 'merged') stats.merged += n
      else if (status === 'withdrawn') stats.withdrawn += n
      else if (status === 'dismissed') stats.dismissed[reason ?? 'other'] += n
    }
    return stats
  }

  /** Sends whatever is pending now, spacing aside (tests and shutdown). */
  async drain(): Promise<void> {
    for (const [eventId, entry] of this.pending) {
      await entry.running
      if (!entry.dirty) continue
      if (entry.timer) clearTimeout(entry.timer)
      entry.timer = null
      await this.run(eventId, entry, true)
    }
  }

  /** One flush at a time per event: a flush is scheduled only when none runs or waits. */
  private schedule(eventId: number, entry: Pending, delay: number): void {
    if (entry.running || entry.timer || !entry.dirty) return
    const wait = Math.max(delay, entry.lastAt + TALLY_SPACING_MS - this.now())
    entry.timer = setTimeout(() => {
      entry.timer = null
      void this.run(eventId, entry, false)
    }, wait)
    entry.timer.unref()
  }

  private run(eventId: number, entry: Pending, force: boolean): Promise<void> {
    const itemIds = [...entry.itemIds]
    entry.itemIds.clear()
    entry.dirty = false
    const retry = () => {
      for (const id of itemIds) entry.itemIds.add(id)
      entry.dirty = true
    }
    entry.running = this.flush(eventId, itemIds, force)
      .then((result) => {
        if (result.kind === 'sent') {
          entry.lastAt = this.now()
          this.broadcaster.publish(eventId, [result.change])
        } else {
          // Another process sent one moments ago: again once the spacing allows, with these questions.
          entry.lastAt = this.now() - TALLY_SPACING_MS + result.waitMs
          retry()
        }
      })
      .catch((error: unknown) => {
        entry.lastAt = this.now()
        retry()
        this.onError(error)
      })
      .finally(() => {
        entry.running = null
        this.schedule(eventId, entry, 0)
      })
    return entry.running
  }

  private async flush(
    eventId: number,
    itemIds: string[],
    force: boolean,
  ): Promise<{ kind: 'sent'; change: StoredChange } | { kind: 'wait'; waitMs: number }> {
    return this.db.transaction(async (tx) => {
      // The lock first: counts read after it include every vote committed before this tally's number.
      await EventsRepository.lock(tx, eventId)
      if (!force) {
        const ageMs = await lastTallyAge(tx, eventId)
        if (ageMs !== null && ageMs < TALLY_SPACING_MS) return { kind: 'wait' as const, waitMs: TALLY_SPACING_MS - ageMs }
      }
      const counts: Record<string, number> = {}
      if (itemIds.length > 0) {
        const rows = await tx
          .update(items)
          .set({ votes: sql`(select count(*) from ${votes} where ${votes.itemId} = ${items.id})::int` })
          .where(inArray(items.id, itemIds))
          .returning({ id: items.id, votes: items.votes, status: items.status })
        for (const row of rows) if (isPublic(row.status)) counts[row.id] = row.votes
      }
      const change = await StreamRepository.append(tx, eventId, { type: 'tally', votes: counts, stats: await this.stats(eventId, tx) })
      return { kind: 'sent' as const, change }
    })
  }
}

/** Milliseconds since the event's last tally was stored, by the database's clock (any process may have sent it). */
async function lastTallyAge(tx: Db, eventId: number): Promise<number | null> {
  const [row] = await tx
    .select({ ageMs: sql<number>`(extract(epoch from (clock_timestamp() - ${changes.at})) * 1000)::float8` })
    .from(changes)
    .where(sql`${changes.eventId} = ${eventId} and ${changes.type} = 'tally'`)
    .orderBy(sql`${changes.seq} desc`)
    .limit(1)
  return row ? Number(row.ageMs) : null
}
