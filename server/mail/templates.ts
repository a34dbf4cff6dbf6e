// What each e-mail says, in French or English, as plain text and HTML (pure). Every value is escaped in the HTML.
import type { MailKind, RegistrationStatus } from '../contract/registration'
import type { EventView, Lang } from '../contract/schemas'

export interface MailContext {
  lang: Lang
  kind: MailKind
  /** The registration's status the message reports (confirmation, decision). */
  status: RegistrationStatus
  /** A confirmation after the person changed their registration. */
  updated: boolean
  name: string
  event: Pick<EventView, 'title' | 'organiser' | 'timeZone' | 'plannedStart' | 'plannedEnd' | 'segments'>
  /** Invitation: the personal join link. */
  joinUrl: string | null
  registerUrl: string
  contact: string | null
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

type Paragraphs = { subject: string; lines: string[]; link?: { label: string; url: string }; agenda?: boolean }

export function renderMail(context: MailContext): RenderedMail {
  const body = context.lang === 'fr' ? french(context) : english(context)
  const agenda = body.agenda ? agendaLines(context) : []
  const signature = context.event.organiser || 'Tribune'
  const contact = context.contact ? [label(context.lang, 'contact', context.contact)] : []
  const text = [
    greeting(context),
    '',
    ...body.lines.flatMap((l) => [l, '']),
    ...(body.link ? [`${body.link.label}${context.lang === 'fr' ? ' : ' : ': '}${body.link.url}`, ''] : []),
    ...(agenda.length ? [label(context.lang, 'agenda', ''), ...agenda.map((a) => `- ${a}`), ''] : []),
    ...contact,
    '',
    signature,
  ].join('\n')
  const html = `<!doctype html><html lang="${context.lang}"><body style="font-family:system-ui,Arial,sans-serif;color:#161616;line-height:1.5">
<p>${escape(greeting(context))}</p>
${body.lines.map((l) => `<p>${escape(l)}</p>`).join('\n')}
${body.link ? `<p><a href="${escape(body.link.url)}" style="color:#000091;font-weight:bold">${escape(body.link.label)}</a><br><span style="color:#3a3a3a">${escape(body.link.url)}</span></p>` : ''}
${agenda.length ? `<p><strong>${escape(label(context.lang, 'agenda', ''))}</strong></p><ul>${agenda.map((a) => `<li>${escape(a)}</li>`).join('')}</ul>` : ''}
${contact.map((c) => `<p>${escape(c)}</p>`).join('')}
<p>${escape(signature)}</p>
</body></html>`
  return { subject: body.subject, text, html }
}

function greeting(c: MailContext): string {
  return c.lang === 'fr' ? `Bonjour ${c.name},` : `Dear ${c.name},`
}

function label(lang: Lang, what: 'agenda' | 'contact', value: string): string {
  if (what === 'agenda') return lang === 'fr' ? 'Programme :' : 'Agenda:'
  return lang === 'fr' ? `Contact : ${value}` : `Contact: ${value}`
}

function when(c: MailContext): string {
  const locale = c.lang === 'fr' ? 'fr-FR' : 'en-GB'
  const start = new Date(c.event.plannedStart)
  const end = new Date(c.event.plannedEnd)
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: c.event.timeZone }).format(start)
  const time = (d: Date) =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: c.event.timeZone }).format(d)
  const zone = c.event.timeZone.split('/').at(-1)?.replace(/_/g, ' ') ?? c.event.timeZone
  return c.lang === 'fr'
    ? `le ${date} de ${time(start).replace(':', ' h ')} à ${time(end).replace(':', ' h ')} (heure de ${zone})`
    : `on ${date}, ${time(start)}–${time(end)} (${zone} time)`
}

function agendaLines(c: MailContext): string[] {
  const locale = c.lang === 'fr' ? 'fr-FR' : 'en-GB'
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: c.event.timeZone }).format(
      new Date(iso),
    )
  return c.event.segments.map((s) => `${time(s.plannedStart)}–${time(s.plannedEnd)} ${s.title}`)
}

function french(c: MailContext): Paragraphs {
  const title = `« ${c.event.title} »`
  switch (c.kind) {
    case 'confirmation': {
      const intro = c.updated
        ? `Votre inscription au webinaire ${title} a été mise à jour.`
        : `Nous avons bien reçu votre inscription au webinaire ${title}, ${when(c)}.`
      const state: Record<RegistrationStatus, string> = {
        approved: 'Votre inscription est confirmée. Vous recevrez les informations de connexion le matin du webinaire.',
        pending: 'Votre demande sera examinée par l’organisateur : vous recevrez sa réponse par courriel.',
        waitlisted: 'Toutes les places sont attribuées : vous êtes sur liste d’attente. Nous vous écrirons si une place se libère.',
        declined: 'Votre demande n’a pas pu être retenue.',
      }
      return {
        subject: c.updated ? `Inscription mise à jour : ${c.event.title}` : `Inscription reçue : ${c.event.title}`,
        lines: [intro, state[c.status]],
      }
    }
    case 'decision': {
      const state: Record<RegistrationStatus, [string, string]> = {
        approved: [
          'Inscription acceptée',
          `Votre inscription au webinaire ${title}, ${when(c)}, est acceptée. Vous recevrez les informations de connexion le matin du webinaire.`,
        ],
        declined: [
          'Inscription non retenue',
          `Nous ne pouvons malheureusement pas retenir votre inscription au webinaire ${title}. Les places sont réservées en priorité au public de l’événement.`,
        ],
        waitlisted: [
          'Liste d’attente',
          `Toutes les places du webinaire ${title} sont attribuées : vous êtes sur liste d’attente. Nous vous écrirons si une place se libère.`,
        ],
        pending: ['Inscription en attente', `Votre inscription au webinaire ${title} attend la décision de l’organisateur.`],
      }
      const [subject, line] = state[c.status]
      return { subject: `${subject} : ${c.event.title}`, lines: [line] }
    }
    case 'invitation':
      return {
        subject: `Informations de connexion : ${c.event.title}`,
        lines: [
          `Le webinaire ${title} a lieu aujourd’hui, ${when(c)}.`,
          'Voici votre lien personnel : il vous connecte avec votre nom et votre organisme déjà renseignés pour poser vos questions. Ne le transmettez pas ; il peut être désactivé à tout moment.',
          'Le fichier joint ajoute le webinaire à votre agenda.',
        ],
        link: { label: 'Rejoindre le webinaire', url: c.joinUrl ?? '' },
        agenda: true,
      }
    case 'reminder':
      return {
        subject: `Dans 15 minutes : ${c.event.title}`,
        lines: [`Le webinaire ${title} commence dans 15 minutes. Rejoignez-le avec le lien personnel reçu ce matin.`],
      }
    default:
      c.kind satisfies never
      throw new TypeError('unknown mail kind')
  }
}

function english(c: MailContext): Paragraphs {
  const title = `“${c.event.title}”`
  switch (c.kind) {
    case 'confirmation': {
      const intro = c.updated
        ? `Your registration for the webinar ${title} has been updated.`
        : `We have received your registration for the webinar ${title}, ${when(c)}.`
      const state: Record<RegistrationStatus, string> = {
        approved: 'Your registration is confirmed. You will receive the joining details on the morning of the webinar.',
        pending: 'The organiser will review your request: you will receive their answer by e-mail.',
        waitlisted: 'All places are taken: you are on the waiting list. We will write to you if a place frees up.',
        declined: 'Your request could not be accepted.',
      }
      return {
        subject: c.updated ? `Registration updated: ${c.event.title}` : `Registration received: ${c.event.title}`,
        lines: [intro, state[c.status]],
      }
    }
    case 'decision': {
      const state: Record<RegistrationStatus, [string, string]> = {
        approved: [
          'Registration accepted',
          `Your registration for the webinar ${title}, ${when(c)}, is accepted. You will receive the joining details on the morning of the webinar.`,
        ],
        declined: [
          'Registration not accepted',
          `Unfortunately we cannot accept your registration for the webinar ${title}. Places go first to the event's intended audience.`,
        ],
        waitlisted: [
          'Waiting list',
          `All places for the webinar ${title} are taken: you are on the waiting list. We will write to you if a place frees up.`,
        ],
        pending: ['Registration pending', `Your registration for the webinar ${title} is waiting for the organiser's decision.`],
      }
      const [subject, line] = state[c.status]
      return { subject: `${subject}: ${c.event.title}`, lines: [line] }
    }
    case 'invitation':
      return {
        subject: `Joining details: ${c.event.title}`,
        lines: [
          `The webinar ${title} takes place today, ${when(c)}.`,
          'Here is your personal link: it signs you in with your name and organisation already filled in to ask your questions. Do not pass it on; it can be switched off at any time.',
          'The attached file adds the webinar to your calendar.',
        ],
        link: { label: 'Join the webinar', url: c.joinUrl ?? '' },
        agenda: true,
      }
    case 'reminder':
      return {
        subject: `In 15 minutes: ${c.event.title}`,
        lines: [`The webinar ${title} starts in 15 minutes. Join it with the personal link you received this morning.`],
      }
    default:
      c.kind satisfies never
      throw new TypeError('unknown mail kind')
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
