// Vote counts and the public moderation counts, broadcast at most four times a second per event,
// however many votes arrive: a vote storm cannot flood the sockets, and every vote is in the database.
import { and, count, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { items } from '../../db/schema'
import type { QueueStats } from '../contract/schemas'
import type { Broadcaster } from '../realtime/broadcaster'
import { StreamRepository } from '../realtime/stream.repository'

const TALLY_INTERVAL_MS = 250

interface Pending {
  itemIds: Set<string>
  timer: NodeJS.Timeout
}

export class TallyService {
  private readonly pending = new Map<number, Pending>()
  private readonly flushing = new Set<Promise<void>>()

  constructor(
    private readonly db: Db,
    private readonly broadcaster: Broadcaster,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Something changed: counts will be sent within TALLY_INTERVAL_MS, together with anything else that changes meanwhile. */
  touch(eventId: number, votedItemId?: string): void {
    let entry = this.pending.get(eventId)
    if (!entry) {
      const timer = setTimeout(() => this.flushSoon(eventId), TALLY_INTERVAL_MS)
      timer.unref()
      entry = { itemIds: new Set(), timer }
      this.pending.set(eventId, entry)
    }
    if (votedItemId) entry.itemIds.add(votedItemId)
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
      dismissed: { off_topic: 0, duplicate: 0, abusive: 0, other: 0 },
    }
    for (const { status, reason, n } of rows) {
      stats.received += n
      if (status === 'pending') stats.pending += n
      else if (status === 'approved' || status === 'on_air') stats.published += n
      else if (status === 'answered') stats.answered += n
      else if (status === 'merged') stats.merged += n
      else if (status === 'dismissed') stats.dismissed[reason ?? 'other'] += n
    }
    return stats
  }

  /** Sends whatever is pending now (tests and shutdown). */
  async drain(): Promise<void> {
    for (const [eventId, entry] of [...this.pending]) {
      clearTimeout(entry.timer)
      this.flushSoon(eventId)
    }
    await Promise.all(this.flushing)
  }

  private flushSoon(eventId: number): void {
    const entry = this.pending.get(eventId)
    if (!entry) return
    this.pending.delete(eventId)
    const run = this.flush(eventId, [...entry.itemIds]).catch(this.onError)
    this.flushing.add(run)
    void run.finally(() => this.flushing.delete(run))
  }

  private async flush(eventId: number, itemIds: string[]): Promise<void> {
    const change = await this.db.transaction(async (tx) => {
      const votes: Record<string, number> = {}
      if (itemIds.length > 0) {
        const rows = await tx
          .select({ id: items.id, votes: items.votes })
          .from(items)
          .where(and(eq(items.eventId, eventId), inArray(items.id, itemIds), sql`${items.status} in ('approved', 'on_air', 'answered')`))
        for (const row of rows) votes[row.id] = row.votes
      }
      return StreamRepository.append(tx, eventId, { type: 'tally', votes, stats: await this.stats(eventId, tx) })
    })
    this.broadcaster.publish(eventId, [change])
  }
}
