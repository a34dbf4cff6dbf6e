// Registrations and their settings in the database; attendee sessions opened through a personal link.
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { attendees, items, mailJobs, registrationSettings, registrations, votes } from '../../db/schema'
import type { RegistrationFilter, RegistrationSettings } from '../contract/registration'
import { DEFAULT_REGISTRATION_SETTINGS } from './registration.rules'

export type RegistrationRow = typeof registrations.$inferSelect
export type NewRegistration = typeof registrations.$inferInsert
type SettingsRow = typeof registrationSettings.$inferSelect

function toSettings(row: SettingsRow | null): RegistrationSettings {
  if (!row) return DEFAULT_REGISTRATION_SETTINGS
  return {
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    capacity: row.capacity,
    approval: row.approval,
    priorityType: row.priorityType as RegistrationSettings['priorityType'],
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    purpose: row.purpose,
    consentText: row.consentText,
    invitationTime: row.invitationTime,
    reminder: row.reminder,
    retentionDays: row.retentionDays,
  }
}

export class RegistrationRepository {
  constructor(private readonly db: Db) {}

  async settings(eventId: number): Promise<RegistrationSettings> {
    const [row] = await this.db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId))
    return toSettings(row ?? null)
  }

  static async settingsIn(tx: Db, eventId: number): Promise<RegistrationSettings> {
    const [row] = await tx.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId))
    return toSettings(row ?? null)
  }

  static async findIn(tx: Db, id: string): Promise<RegistrationRow | null> {
    const [row] = await tx.select().from(registrations).where(eq(registrations.id, id))
    return row ?? null
  }

  async saveSettings(eventId: number, settings: RegistrationSettings, at: Date): Promise<RegistrationSettings> {
    const values = { ...settings, updatedAt: at }
    const [row] = await this.db
      .insert(registrationSettings)
      .values({ eventId, ...values })
      .onConflictDoUpdate({ target: registrationSettings.eventId, set: values })
      .returning()
    return toSettings(row!)
  }

  /**
   * Locks the event's registration settings for the transaction (creating them if needed): registrations and
   * decisions of one event are serialised, so the capacity holds under concurrent sign-ups.
   */
  static async lockSettings(tx: Db, eventId: number): Promise<RegistrationSettings> {
    await tx.insert(registrationSettings).values({ eventId }).onConflictDoNothing()
    const [row] = await tx.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId)).for('update')
    return toSettings(row!)
  }

  static async findByEmail(tx: Db, eventId: number, email: string): Promise<RegistrationRow | null> {
    const [row] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.email, email)))
    return row ?? null
  }

  static async insert(tx: Db, values: NewRegistration): Promise<RegistrationRow> {
    const [row] = await tx.insert(registrations).values(values).returning()
    return row!
  }

  static async update(tx: Db, id: string, values: Partial<NewRegistration>): Promise<RegistrationRow> {
    const [row] = await tx.update(registrations).set(values).where(eq(registrations.id, id)).returning()
    return row!
  }

  static async lock(tx: Db, eventId: number, id: string): Promise<RegistrationRow | null> {
    const [row] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.id, id)))
      .for('update')
    return row ?? null
  }

  static async approvedCount(tx: Db, eventId: number): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'approved'), isNull(registrations.erasedAt)))
    return row?.n ?? 0
  }

  /** Registrations waiting for a decision or a place, for approval in priority order. */
  static async undecided(tx: Db, eventId: number): Promise<RegistrationRow[]> {
    return tx
      .select()
      .from(registrations)
      .where(
        and(eq(registrations.eventId, eventId), inArray(registrations.status, ['pending', 'waitlisted']), isNull(registrations.erasedAt)),
      )
  }

  async find(eventId: number, id: string): Promise<RegistrationRow | null> {
    const [row] = await this.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.id, id)))
    return row ?? null
  }

  async list(eventId: number, filter: RegistrationFilter = {}): Promise<RegistrationRow[]> {
    const q = filter.q?.trim()
    const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
    return this.db
      .select()
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, eventId),
          filter.status ? eq(registrations.status, filter.status) : undefined,
          filter.organisationType ? eq(registrations.organisationType, filter.organisationType) : undefined,
          pattern
            ? or(ilike(registrations.name, pattern), ilike(registrations.email, pattern), ilike(registrations.organisation, pattern))
            : undefined,
        ),
      )
      .orderBy(asc(registrations.createdAt), asc(registrations.id))
  }

  async counts(eventId: number): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ status: registrations.status, n: count() })
      .from(registrations)
      .where(eq(registrations.eventId, eventId))
      .groupBy(registrations.status)
    return Object.fromEntries(rows.map((r) => [r.status, r.n]))
  }

  /** The latest invitation of each registration (status and when it went out). */
  async invitations(eventId: number): Promise<Map<string, { status: string; sentAt: Date | null }>> {
    const rows = await this.db
      .select({ registrationId: mailJobs.registrationId, status: mailJobs.status, sentAt: mailJobs.sentAt, createdAt: mailJobs.createdAt })
      .from(mailJobs)
      .where(and(eq(mailJobs.eventId, eventId), eq(mailJobs.kind, 'invitation'), isNotNull(mailJobs.registrationId)))
      .orderBy(asc(mailJobs.createdAt))
    const latest = new Map<string, { status: string; sentAt: Date | null }>()
    for (const row of rows) latest.set(row.registrationId!, { status: row.status, sentAt: row.sentAt })
    return latest
  }

  /** Registrations with a session opened through their personal link. */
  async joined(eventId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectDistinct({ id: attendees.registrationId })
      .from(attendees)
      .where(and(eq(attendees.eventId, eventId), isNotNull(attendees.registrationId)))
    return new Set(rows.map((r) => r.id!))
  }

  async byInvitation(eventId: number, tokenHash: string): Promise<RegistrationRow | null> {
    const [row] = await this.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.inviteTokenHash, tokenHash)))
    return row ?? null
  }

  async insertAttendee(values: typeof attendees.$inferInsert): Promise<string> {
    const [row] = await this.db.insert(attendees).values(values).returning({ id: attendees.id })
    return row!.id
  }

  /** The sessions opened through this registration's link, with what they asked and supported (data export). */
  async activity(registrationId: string) {
    const sessions = await this.db
      .select({
        id: attendees.id,
        displayName: attendees.displayName,
        organisation: attendees.organisation,
        createdAt: attendees.createdAt,
      })
      .from(attendees)
      .where(eq(attendees.registrationId, registrationId))
    const ids = sessions.map((s) => s.id)
    const asked = ids.length
      ? await this.db
          .select({ id: items.id, text: items.text, status: items.status, createdAt: items.createdAt, anonymous: items.anonymous })
          .from(items)
          .where(inArray(items.attendeeId, ids))
      : []
    const supported = ids.length
      ? await this.db.select({ itemId: votes.itemId, createdAt: votes.createdAt }).from(votes).where(inArray(votes.attendeeId, ids))
      : []
    const mails = await this.db
      .select({ kind: mailJobs.kind, status: mailJobs.status, createdAt: mailJobs.createdAt, sentAt: mailJobs.sentAt })
      .from(mailJobs)
      .where(eq(mailJobs.registrationId, registrationId))
      .orderBy(asc(mailJobs.createdAt))
    return { sessions, asked, supported, mails }
  }

  /** Ends every session opened through the link: their tokens are replaced by ones nobody holds. */
  static async endSessions(tx: Db, registrationId: string): Promise<string[]> {
    const rows = await tx
      .update(attendees)
      .set({ tokenHash: sql`'revoked:' || ${attendees.id}::text` })
      .where(eq(attendees.registrationId, registrationId))
      .returning({ id: attendees.id })
    return rows.map((r) => r.id)
  }

  /** Erasure: the person's identity leaves the sessions and the questions they signed. Returns the questions changed. */
  static async forgetIdentity(tx: Db, attendeeIds: string[]): Promise<(typeof items.$inferSelect)[]> {
    if (attendeeIds.length === 0) return []
    await tx.update(attendees).set({ displayName: null, organisation: null }).where(inArray(attendees.id, attendeeIds))
    return tx
      .update(items)
      .set({ authorName: null, authorOrganisation: null, anonymous: true, version: sql`${items.version} + 1` })
      .where(and(inArray(items.attendeeId, attendeeIds), or(isNotNull(items.authorName), isNotNull(items.authorOrganisation))))
      .returning()
  }

  static async erase(tx: Db, id: string, at: Date): Promise<void> {
    await tx
      .update(registrations)
      .set({
        email: null,
        name: null,
        organisation: null,
        jobTitle: null,
        consentText: null,
        inviteTokenHash: null,
        erasedAt: at,
        updatedAt: at,
      })
      .where(eq(registrations.id, id))
  }

  static async unerasedIds(tx: Db, eventId: number): Promise<string[]> {
    const rows = await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), isNull(registrations.erasedAt)))
      .orderBy(desc(registrations.createdAt))
    return rows.map((r) => r.id)
  }
}
