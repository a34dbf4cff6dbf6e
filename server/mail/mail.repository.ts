// E-mail jobs in the database: enqueued once per key, claimed under row locks, finished under a lease fence.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { events, mailJobs, registrations, segments } from '../../db/schema'
import type { MailKind } from '../contract/registration'
import type { EventView } from '../contract/schemas'
import type { EventRow } from '../events/events.repository'
import { toEventView } from '../events/events.view'

export type MailJobRow = typeof mailJobs.$inferSelect

export interface NewJob {
  eventId: number
  registrationId: string | null
  kind: MailKind
  dedupeKey: string
  recipient: string
  payload?: Record<string, string | boolean>
  at: Date
}

export class MailRepository {
  constructor(private readonly db: Db) {}

  /** Inside the caller's transaction: the job exists once per (event, key), whoever asks and however often. */
  static async enqueue(tx: Db, job: NewJob): Promise<boolean> {
    const inserted = await tx
      .insert(mailJobs)
      .values({
        eventId: job.eventId,
        registrationId: job.registrationId,
        kind: job.kind,
        dedupeKey: job.dedupeKey,
        recipient: job.recipient,
        payload: job.payload ?? {},
        status: 'queued',
        nextAttemptAt: job.at,
        createdAt: job.at,
      })
      .onConflictDoNothing()
      .returning({ id: mailJobs.id })
    return inserted.length > 0
  }

  enqueue(job: NewJob): Promise<boolean> {
    return MailRepository.enqueue(this.db, job)
  }

  /**
   * The next job due, locked for this transaction; SKIP LOCKED lets other processes claim other jobs at the same
   * time. A job left `sending` by a process that stopped is due again once its lease has run out.
   */
  static async nextDue(tx: Db, now: Date): Promise<MailJobRow | null> {
    const [row] = await tx
      .select()
      .from(mailJobs)
      .where(
        or(
          and(eq(mailJobs.status, 'queued'), lte(mailJobs.nextAttemptAt, now)),
          and(eq(mailJobs.status, 'sending'), lt(mailJobs.leaseUntil, now)),
        ),
      )
      .orderBy(asc(mailJobs.nextAttemptAt), asc(mailJobs.createdAt))
      .limit(1)
      .for('update', { skipLocked: true })
    return row ?? null
  }

  static async update(tx: Db, id: string, values: Partial<MailJobRow>): Promise<void> {
    await tx.update(mailJobs).set(values).where(eq(mailJobs.id, id))
  }

  /** Only while this lease stands: a process whose job was taken over writes nothing. */
  async finish(id: string, leaseToken: string, values: Partial<MailJobRow>): Promise<boolean> {
    const rows = await this.db
      .update(mailJobs)
      .set({ ...values, leaseToken: null, leaseUntil: null })
      .where(and(eq(mailJobs.id, id), eq(mailJobs.leaseToken, leaseToken), eq(mailJobs.status, 'sending')))
      .returning({ id: mailJobs.id })
    return rows.length > 0
  }

  async renewLease(id: string, leaseToken: string, until: Date): Promise<boolean> {
    const rows = await this.db
      .update(mailJobs)
      .set({ leaseUntil: until })
      .where(and(eq(mailJobs.id, id), eq(mailJobs.leaseToken, leaseToken), eq(mailJobs.status, 'sending')))
      .returning({ id: mailJobs.id })
    return rows.length > 0
  }

  async counts(eventId: number): Promise<{ kind: string; status: string; n: number }[]> {
    return this.db
      .select({ kind: mailJobs.kind, status: mailJobs.status, n: count() })
      .from(mailJobs)
      .where(eq(mailJobs.eventId, eventId))
      .groupBy(mailJobs.kind, mailJobs.status)
  }

  async recent(eventId: number, limit: number): Promise<MailJobRow[]> {
    return this.db
      .select()
      .from(mailJobs)
      .where(eq(mailJobs.eventId, eventId))
      .orderBy(desc(mailJobs.createdAt), desc(mailJobs.id))
      .limit(limit)
  }

  async find(eventId: number, id: string): Promise<MailJobRow | null> {
    const [row] = await this.db
      .select()
      .from(mailJobs)
      .where(and(eq(mailJobs.eventId, eventId), eq(mailJobs.id, id)))
    return row ?? null
  }

  /** How many invitations each registration was sent (so a re-send gets the next key). */
  static async invitationCount(tx: Db, registrationId: string): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(mailJobs)
      .where(and(eq(mailJobs.registrationId, registrationId), eq(mailJobs.kind, 'invitation')))
    return row?.n ?? 0
  }

  /** Approved registrations of the event that were never sent an invitation. */
  static async uninvited(tx: Db, eventId: number): Promise<{ id: string; email: string }[]> {
    const rows = await tx
      .select({ id: registrations.id, email: registrations.email })
      .from(registrations)
      .where(
        and(
          eq(registrations.eventId, eventId),
          eq(registrations.status, 'approved'),
          isNull(registrations.erasedAt),
          sql`not exists (select 1 from ${mailJobs} where ${mailJobs.registrationId} = ${registrations.id} and ${mailJobs.kind} = 'invitation')`,
        ),
      )
      .orderBy(asc(registrations.createdAt))
    return rows.flatMap((r) => (r.email ? [{ id: r.id, email: r.email }] : []))
  }

  /** Approved registrations whose invitation went out: they get the reminder. */
  static async invited(tx: Db, eventId: number): Promise<{ id: string; email: string }[]> {
    const rows = await tx
      .selectDistinct({ id: registrations.id, email: registrations.email })
      .from(registrations)
      .innerJoin(mailJobs, and(eq(mailJobs.registrationId, registrations.id), eq(mailJobs.kind, 'invitation'), eq(mailJobs.status, 'sent')))
      .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'approved'), isNull(registrations.erasedAt)))
    return rows.flatMap((r) => (r.email ? [{ id: r.id, email: r.email }] : []))
  }

  /** Events with approved registrations: the only ones the invitation and reminder schedule looks at. */
  async eventsWithApproved(): Promise<number[]> {
    const rows = await this.db
      .selectDistinct({ eventId: registrations.eventId })
      .from(registrations)
      .where(and(eq(registrations.status, 'approved'), isNull(registrations.erasedAt)))
    return rows.map((r) => r.eventId)
  }

  /** Events that still hold registrants' personal data (for the retention sweep). */
  async eventsWithPersonalData(): Promise<number[]> {
    const rows = await this.db.selectDistinct({ eventId: registrations.eventId }).from(registrations).where(isNull(registrations.erasedAt))
    return rows.map((r) => r.eventId)
  }

  /** Forgets the personal parts of jobs (address, message); queued ones are cancelled. Returns the outbox files to delete. */
  static async forgetJobs(tx: Db, where: { eventId: number; registrationId?: string }): Promise<string[]> {
    const scope = where.registrationId
      ? and(eq(mailJobs.eventId, where.eventId), eq(mailJobs.registrationId, where.registrationId))
      : eq(mailJobs.eventId, where.eventId)
    const files = await tx
      .select({ file: mailJobs.file })
      .from(mailJobs)
      .where(and(scope, isNotNull(mailJobs.file)))
    await tx
      .update(mailJobs)
      .set({ status: 'cancelled', leaseToken: null, leaseUntil: null })
      .where(and(scope, inArray(mailJobs.status, ['queued', 'sending'])))
    await tx.update(mailJobs).set({ recipient: null, raw: null, file: null, payload: {} }).where(scope)
    return files.flatMap((f) => (f.file ? [f.file] : []))
  }

  /** The event and its agenda, read inside the claim's transaction. */
  static async eventOf(tx: Db, eventId: number, publicUrl: string): Promise<{ row: EventRow; view: EventView } | null> {
    const [row] = await tx.select().from(events).where(eq(events.id, eventId))
    if (!row) return null
    const agenda = await tx.select().from(segments).where(eq(segments.eventId, eventId)).orderBy(asc(segments.position))
    return { row, view: toEventView(row, agenda, publicUrl) }
  }

  async slugOf(eventId: number): Promise<string | null> {
    const [row] = await this.db.select({ slug: events.slug }).from(events).where(eq(events.id, eventId))
    return row?.slug ?? null
  }
}
