// The per-event change stream: every committed change with its sequence number, kept for replay.
import { and, asc, count, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { changes, events } from '../../db/schema'
import type { StoredChange, StoredChangeBody } from './projection'

export class StreamRepository {
  constructor(private readonly db: Db) {}

  /** Appends a change inside the caller's transaction, taking the event's next sequence number. */
  static async append(tx: Db, eventId: number, body: StoredChangeBody): Promise<StoredChange> {
    const seq = await StreamRepository.nextSeq(tx, eventId)
    const { type, ...payload } = body
    await tx.insert(changes).values({ eventId, seq, type, payload })
    return { seq, ...body }
  }

  /**
   * Appends several changes at once, in order, with consecutive sequence numbers: one UPDATE takes all of them
   * and one insert stores them, so a batch (a page of X posts) holds the event's row lock for two statements.
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
    const stored: StoredChange[] = bodies.map((body, i) => ({ seq: first + i, ...body }))
    await tx.insert(changes).values(stored.map(({ seq, type, ...payload }) => ({ eventId, seq, type, payload })))
    return stored
  }

  /** Hands out the event's next sequence number; the row lock orders concurrent changes by commit. */
  private static async nextSeq(tx: Db, eventId: number): Promise<number> {
    const [row] = await tx
      .update(events)
      .set({ seq: sql`${events.seq} + 1` })
      .where(eq(events.id, eventId))
      .returning({ seq: events.seq })
    if (!row) throw new Error(`event ${eventId} vanished`)
    return row.seq
  }

  async countSince(eventId: number, seq: number): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(changes)
      .where(and(eq(changes.eventId, eventId), gt(changes.seq, seq)))
    return row?.n ?? 0
  }

  async since(eventId: number, seq: number): Promise<StoredChange[]> {
    const rows = await this.db
      .select()
      .from(changes)
      .where(and(eq(changes.eventId, eventId), gt(changes.seq, seq)))
      .orderBy(asc(changes.seq))
    return rows.map((r) => ({ seq: r.seq, type: r.type, ...r.payload }) as StoredChange)
  }
}
