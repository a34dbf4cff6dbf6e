// The X source rows and the X items in the database.
import { and, asc, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { X_CAP_RELEASE, events, heldByXCap, isXCapRelease, isXItem, items, moderationLog, xSources } from '../../db/schema'
import type { EventRow } from '../events/events.repository'
import type { ItemRow, NewItem } from '../questions/questions.repository'
import type { XSourceRow } from './x.health'

const DEFAULT_X_QUERY = '#CNCD -is:retweet'
/** First argument of the two-key advisory lock: the X poller's namespace ("Tx" in ASCII); the event id is the second. */
const X_LOCK_NAMESPACE = 0x5478
const NOT_CAPPED = ['blocked_handle', 'blocked_keyword', 'trusted_handle', 'x_cap']

export class XRepository {
  constructor(private readonly db: Db) {}

  /** The event's X source, created on first use from the event's X query (off when it has none). */
  async ensure(event: EventRow): Promise<XSourceRow> {
    await this.db
      .insert(xSources)
      .values({ eventId: event.id, query: event.settings.xQuery ?? DEFAULT_X_QUERY, enabled: event.settings.xQuery !== null })
      .onConflictDoNothing()
    return (await this.find(event.id))!
  }

  async find(eventId: number): Promise<XSourceRow | null> {
    const [row] = await this.db.select().from(xSources).where(eq(xSources.eventId, eventId))
    return row ?? null
  }

  /** Creates the sources of events that name an X query and have none yet. */
  async createMissingSources(): Promise<void> {
    await this.db.execute(sql`
      INSERT INTO ${xSources} (event_id, query, enabled)
      SELECT ${events.id}, ${events.settings}->>'xQuery', true FROM ${events}
      WHERE ${events.settings}->>'xQuery' IS NOT NULL AND ${events.settings}->>'xQuery' <> ''
      ON CONFLICT DO NOTHING`)
  }

  async sources(): Promise<XSourceRow[]> {
    return this.db.select().from(xSources).orderBy(asc(xSources.eventId))
  }

  /** The events with posts held by the cap: they need a release check whatever their polling state. Every tick: indexed. */
  async eventsWaitingForCap(): Promise<Set<number>> {
    const rows = await this.db.selectDistinct({ eventId: items.eventId }).from(items).where(heldByXCap(items))
    return new Set(rows.map((r) => r.eventId))
  }

  async update(eventId: number, values: Partial<typeof xSources.$inferInsert>): Promise<XSourceRow> {
    const [row] = await this.db.update(xSources).set(values).where(eq(xSources.eventId, eventId)).returning()
    return row!
  }

  /** X posts held back and still awaiting moderation. */
  async heldCount(eventId: number): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.source, 'x'), eq(items.status, 'pending'), eq(items.held, true)))
    return row?.n ?? 0
  }

  async hasWaitingForCap(eventId: number): Promise<boolean> {
    const [row] = await this.db.select({ id: items.id }).from(items).where(waitingForCap(eventId)).limit(1)
    return row !== undefined
  }

  async findByPostId(eventId: number, postId: string): Promise<ItemRow | null> {
    const [row] = await this.db
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.xPostId, postId)))
    return row ?? null
  }

  /** Whoever gets this lock, until its transaction ends, decides whether to poll the event now. */
  static async tryLock(tx: Db, eventId: number): Promise<boolean> {
    const result = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${X_LOCK_NAMESPACE}, ${eventId}) AS locked`)
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { locked: boolean }[]
    return rows[0]?.locked === true
  }

  /** The source row, locked until the transaction ends: page writes, releases and claims are serialised by it. */
  static async lock(tx: Db, eventId: number): Promise<XSourceRow | null> {
    const [row] = await tx.select().from(xSources).where(eq(xSources.eventId, eventId)).for('update')
    return row ?? null
  }

  static async write(tx: Db, eventId: number, values: Partial<typeof xSources.$inferInsert>): Promise<XSourceRow> {
    const [row] = await tx.update(xSources).set(values).where(eq(xSources.eventId, eventId)).returning()
    return row!
  }

  static async existingPostIds(tx: Db, eventId: number, postIds: string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set()
    const rows = await tx
      .select({ id: items.xPostId })
      .from(items)
      .where(and(eq(items.eventId, eventId), inArray(items.xPostId, postIds)))
    return new Set(rows.map((r) => r.id!))
  }

  /**
   * How many X items entered the pending lane in [start, end): those that arrived there directly
   * (no hold, no rule flag, never released) plus those the cap released in the window. A post is released
   * after it is created, so only releases from `start` on can concern a post created in the window: both
   * halves read the window's rows through their partial indexes, never the event's whole history.
   */
  static async enteredInWindow(tx: Db, eventId: number, start: Date, end: Date): Promise<number> {
    const [direct] = await tx
      .select({ n: count() })
      .from(items)
      .where(
        and(
          eq(items.eventId, eventId),
          isXItem(items),
          gte(items.createdAt, start),
          lt(items.createdAt, end),
          sql`NOT (${sql.join(
            NOT_CAPPED.map((flag) => sql`${items.flags} @> ${JSON.stringify([flag])}::jsonb`),
            sql` OR `,
          )})`,
          sql`NOT EXISTS (SELECT 1 FROM ${moderationLog} WHERE ${and(
            eq(moderationLog.eventId, eventId),
            isXCapRelease(moderationLog),
            gte(moderationLog.at, start),
            eq(moderationLog.itemId, items.id),
          )})`,
        ),
      )
    const [released] = await tx
      .select({ n: count() })
      .from(moderationLog)
      .where(and(eq(moderationLog.eventId, eventId), isXCapRelease(moderationLog), gte(moderationLog.at, start), lt(moderationLog.at, end)))
    return (direct?.n ?? 0) + (released?.n ?? 0)
  }

  /** Items held by the cap, oldest post first. */
  static async waitingForCap(tx: Db, eventId: number): Promise<ItemRow[]> {
    return tx.select().from(items).where(waitingForCap(eventId)).orderBy(asc(items.postedAt), asc(items.createdAt), asc(items.xPostId))
  }

  /** Inserts what is new; a post already in the event's queue is skipped, never duplicated. */
  static async insertPosts(tx: Db, rows: NewItem[]): Promise<ItemRow[]> {
    if (rows.length === 0) return []
    return tx
      .insert(items)
      .values(rows)
      .onConflictDoNothing({ target: [items.eventId, items.xPostId] })
      .returning()
  }

  static async findExisting(tx: Db, eventId: number, postId: string): Promise<ItemRow> {
    const [row] = await tx
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.xPostId, postId)))
    if (!row) throw new Error(`post ${postId} conflicted but no item has it`)
    return row
  }

  /** The cap's releases in the moderation log, one row each, in one insert. */
  static async logReleases(tx: Db, eventId: number, released: { itemId: string; seq: number }[], at: Date): Promise<void> {
    if (released.length === 0) return
    await tx.insert(moderationLog).values(
      released.map(({ itemId, seq }) => ({
        eventId,
        itemId,
        seq,
        actor: 'x_cap',
        action: X_CAP_RELEASE,
        fromStatus: 'pending',
        toStatus: 'pending',
        at,
      })),
    )
  }

  static async release(tx: Db, ids: string[], now: Date): Promise<ItemRow[]> {
    if (ids.length === 0) return []
    return tx
      .update(items)
      .set({
        held: false,
        flags: sql`${items.flags} - 'x_cap'`,
        version: sql`${items.version} + 1`,
        updatedAt: now,
      })
      .where(inArray(items.id, ids))
      .returning()
  }
}

function waitingForCap(eventId: number) {
  return and(eq(items.eventId, eventId), heldByXCap(items), isNotNull(items.xPostId))
}
