// The per-event change stream: every committed change with its sequence number, kept for delivery and replay.
import { and, asc, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { changes, events } from '../../db/schema'
import type { StoredChange, StoredChangeBody } from './projection'

export class StreamRepository {
  constructor(private readonly db: Db) {}

  /** Appends a change inside the caller's transaction, taking the event's next sequence number. */
  static async append(tx: Db, eventId: number, body: StoredChangeBody): Promise<StoredChange> {
    const [change] = await StreamRepository.appendMany(tx, eventId, [body])
    return change!
  }

  /**
   * Appends several changes with consecutive numbers (one update, one insert). The event row stays locked until
   * the transaction ends, so numbers are handed out, and become visible, in commit order: a reader that sees N
   * has every change before N. `at` is the moment of writing, not the transaction's start.
   */
  static async appendMany(tx: Db, eventId: number, bodies: readonly StoredChangeBody[]): Promise<StoredChange[]> {
    if (bodies.length === 0) return []
    const [row] = await tx
      .update(events)
      .set({ seq: sql`${events.seq} + ${bodies.length}` })
      .where(eq(events.id, eventId))
      .returning({ seq: events.seq })
    if (!row) throw new Error(`event ${eventId} vanished`)
    const first = row.seq - bodies.length + 1
    const stored = bodies.map((body, index) => ({ seq: first + index, ...body }))
    await tx
      .insert(changes)
      .values(stored.map(({ seq, type, ...payload }) => ({ eventId, seq, type, payload: payload, at: sql`clock_timestamp()` })))
    return stored
  }

  /** The event's last sequence number. */
  async head(eventId: number): Promise<number> {
    const [row] = await this.db.select({ seq: events.seq }).from(events).where(eq(events.id, eventId))
    return row?.seq ?? 0
  }

  /** The changes after `seq`, oldest first, at most `limit` of them. */
  async after(eventId: number, seq: number, limit: number): Promise<StoredChange[]> {
    const rows = await this.db
      .select({ seq: changes.seq, type: changes.type, payload: changes.payload })
      .from(changes)
      .where(and(eq(changes.eventId, eventId), gt(changes.seq, seq)))
      .orderBy(asc(changes.seq))
      .limit(limit)
    return rows.map((r) => ({ ...r.payload, seq: r.seq, type: r.type }) as StoredChange)
  }
}
