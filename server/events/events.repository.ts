// Events and their agendas in the database.
import { and, asc, eq, gte, inArray } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { events, items, segments } from '../../db/schema'
import type { EventSettingsRow } from '../../db/schema'
import type { EventView } from '../contract/schemas'
import type { StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import type { PlannedSegment } from './agenda'

export type EventRow = typeof events.$inferSelect
export type SegmentRow = typeof segments.$inferSelect

export interface NewEvent {
  slug: string
  title: string
  organiser: string
  timeZone: string
  localDate: string
  settings: EventSettingsRow
  moderatorSecretHash: string
  speakerSecretHash: string
  organiserSecretHash: string
}

/** What may change of an event after its creation (never its slug: links point at it). */
export interface EventChanges {
  title: string
  organiser: string
  timeZone: string
  localDate: string
}

export class EventsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the event and its segments; returns null when the slug is taken. */
  async insert(event: NewEvent, planned: PlannedSegment[]): Promise<EventRow | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(events).values(event).onConflictDoNothing({ target: events.slug }).returning()
      if (!row) return null
      await tx.insert(segments).values(planned.map((s) => ({ ...s, eventId: row.id })))
      return row
    })
  }

  async findBySlug(slug: string): Promise<EventRow | null> {
    const [row] = await this.db.select().from(events).where(eq(events.slug, slug)).limit(1)
    return row ?? null
  }

  async findById(eventId: number): Promise<EventRow | null> {
    const [row] = await this.db.select().from(events).where(eq(events.id, eventId)).limit(1)
    return row ?? null
  }

  async segmentsOf(eventId: number): Promise<SegmentRow[]> {
    return this.db.select().from(segments).where(eq(segments.eventId, eventId)).orderBy(asc(segments.position))
  }

  /** Reads the settings under the event's row lock and writes what `merge` makes of them, with its change. */
  async updateSettings(
    eventId: number,
    merge: (current: EventRow) => { settings: EventSettingsRow; view: EventView },
  ): Promise<StoredChange> {
    return this.db.transaction(async (tx) => {
      const current = await EventsRepository.lock(tx, eventId)
      const { settings, view } = merge(current)
      await tx.update(events).set({ settings }).where(eq(events.id, eventId))
      return StreamRepository.append(tx, eventId, { type: 'event', event: view })
    })
  }

  /** New role secrets, and an `access` change so every process drops the screens that used the old ones. */
  async replaceSecrets(
    eventId: number,
    hashes: { moderatorSecretHash?: string; speakerSecretHash?: string; organiserSecretHash?: string },
  ): Promise<StoredChange> {
    return this.db.transaction(async (tx) => {
      await tx.update(events).set(hashes).where(eq(events.id, eventId))
      return StreamRepository.append(tx, eventId, { type: 'access', attendeeId: null })
    })
  }

  /**
   * New title, zone, date and agenda in one change. Segments keep their ids position by position (the
   * questions assigned to them stay assigned); segments beyond the new agenda's length are removed.
   */
  async updateAgenda(
    eventId: number,
    changes: EventChanges,
    planned: PlannedSegment[],
    view: (row: EventRow, segments: SegmentRow[]) => EventView,
  ): Promise<{ row: EventRow; change: StoredChange }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(events).set(changes).where(eq(events.id, eventId)).returning()
      const existing = await tx.select().from(segments).where(eq(segments.eventId, eventId)).orderBy(asc(segments.position))
      const removed = existing.filter((s) => s.position >= planned.length).map((s) => s.id)
      if (removed.length > 0) {
        await tx
          .update(items)
          .set({ segmentId: null })
          .where(and(eq(items.eventId, eventId), inArray(items.segmentId, removed)))
        await tx.delete(segments).where(and(eq(segments.eventId, eventId), gte(segments.position, planned.length)))
      }
      for (const segment of planned) {
        const current = existing.find((s) => s.position === segment.position)
        if (current) await tx.update(segments).set(segment).where(eq(segments.id, current.id))
        else await tx.insert(segments).values({ ...segment, eventId })
      }
      const fresh = await tx.select().from(segments).where(eq(segments.eventId, eventId)).orderBy(asc(segments.position))
      const change = await StreamRepository.append(tx, eventId, { type: 'event', event: view(row!, fresh) })
      return { row: row!, change }
    })
  }

  /** Everything about the event goes with it (every table cascades from events). */
  async delete(eventId: number): Promise<void> {
    await this.db.delete(events).where(eq(events.id, eventId))
  }

  async list(): Promise<EventRow[]> {
    return this.db.select().from(events).orderBy(asc(events.localDate), asc(events.id))
  }

  /**
   * Locks the event's row for the rest of the transaction. Every transaction that changes an event takes this
   * lock before any other row of the event (it is also where sequence numbers come from), so they never deadlock.
   */
  static async lock(tx: Db, eventId: number): Promise<EventRow> {
    const [row] = await tx.select().from(events).where(eq(events.id, eventId)).for('update')
    if (!row) throw new Error(`event ${eventId} vanished`)
    return row
  }
}
