// A job becomes a message once, at its first claim: the registrant's language and name, the event, the personal
// link (invitation) and its calendar file. The bytes are stored with the job so that every attempt sends them again.
import type { Db } from '../../db/connect'
import type { RegistrationStatus } from '../contract/registration'
import type { EventView } from '../contract/schemas'
import type { EventRow } from '../events/events.repository'
import { RegistrationRepository } from '../registration/registration.repository'
import { contactOf } from '../registration/registration.wording'
import { eventIcs } from './ics'
import type { MailJobRow } from './mail.repository'
import { renderMail } from './templates'
import { compose, safeName } from './transport'

export interface RenderOptions {
  from: string
  publicUrl: string
  /** Invitation: the new personal link's secret. */
  secret: string | null
  now: Date
}

export async function renderJob(
  tx: Db,
  job: MailJobRow,
  event: { row: EventRow; view: EventView },
  options: RenderOptions,
): Promise<{ raw: string; messageId: string; file: string } | null> {
  const registration = job.registrationId ? await RegistrationRepository.findIn(tx, job.registrationId) : null
  if (!registration || registration.erasedAt || !registration.email) return null
  // An invitation or reminder for someone no longer approved is not sent.
  if ((job.kind === 'invitation' || job.kind === 'reminder') && registration.status !== 'approved') return null
  const settings = await RegistrationRepository.settingsIn(tx, event.row.id)
  const base = `${options.publicUrl}/e/${event.row.slug}`
  const joinUrl = options.secret ? `${base}#invite=${options.secret}` : null
  const lang = registration.lang
  const content = renderMail({
    lang,
    kind: job.kind,
    status: (typeof job.payload.status === 'string' ? job.payload.status : registration.status) as RegistrationStatus,
    updated: job.payload.updated === true,
    name: registration.name ?? '',
    event: event.view,
    joinUrl,
    registerUrl: `${base}/register`,
    contact: contactOf(settings),
  })
  const host = new URL(options.publicUrl).hostname || 'tribune.invalid'
  const messageId = `<${job.id}@${host}>`
  const ics =
    job.kind === 'invitation' && joinUrl
      ? eventIcs({
          uid: `${event.row.slug}@${host}`,
          title: event.view.title,
          description: `${content.subject}\n${joinUrl}`,
          url: joinUrl,
          startMs: Date.parse(event.view.plannedStart),
          endMs: Date.parse(event.view.plannedEnd),
          timeZone: event.view.timeZone,
          stampMs: options.now.getTime(),
        })
      : null
  const raw = await compose({
    from: options.from,
    to: registration.email,
    ...content,
    messageId,
    date: options.now,
    ics,
  })
  const stamp = job.createdAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')
  return { raw, messageId, file: safeName(`${stamp}-${job.kind}-${job.id.slice(0, 8)}.eml`) }
}
