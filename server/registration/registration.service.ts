// Registration: the public form, the organiser's decisions, personal links, and the person's rights (export, erasure).
import type { Db } from '../../db/connect'
import { hashSecret, newSecret } from '../auth/secrets'
import type {
  Decision,
  InvitedJoinResult,
  OrganisationType,
  PriorityApprovalResult,
  RegisterInput,
  RegisterResult,
  RegistrationFilter,
  RegistrationPage,
  RegistrationSettings,
  RegistrationSettingsInput,
  RegistrationView,
} from '../contract/registration'
import type { EventView, Lang } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { EventsService } from '../events/events.service'
import { toZonedIso } from '../events/zoned-time'
import type { RateLimiter } from '../limits/rate-limiter'
import { MailRepository } from '../mail/mail.repository'
import type { OrganiserGate } from '../organiser/organiser.access'
import { isPublic } from '../moderation/moderation.machine'
import { recordItem } from '../questions/questions.service'
import { cleanText } from '../contract/text'
import type { Broadcaster } from '../realtime/broadcaster'
import { StreamRepository } from '../realtime/stream.repository'
import type { StoredChange } from '../realtime/projection'
import { type RegistrationRow, RegistrationRepository } from './registration.repository'
import {
  type EventWhen,
  hasRoom,
  initialStatus,
  normaliseEmail,
  priorityOrder,
  registrationWindow,
  statusAfter,
} from './registration.rules'
import { registrationsCsv } from './registration.csv'
import { consentWording, contactOf } from './registration.wording'

export interface RegistrationDeps {
  db: Db
  repository: RegistrationRepository
  events: EventsService
  gate: OrganiserGate
  limiter: RateLimiter
  broadcaster: Broadcaster
  now: () => Date
  /** Removes the outbox files of erased messages (the mail module knows where they are). */
  forgetFiles: (slug: string, files: string[]) => Promise<void>
}

export function whenOf(view: EventView): EventWhen {
  return {
    date: view.date,
    timeZone: view.timeZone,
    plannedStartMs: Date.parse(view.plannedStart),
    plannedEndMs: Date.parse(view.plannedEnd),
  }
}

export class RegistrationService {
  constructor(private readonly deps: RegistrationDeps) {}

  private get db() {
    return this.deps.db
  }

  /** Public: what the registration page needs. No registrant's data, only whether places remain. */
  async page(slug: string): Promise<RegistrationPage> {
    const { event, view } = await this.deps.events.load(slug)
    const settings = await this.deps.repository.settings(event.id)
    const window = registrationWindow(settings, whenOf(view), this.deps.now().getTime())
    const approved = await RegistrationRepository.approvedCount(this.db, event.id)
    return {
      event: view,
      state: window.state,
      opensAt: window.opensAt === null ? null : toZonedIso(window.opensAt, view.timeZone),
      closesAt: toZonedIso(window.closesAt, view.timeZone),
      full: settings.approval === 'automatic' && !hasRoom(settings.capacity, approved),
      approval: settings.approval,
      priorityType: settings.priorityType,
      contact: { name: settings.contactName, email: settings.contactEmail, phone: settings.contactPhone },
      purpose: settings.purpose,
      consentText: settings.consentText,
      retentionDays: settings.retentionDays,
    }
  }

  /** Signs up, or updates the sign-up of the same e-mail address: never two registrations for one address. */
  async register(slug: string, input: RegisterInput, ip: string | null): Promise<RegisterResult> {
    await this.deps.limiter.take('registration', null, ip)
    const { event, view } = await this.deps.events.load(slug)
    const now = this.deps.now()
    const email = normaliseEmail(input.email)
    const fields = {
      name: cleanText(input.name, { max: 120 }),
      organisation: cleanText(input.organisation, { max: 200 }),
      jobTitle: cleanText(input.jobTitle ?? '', { max: 120 }) || null,
      organisationType: input.organisationType,
      lang: input.lang,
      contactConsent: input.contactConsent ?? false,
      consentAt: now,
      updatedAt: now,
    }
    if (fields.name === '') throw new AppError('invalid_input', { field: 'name', rule: 'required' })
    if (fields.organisation === '') throw new AppError('invalid_input', { field: 'organisation', rule: 'required' })
    const row = await this.db.transaction(async (tx) => {
      const settings = await RegistrationRepository.lockSettings(tx, event.id)
      const window = registrationWindow(settings, whenOf(view), now.getTime())
      if (window.state !== 'open') {
        const contact = contactOf(settings) ?? ''
        throw window.state === 'not_open'
          ? new AppError('registration_not_open', { opensAt: new Date(window.opensAt!).toISOString(), timeZone: view.timeZone })
          : new AppError('registration_closed', { closesAt: new Date(window.closesAt).toISOString(), timeZone: view.timeZone, contact })
      }
      const existing = await RegistrationRepository.findByEmail(tx, event.id, email)
      // What the person agreed to, word for word, as the page showed it.
      const consentText = consentWording(settings, view, input.lang)
      const saved = existing
        ? await RegistrationRepository.update(tx, existing.id, { ...fields, consentText, revision: existing.revision + 1 })
        : await RegistrationRepository.insert(tx, {
            eventId: event.id,
            email,
            ...fields,
            consentText,
            status: initialStatus(settings.approval, settings.capacity, await RegistrationRepository.approvedCount(tx, event.id)),
            createdAt: now,
          })
      await MailRepository.enqueue(tx, {
        eventId: event.id,
        registrationId: saved.id,
        kind: 'confirmation',
        dedupeKey: `confirmation:${saved.id}:${saved.revision}`,
        recipient: email,
        payload: { status: saved.status, updated: existing !== null },
        at: now,
      })
      return saved
    })
    return { status: row.status }
  }

  async settings(event: EventRow, token: string | null): Promise<RegistrationSettings> {
    this.deps.gate.require(event, token)
    return this.deps.repository.settings(event.id)
  }

  async updateSettings(event: EventRow, token: string | null, input: RegistrationSettingsInput): Promise<RegistrationSettings> {
    this.deps.gate.require(event, token)
    const current = await this.deps.repository.settings(event.id)
    const next: RegistrationSettings = { ...current, ...input }
    if (next.contactEmail) next.contactEmail = normaliseEmail(next.contactEmail)
    next.contactName = cleanText(next.contactName, { max: 120 })
    next.contactPhone = cleanText(next.contactPhone, { max: 40 })
    next.purpose = next.purpose === null ? null : cleanText(next.purpose, { multiline: true, max: 2000 }) || null
    next.consentText = next.consentText === null ? null : cleanText(next.consentText, { multiline: true, max: 2000 }) || null
    return this.deps.repository.saveSettings(event.id, next, this.deps.now())
  }

  /** For the e-mail schedule, which runs for no caller. */
  settingsOf(eventId: number): Promise<RegistrationSettings> {
    return this.deps.repository.settings(eventId)
  }

  /** Settings written without a caller: the default event's, at its creation. */
  async seedSettings(eventId: number, settings: RegistrationSettings): Promise<void> {
    await this.deps.repository.saveSettings(eventId, settings, this.deps.now())
  }

  async list(event: EventRow, token: string | null, filter: RegistrationFilter = {}): Promise<RegistrationView[]> {
    this.deps.gate.require(event, token)
    const [rows, settings, invitations, joined] = await Promise.all([
      this.deps.repository.list(event.id, filter),
      this.deps.repository.settings(event.id),
      this.deps.repository.invitations(event.id),
      this.deps.repository.joined(event.id),
    ])
    // The priority audience first, as the organiser decides in that order.
    return priorityOrder(rows, settings.priorityType).map((row) =>
      toView(row, settings.priorityType, invitations.get(row.id), joined.has(row.id)),
    )
  }

  async csv(event: EventRow, token: string | null, lang: Lang): Promise<string> {
    return registrationsCsv(await this.list(event, token), lang)
  }

  async decide(event: EventRow, token: string | null, id: string, decision: Decision): Promise<RegistrationView> {
    this.deps.gate.require(event, token)
    const now = this.deps.now()
    await this.db.transaction(async (tx) => {
      const settings = await RegistrationRepository.lockSettings(tx, event.id)
      const row = await RegistrationRepository.lock(tx, event.id, id)
      if (!row || row.erasedAt) throw new AppError('registration_not_found')
      const status = statusAfter(decision)
      if (status === row.status) return
      if (status === 'approved' && !hasRoom(settings.capacity, await RegistrationRepository.approvedCount(tx, event.id))) {
        throw new AppError('registration_full', { capacity: settings.capacity ?? 0 })
      }
      await this.setStatus(tx, event.id, row, status, now)
      if (row.status === 'approved') await this.promoteWaiting(tx, event.id, settings, now)
    })
    return this.one(event, id)
  }

  /** Pending and waiting registrations, priority audience first then by date, approved up to the capacity; the rest wait. */
  async approveByPriority(event: EventRow, token: string | null): Promise<PriorityApprovalResult> {
    this.deps.gate.require(event, token)
    const now = this.deps.now()
    return this.db.transaction(async (tx) => {
      const settings = await RegistrationRepository.lockSettings(tx, event.id)
      let approved = await RegistrationRepository.approvedCount(tx, event.id)
      const result = { approved: 0, waitlisted: 0 }
      for (const row of priorityOrder(await RegistrationRepository.undecided(tx, event.id), settings.priorityType)) {
        const status = hasRoom(settings.capacity, approved) ? 'approved' : 'waitlisted'
        if (status === 'approved') approved += 1
        result[status] += 1
        if (status !== row.status) await this.setStatus(tx, event.id, row, status, now)
      }
      return result
    })
  }

  /**
   * Erasure on request: the person's identity leaves the registration, their sessions and the questions they signed
   * (kept, as anonymous); their e-mails are forgotten and their personal link and sessions end. The row stays,
   * without personal data, so the attendance figures still add up.
   */
  async erase(event: EventRow, token: string | null, id: string): Promise<void> {
    this.deps.gate.require(event, token)
    const now = this.deps.now()
    const { files, changes } = await this.db.transaction(async (tx) => {
      const settings = await RegistrationRepository.lockSettings(tx, event.id)
      const row = await RegistrationRepository.lock(tx, event.id, id)
      if (!row) throw new AppError('registration_not_found')
      const result = await this.eraseOne(tx, event.id, row, now)
      if (row.status === 'approved') await this.promoteWaiting(tx, event.id, settings, now)
      return result
    })
    await this.deps.forgetFiles(event.slug, files)
    this.deps.broadcaster.publish(event.id, changes)
  }

  /** The retention period is over: every registrant of the event is erased. Returns how many. */
  async eraseAll(event: EventRow): Promise<number> {
    const now = this.deps.now()
    const { files, changes, erased } = await this.db.transaction(async (tx) => {
      const ids = await RegistrationRepository.unerasedIds(tx, event.id)
      const files: string[] = []
      const changes: StoredChange[] = []
      for (const id of ids) {
        const row = await RegistrationRepository.lock(tx, event.id, id)
        if (!row) continue
        const result = await this.eraseOne(tx, event.id, row, now)
        files.push(...result.files)
        changes.push(...result.changes)
      }
      files.push(...(await MailRepository.forgetJobs(tx, { eventId: event.id })))
      return { files, changes, erased: ids.length }
    })
    await this.deps.forgetFiles(event.slug, files)
    this.deps.broadcaster.publish(event.id, changes)
    return erased
  }

  /** Everything Tribune holds about one registrant, for a request under the right of access. */
  async exportPerson(event: EventRow, token: string | null, id: string) {
    this.deps.gate.require(event, token)
    const row = await this.deps.repository.find(event.id, id)
    if (!row) throw new AppError('registration_not_found')
    const activity = await this.deps.repository.activity(id)
    return {
      exportedAt: this.deps.now().toISOString(),
      event: { slug: event.slug, title: event.title },
      registration: {
        email: row.email,
        name: row.name,
        organisation: row.organisation,
        organisationType: row.organisationType,
        jobTitle: row.jobTitle,
        lang: row.lang,
        status: row.status,
        consentText: row.consentText,
        consentAt: row.consentAt?.toISOString() ?? null,
        contactConsent: row.contactConsent,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        erasedAt: row.erasedAt?.toISOString() ?? null,
      },
      ...activity,
    }
  }

  /** The personal link stops working, and so do the sessions opened with it. */
  async revokeLink(event: EventRow, token: string | null, id: string): Promise<RegistrationView> {
    this.deps.gate.require(event, token)
    const changes = await this.db.transaction(async (tx) => {
      const row = await RegistrationRepository.lock(tx, event.id, id)
      if (!row) throw new AppError('registration_not_found')
      await RegistrationRepository.update(tx, id, { inviteTokenHash: null, updatedAt: this.deps.now() })
      return endSessions(tx, event.id, id)
    })
    // Every process drops the screens of those sessions before it delivers anything after this.
    this.deps.broadcaster.publish(event.id, changes)
    return this.one(event, id)
  }

  /** A personal link opens an attendee session bound to the registration, with the name and organisation filled in. */
  async joinWithInvitation(event: EventRow, invitation: string): Promise<InvitedJoinResult> {
    const row = await this.deps.repository.byInvitation(event.id, hashSecret(invitation))
    if (!row || row.erasedAt || row.status !== 'approved') throw new AppError('invitation_invalid')
    const token = newSecret()
    const attendeeId = await this.deps.repository.insertAttendee({
      eventId: event.id,
      tokenHash: hashSecret(token),
      displayName: row.name,
      organisation: row.organisation,
      registrationId: row.id,
    })
    return { attendeeId, token, displayName: row.name, organisation: row.organisation, lang: row.lang }
  }

  private async one(event: EventRow, id: string): Promise<RegistrationView> {
    const row = await this.deps.repository.find(event.id, id)
    if (!row) throw new AppError('registration_not_found')
    const settings = await this.deps.repository.settings(event.id)
    const invitations = await this.deps.repository.invitations(event.id)
    const joined = await this.deps.repository.joined(event.id)
    return toView(row, settings.priorityType, invitations.get(id), joined.has(id))
  }

  /** A new status and the e-mail that tells the person (once per change). */
  private async setStatus(tx: Db, eventId: number, row: RegistrationRow, status: RegistrationRow['status'], now: Date): Promise<void> {
    const saved = await RegistrationRepository.update(tx, row.id, { status, decidedAt: now, updatedAt: now, revision: row.revision + 1 })
    if (!saved.email) return
    await MailRepository.enqueue(tx, {
      eventId,
      registrationId: saved.id,
      kind: 'decision',
      dedupeKey: `decision:${saved.id}:${saved.revision}`,
      recipient: saved.email,
      payload: { status },
      at: now,
    })
  }

  /** Automatic approval: a place that frees up goes to the first on the waiting list (priority audience first). */
  private async promoteWaiting(tx: Db, eventId: number, settings: RegistrationSettings, now: Date): Promise<void> {
    if (settings.approval !== 'automatic') return
    if (!hasRoom(settings.capacity, await RegistrationRepository.approvedCount(tx, eventId))) return
    const waiting = (await RegistrationRepository.undecided(tx, eventId)).filter((r) => r.status === 'waitlisted')
    const next = priorityOrder(waiting, settings.priorityType)[0]
    if (next) await this.setStatus(tx, eventId, next, 'approved', now)
  }

  private async eraseOne(tx: Db, eventId: number, row: RegistrationRow, now: Date): Promise<{ files: string[]; changes: StoredChange[] }> {
    const sessions = await RegistrationRepository.endSessions(tx, row.id)
    const changes: StoredChange[] = await StreamRepository.appendMany(
      tx,
      eventId,
      sessions.map((attendeeId) => ({ type: 'access', attendeeId })),
    )
    const changed = await RegistrationRepository.forgetIdentity(tx, sessions)
    for (const item of changed) changes.push(await recordItem(tx, eventId, item, isPublic(item.status)))
    const files = await MailRepository.forgetJobs(tx, { eventId, registrationId: row.id })
    await RegistrationRepository.erase(tx, row.id, now)
    return { files, changes }
  }
}

function toView(
  row: RegistrationRow,
  priorityType: string | null,
  invitation: { status: string; sentAt: Date | null } | undefined,
  joined: boolean,
): RegistrationView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    organisationType: row.organisationType as OrganisationType,
    jobTitle: row.jobTitle,
    lang: row.lang,
    status: row.status,
    priority: priorityType !== null && row.organisationType === priorityType,
    contactConsent: row.contactConsent,
    consentAt: row.consentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    erasedAt: row.erasedAt?.toISOString() ?? null,
    invitation: (invitation?.status === 'sending' ? 'queued' : (invitation?.status ?? 'none')) as RegistrationView['invitation'],
    invitedAt: invitation?.sentAt?.toISOString() ?? null,
    linkActive: row.inviteTokenHash !== null,
    joined,
  }
}

/** Ends the sessions opened through a personal link, with an `access` change for each, so their screens are dropped. */
async function endSessions(tx: Db, eventId: number, registrationId: string): Promise<StoredChange[]> {
  const sessions = await RegistrationRepository.endSessions(tx, registrationId)
  return StreamRepository.appendMany(
    tx,
    eventId,
    sessions.map((attendeeId) => ({ type: 'access' as const, attendeeId })),
  )
}
