// Questions (queue items) in the database.
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { items, moderationLog, votes } from '../../db/schema'
import type { ItemStatus, ItemView } from '../contract/schemas'
import { PUBLIC_STATUSES } from '../moderation/moderation.machine'
import type { StoredChangeBody } from '../realtime/projection'

export type ItemRow = typeof items.$inferSelect
export type NewItem = typeof items.$inferInsert

/** An item's change for the stream: the moderators' full view, its owner, and whether the public had it. */
export function itemChange(row: ItemRow, wasPublic = false): StoredChangeBody {
  return { type: 'item', item: toItemView(row), ownerId: row.attendeeId, wasPublic }
}

export function toItemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    source: row.source,
    text: row.text,
    originalText: row.originalText,
    author: {
      source: row.source,
      anonymous: row.anonymous,
      name: row.source === 'x' ? row.xName : row.authorName,
      organisation: row.authorOrganisation,
      xHandle: row.xHandle,
      avatarUrl: row.xAvatarUrl,
    },
    url: row.url,
    contextText: row.contextText,
    postedAt: row.postedAt?.toISOString() ?? null,
    language: row.language,
    status: row.status,
    held: row.held,
    flags: row.flags,
    similar: row.similar,
    coAskers: row.coAskers.map((a) => ({ ...a, source: a.source as ItemView['source'], avatarUrl: null })),
    dismissReason: row.dismissReason,
    segmentId: row.segmentId,
    tags: row.tags,
    votes: row.votes,
    rank: row.rank,
    mergedInto: row.mergedInto,
    reply: row.reply,
    version: row.version,
    mine: false,
    voted: false,
    askerId: row.attendeeId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    onAirAt: row.onAirAt?.toISOString() ?? null,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    answeredInRehearsal: row.rehearsalRun !== null,
  }
}

/** Questions still in play: a new one may duplicate them. */
export const LIVE_STATUSES = ['pending', 'approved', 'on_air'] as const satisfies readonly ItemStatus[]

export class QuestionsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts unless this attendee already sent this idempotency key; then returns the first one. */
  /** Inserts the items that are not retries (same asker, same idempotency key) and returns those inserted. */
  static async insertNew(tx: Db, rows: readonly NewItem[]): Promise<ItemRow[]> {
    return tx
      .insert(items)
      .values([...rows])
      .onConflictDoNothing()
      .returning()
  }

  /** The question an attendee already sent with this idempotency key, if any (a retry). */
  static async byIdempotencyKey(db: Db, attendeeId: string, key: string): Promise<ItemRow | null> {
    const [row] = await db
      .select()
      .from(items)
      .where(and(eq(items.attendeeId, attendeeId), eq(items.idempotencyKey, key)))
    return row ?? null
  }

  /** Texts of the questions still in play, newest first, to spot likely duplicates of a new one. */
  static async liveTexts(tx: Db, eventId: number, limit: number): Promise<{ id: string; text: string }[]> {
    return tx
      .select({ id: items.id, text: items.text })
      .from(items)
      .where(and(eq(items.eventId, eventId), inArray(items.status, LIVE_STATUSES)))
      .orderBy(desc(items.createdAt))
      .limit(limit)
  }

  /** Locks the item for the rest of the transaction so concurrent moderators are serialised. */
  static async lock(tx: Db, eventId: number, id: string): Promise<ItemRow | null> {
    const [row] = await tx
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.id, id)))
      .for('update')
    return row ?? null
  }

  static async onAir(tx: Db, eventId: number): Promise<ItemRow | null> {
    const [row] = await tx
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.status, 'on_air')))
      .for('update')
    return row ?? null
  }

  /** The questions answered during rehearsal `run` that are still answered, locked, oldest answer first. */
  static async answeredInRehearsal(tx: Db, eventId: number, run: number): Promise<ItemRow[]> {
    return tx
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.status, 'answered'), eq(items.rehearsalRun, run)))
      .orderBy(asc(items.answeredAt), asc(items.id))
      .for('update')
  }

  static async update(tx: Db, id: string, values: Partial<NewItem>): Promise<ItemRow> {
    const [row] = await tx
      .update(items)
      .set({ ...values, version: sql`${items.version} + 1`, updatedAt: new Date() })
      .where(eq(items.id, id))
      .returning()
    return row!
  }

  static async log(tx: Db, entry: typeof moderationLog.$inferInsert): Promise<void> {
    await tx.insert(moderationLog).values(entry)
  }

  static history(db: Db, eventId: number, limit: number) {
    return db.select().from(moderationLog).where(eq(moderationLog.eventId, eventId)).orderBy(desc(moderationLog.id)).limit(limit)
  }

  /** Everything for moderators; published items plus the caller's own for everyone else. */
  async visibleTo(eventId: number, viewer: { moderator: boolean; attendeeId: string | null }): Promise<ItemRow[]> {
    const published = inArray(items.status, [...PUBLIC_STATUSES] as ItemStatus[])
    const scope = viewer.moderator ? undefined : viewer.attendeeId ? or(published, eq(items.attendeeId, viewer.attendeeId)) : published
    return this.db
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), scope))
      .orderBy(asc(items.createdAt), asc(items.id))
  }

  /**
   * In one statement (it runs for every attendee who connects): the attendee's own questions, whatever their
   * status, and the questions they support, each with whether they support it.
   */
  async ownAndSupported(eventId: number, attendeeId: string): Promise<{ item: ItemRow; voted: boolean }[]> {
    const supported = sql`select ${votes.itemId} from ${votes} where ${votes.attendeeId} = ${attendeeId}`
    return this.db
      .select({ item: items, voted: sql<boolean>`${items.id} in (${supported})` })
      .from(items)
      .where(and(eq(items.eventId, eventId), or(eq(items.attendeeId, attendeeId), sql`${items.id} in (${supported})`)))
  }

  static async find(db: Db, eventId: number, id: string): Promise<ItemRow | null> {
    const [row] = await db
      .select()
      .from(items)
      .where(and(eq(items.eventId, eventId), eq(items.id, id)))
    return row ?? null
  }
}
