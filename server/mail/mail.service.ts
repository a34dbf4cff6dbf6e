// E-mails for the organiser: progress (« 212 / 240 envoyées, 3 en échec »), invitations now or again, the outbox.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/connect'
import type { InvitationsInput, MailJobView, MailProgress } from '../contract/registration'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { EventsService } from '../events/events.service'
import type { OrganiserGate } from '../organiser/organiser.access'
import { RegistrationRepository } from '../registration/registration.repository'
import type { RegistrationService } from '../registration/registration.service'
import { type MailJobRow, MailRepository } from './mail.repository'
import { type Backoff, DEFAULT_MAIL_BACKOFF, MailWorker } from './mail.worker'
import { type MailTransport, outboxTransport, removeOutboxFiles, safeName, smtpTransport } from './transport'

export interface MailOptions {
  /** SMTP_URL; null writes .eml files to the outbox instead. */
  smtpUrl: string | null
  from: string
  /** DATA_DIR/outbox. */
  outboxDir: string
  /** How long a send may go without a sign of life before another process takes the job over. */
  leaseMs?: number
  backoff?: Backoff
  tickMs?: number
  scheduleEveryMs?: number
  random?: () => number
}

const RECENT_JOBS = 200

export class MailService {
  readonly transport: MailTransport
  private worker: MailWorker | null = null

  constructor(
    private readonly db: Db,
    private readonly repository: MailRepository,
    private readonly events: EventsService,
    private readonly registrations: RegistrationService,
    private readonly gate: OrganiserGate,
    private readonly options: MailOptions,
    private readonly publicUrl: string,
    private readonly now: () => Date,
  ) {
    this.transport = options.smtpUrl ? smtpTransport(options.smtpUrl) : outboxTransport(options.outboxDir)
  }

  createWorker(log: FastifyBaseLogger): MailWorker {
    this.worker = new MailWorker(
      {
        db: this.db,
        repository: this.repository,
        events: this.events,
        registrations: this.registrations,
        mail: this,
        transport: this.transport,
      },
      log,
      {
        from: this.options.from,
        publicUrl: this.publicUrl,
        leaseMs: this.options.leaseMs ?? 30_000,
        backoff: this.options.backoff ?? DEFAULT_MAIL_BACKOFF,
        tickMs: this.options.tickMs ?? 2000,
        scheduleEveryMs: this.options.scheduleEveryMs ?? 30_000,
        now: this.now,
        random: this.options.random ?? Math.random,
      },
    )
    return this.worker
  }

  async progress(event: EventRow, token: string | null): Promise<MailProgress> {
    this.gate.require(event, token)
    const counts = await this.repository.counts(event.id)
    const tally = (kind?: string) => {
      const rows = counts.filter((c) => !kind || c.kind === kind)
      const sum = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.n, 0)
      return {
        total: sum('queued', 'sending', 'sent', 'failed', 'cancelled'),
        sent: sum('sent'),
        failed: sum('failed'),
        waiting: sum('queued', 'sending'),
        cancelled: sum('cancelled'),
      }
    }
    const jobs = await this.repository.recent(event.id, RECENT_JOBS)
    return { transport: this.transport.kind, all: tally(), invitations: tally('invitation'), jobs: jobs.map(toJobView) }
  }

  /** Invitations now (before the morning), or again for given people with a new personal link. */
  async sendInvitations(event: EventRow, token: string | null, input: InvitationsInput): Promise<number> {
    this.gate.require(event, token)
    const queued = await this.enqueueInvitations(event, input.registrationIds ?? null, this.now())
    this.worker?.wake()
    return queued
  }

  /** `ids` null: every approved registration never invited (key …:1). Given: a new invitation each (…:n+1). */
  async enqueueInvitations(event: EventRow, ids: readonly string[] | null, now: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      let queued = 0
      const targets: { id: string; email: string; key: string }[] = []
      if (ids === null) {
        for (const r of await MailRepository.uninvited(tx, event.id)) targets.push({ ...r, key: `invitation:${r.id}:1` })
      } else {
        for (const id of ids) {
          const row = await RegistrationRepository.lock(tx, event.id, id)
          if (!row?.email || row.status !== 'approved' || row.erasedAt) continue
          targets.push({ id, email: row.email, key: `invitation:${id}:${(await MailRepository.invitationCount(tx, id)) + 1}` })
        }
      }
      for (const target of targets) {
        const job = { eventId: event.id, registrationId: target.id, kind: 'invitation' as const, recipient: target.email, at: now }
        if (await MailRepository.enqueue(tx, { ...job, dedupeKey: target.key })) queued += 1
      }
      return queued
    })
  }

  async enqueueReminders(eventId: number, now: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      let queued = 0
      for (const r of await MailRepository.invited(tx, eventId)) {
        const job = { eventId, registrationId: r.id, kind: 'reminder' as const, recipient: r.email, at: now }
        if (await MailRepository.enqueue(tx, { ...job, dedupeKey: `reminder:${r.id}` })) queued += 1
      }
      return queued
    })
  }

  /** The .eml file of an outbox message, as written. */
  async outboxFile(event: EventRow, token: string | null, jobId: string): Promise<{ name: string; content: string }> {
    this.gate.require(event, token)
    const job = await this.repository.find(event.id, jobId)
    if (!job?.file) throw new AppError('not_found')
    try {
      const content = await readFile(path.join(this.options.outboxDir, safeName(event.slug), safeName(job.file)), 'utf8')
      return { name: job.file, content }
    } catch {
      throw new AppError('not_found')
    }
  }

  /** Outbox files of erased people or a deleted event. */
  forgetFiles(slug: string, files: readonly string[] | 'all'): Promise<void> {
    return removeOutboxFiles(this.options.outboxDir, slug, files)
  }
}

function toJobView(row: MailJobRow): MailJobView {
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    file: row.status === 'sent' ? row.file : null,
  }
}
