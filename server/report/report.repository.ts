// What the report reads: questions, registrations, sessions, votes, e-mails sent and presence samples.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { attendees, items, mailJobs, presenceSamples, registrations, votes } from '../../db/schema'

export class ReportRepository {
  constructor(private readonly db: Db) {}

  async registrations(eventId: number) {
    return this.db
      .select({
        id: registrations.id,
        organisationType: registrations.organisationType,
        status: registrations.status,
        email: registrations.email,
        contactConsent: registrations.contactConsent,
      })
      .from(registrations)
      .where(eq(registrations.eventId, eventId))
  }

  async invited(eventId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ id: mailJobs.registrationId })
      .from(mailJobs)
      .where(
        and(
          eq(mailJobs.eventId, eventId),
          eq(mailJobs.kind, 'invitation'),
          eq(mailJobs.status, 'sent'),
          isNotNull(mailJobs.registrationId),
        ),
      )
    return new Set(rows.map((r) => r.id!))
  }

  async attendees(eventId: number): Promise<{ id: string; registrationId: string | null }[]> {
    return this.db
      .select({ id: attendees.id, registrationId: attendees.registrationId })
      .from(attendees)
      .where(eq(attendees.eventId, eventId))
  }

  async voters(eventId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ id: votes.attendeeId })
      .from(votes)
      .innerJoin(items, eq(items.id, votes.itemId))
      .where(eq(items.eventId, eventId))
    return new Set(rows.map((r) => r.id))
  }

  /** Attendees connected per minute, every process added up. */
  async samples(eventId: number): Promise<{ minute: Date; attendees: number }[]> {
    const rows = await this.db
      .select({ minute: presenceSamples.minute, attendees: sql<number>`sum(${presenceSamples.attendees})::int` })
      .from(presenceSamples)
      .where(eq(presenceSamples.eventId, eventId))
      .groupBy(presenceSamples.minute)
      .orderBy(asc(presenceSamples.minute))
    return rows.map((r) => ({ minute: r.minute, attendees: Number(r.attendees) }))
  }

  /** Each asker's registration (only sessions opened through a personal link have one). */
  async registrationOfAttendees(attendeeIds: string[]): Promise<Map<string, string>> {
    if (attendeeIds.length === 0) return new Map()
    const rows = await this.db
      .select({ id: attendees.id, registrationId: attendees.registrationId })
      .from(attendees)
      .where(and(inArray(attendees.id, attendeeIds), isNotNull(attendees.registrationId)))
    return new Map(rows.map((r) => [r.id, r.registrationId!]))
  }
}

/** Presence samples: one row per event, minute and process, keeping the largest count of the minute. */
export class PresenceRepository {
  constructor(private readonly db: Db) {}

  async record(rows: { eventId: number; minute: Date; process: string; attendees: number }[]): Promise<void> {
    if (rows.length === 0) return
    await this.db
      .insert(presenceSamples)
      .values(rows)
      .onConflictDoUpdate({
        target: [presenceSamples.eventId, presenceSamples.minute, presenceSamples.process],
        set: { attendees: sql`greatest(${presenceSamples.attendees}, excluded.attendees)` },
      })
  }
}
