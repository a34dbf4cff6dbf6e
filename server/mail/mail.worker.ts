// The e-mail loop: puts the morning invitations and reminders in the queue when they fall due, erases data past
// its retention, and sends due jobs one at a time. Each job is claimed in a short transaction (row lock, SKIP LOCKED,
// a lease), sent outside it, and finished only while its lease stands: several processes never send the same job
// at the same time, and a job left by a stopped process is taken over when its lease runs out.
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/connect'
import { hashSecret, newSecret } from '../auth/secrets'
import type { EventsService } from '../events/events.service'
import { RegistrationRepository } from '../registration/registration.repository'
import type { MailService } from './mail.service'
import { erasureInstant, invitationsDue, remindersDue } from '../registration/registration.rules'
import { type RegistrationService, whenOf } from '../registration/registration.service'
import { type MailJobRow, MailRepository } from './mail.repository'
import { renderJob } from './render'
import { type MailTransport, classifySendError } from './transport'

export interface Backoff {
  baseMs: number
  maxMs: number
  /** After this many attempts a temporary failure counts as final. */
  maxAttempts: number
}

export const DEFAULT_MAIL_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 30 * 60_000, maxAttempts: 10 }

export interface MailWorkerOptions {
  from: string
  publicUrl: string
  leaseMs: number
  backoff: Backoff
  tickMs: number
  /** How often the invitation, reminder and retention schedule is looked at. */
  scheduleEveryMs: number
  now: () => Date
  random: () => number
}

export interface MailWorkerParts {
  db: Db
  repository: MailRepository
  events: EventsService
  registrations: RegistrationService
  mail: MailService
  transport: MailTransport
}

interface Claimed {
  job: MailJobRow
  raw: string
  leaseToken: string
  folder: string
}

export class MailWorker {
  private timer: NodeJS.Timeout | null = null
  private stopping = false
  private running: Promise<void> | null = null
  private scheduledAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly parts: MailWorkerParts,
    private readonly log: FastifyBaseLogger,
    private readonly options: MailWorkerOptions,
  ) {}

  start(): void {
    if (this.timer) return
    this.stopping = false
    this.timer = setInterval(() => this.wake(), this.options.tickMs)
    this.timer.unref()
    this.wake()
  }

  /** Runs a tick now unless one is running (enqueuing code calls this so that messages leave at once). */
  wake(): void {
    if (this.running || this.stopping || !this.timer) return
    this.running = this.tick()
      .catch((error: unknown) => this.log.error({ err: error }, 'mail loop failed'))
      .finally(() => (this.running = null))
  }

  async stop(): Promise<void> {
    this.stopping = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
    this.parts.transport.close()
  }

  async tick(): Promise<void> {
    if (performance.now() - this.scheduledAt >= this.options.scheduleEveryMs) {
      this.scheduledAt = performance.now()
      await this.schedule()
    }
    await this.drain()
  }

  /** Sends due jobs until none is left (or the loop stops); returns how many were attempted. */
  async drain(limit = 1000): Promise<number> {
    let attempted = 0
    while (attempted < limit && !this.stopping && (await this.sendOne())) attempted += 1
    return attempted
  }

  /** Invitations on the morning, reminders before the start, erasure after the retention period. */
  async schedule(): Promise<{ invitations: number; reminders: number; erased: number }> {
    const now = this.options.now()
    const result = { invitations: 0, reminders: 0, erased: 0 }
    for (const eventId of await this.parts.repository.eventsWithApproved()) {
      const context = await this.context(eventId)
      if (!context) continue
      const when = whenOf(context.view)
      const settings = await this.parts.registrations.settingsOf(eventId)
      if (invitationsDue(settings, when, now.getTime()))
        result.invitations += await this.parts.mail.enqueueInvitations(context.event, null, now)
      if (remindersDue(settings, when, now.getTime())) result.reminders += await this.parts.mail.enqueueReminders(eventId, now)
    }
    for (const eventId of await this.parts.repository.eventsWithPersonalData()) {
      const context = await this.context(eventId)
      if (!context) continue
      const settings = await this.parts.registrations.settingsOf(eventId)
      if (now.getTime() >= erasureInstant(settings, whenOf(context.view)))
        result.erased += await this.parts.registrations.eraseAll(context.event)
    }
    return result
  }

  /** Claims one due job, sends it, records the outcome. False when nothing was due. */
  async sendOne(): Promise<boolean> {
    const claimed = await this.claim()
    if (claimed === null) return false
    if (claimed === 'skipped') return true
    const { job, raw, leaseToken, folder } = claimed
    // While the server takes its time, the lease is renewed: only a stopped process loses its jobs.
    const heartbeat = setInterval(
      () => {
        const until = new Date(this.options.now().getTime() + this.options.leaseMs)
        void this.parts.repository.renewLease(job.id, leaseToken, until).catch(() => {})
      },
      Math.max(50, Math.floor(this.options.leaseMs / 3)),
    )
    try {
      await this.parts.transport.send(raw, { from: this.options.from, to: job.recipient!, folder, file: job.file! })
      clearInterval(heartbeat)
      await this.parts.repository.finish(job.id, leaseToken, { status: 'sent', sentAt: this.options.now(), raw: null, lastError: null })
    } catch (error) {
      clearInterval(heartbeat)
      const failure = classifySendError(error)
      const attempts = job.attempts + 1
      const final = !failure.temporary || attempts >= this.options.backoff.maxAttempts
      this.log.warn({ jobId: job.id, kind: job.kind, attempts, final, error: failure.message }, 'e-mail not sent')
      await this.parts.repository.finish(job.id, leaseToken, {
        status: final ? 'failed' : 'queued',
        lastError: failure.message,
        nextAttemptAt: new Date(this.options.now().getTime() + this.delay(attempts)),
      })
    }
    return true
  }

  /** Back-off doubling from baseMs up to maxMs, with jitter between half and all of it. */
  private delay(attempts: number): number {
    const { baseMs, maxMs } = this.options.backoff
    const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(full / 2 + (full / 2) * this.options.random())
  }

  /**
   * In one short transaction: the next due job, locked (SKIP LOCKED: other processes take other jobs), rendered
   * the first time (the personal link's secret is created here, so the message and the stored hash agree), and
   * leased to this process.
   */
  private async claim(): Promise<Claimed | 'skipped' | null> {
    const now = this.options.now()
    return this.parts.db.transaction(async (tx) => {
      const job = await MailRepository.nextDue(tx, now)
      if (!job) return null
      const event = await MailRepository.eventOf(tx, job.eventId, this.options.publicUrl)
      if (!event || !job.recipient) {
        await MailRepository.update(tx, job.id, { status: 'cancelled', leaseToken: null, leaseUntil: null })
        return 'skipped'
      }
      let { raw, messageId, file } = job
      if (raw === null) {
        const secret = job.kind === 'invitation' ? newSecret() : null
        const rendered = await renderJob(tx, job, event, { from: this.options.from, publicUrl: this.options.publicUrl, secret, now })
        if (!rendered) {
          await MailRepository.update(tx, job.id, { status: 'cancelled', leaseToken: null, leaseUntil: null })
          return 'skipped'
        }
        // A new invitation replaces the previous link: only the latest one works.
        if (secret && job.registrationId)
          await RegistrationRepository.update(tx, job.registrationId, { inviteTokenHash: hashSecret(secret) })
        ;({ raw, messageId, file } = rendered)
      }
      const leaseToken = randomUUID()
      await MailRepository.update(tx, job.id, {
        status: 'sending',
        attempts: job.attempts + 1,
        leaseToken,
        leaseUntil: new Date(now.getTime() + this.options.leaseMs),
        raw,
        messageId,
        file,
        transport: this.parts.transport.kind,
      })
      return { job: { ...job, file }, raw, leaseToken, folder: event.row.slug }
    })
  }

  private async context(eventId: number) {
    const slug = await this.parts.repository.slugOf(eventId)
    return slug ? this.parts.events.load(slug) : null
  }
}
