// Wires repositories and services together: the only place that knows every concrete part.
import os from 'node:os'
import path from 'node:path'
import type { Database } from '../db/connect'
import { AccessService } from './auth/access'
import { ClockRepository } from './clock/clock.repository'
import { ClockService } from './clock/clock.service'
import { EventsRepository } from './events/events.repository'
import { EventsService } from './events/events.service'
import { DEFAULT_LIMITS, type Limits, RateLimiter } from './limits/rate-limiter'
import { MessagesService } from './messages/messages.service'
import { ModerationService } from './moderation/moderation.service'
import { QuestionsRepository } from './questions/questions.repository'
import { QuestionsService } from './questions/questions.service'
import { TallyService } from './questions/tally.service'
import type { Broadcaster } from './realtime/broadcaster'
import { StreamRepository } from './realtime/stream.repository'
import { StreamService } from './realtime/stream.service'
import { VotesService } from './votes/votes.service'
import { X_DEFAULTS, type XOptions, XService, type XStatusPublisher } from './x/x.service'
import { MailRepository } from './mail/mail.repository'
import { type MailOptions, MailService } from './mail/mail.service'
import { OrganiserGate } from './organiser/organiser.access'
import { OrganiserService } from './organiser/organiser.service'
import { RegistrationRepository } from './registration/registration.repository'
import { RegistrationService } from './registration/registration.service'
import { ReportRepository } from './report/report.repository'
import { ReportService } from './report/report.service'

export interface Services {
  events: EventsService
  access: AccessService
  questions: QuestionsService
  moderation: ModerationService
  votes: VotesService
  tally: TallyService
  stream: StreamService
  clock: ClockService
  messages: MessagesService
  x: XService
  registration: RegistrationService
  mail: MailService
  organiser: OrganiserService
  report: ReportService
}

export interface ServiceOptions {
  publicUrl: string
  limits?: Limits
  onError?: (error: unknown) => void
  /** The X source; without it there is no token, so X is off. */
  x?: XOptions
  /** Where the X source's status goes (the control room's sockets). */
  xStatus?: XStatusPublisher
  /** The operator's token (ADMIN_TOKEN): creates events and may act as any event's organiser. */
  adminToken?: string | null
  /** E-mail delivery: SMTP or the outbox folder (default: an outbox in the system's temporary folder). */
  mail?: MailOptions
  /** Registration windows, e-mail schedule and the report read this clock (tests inject one). */
  now?: () => Date
}

export function createServices(database: Database, broadcaster: Broadcaster, options: ServiceOptions): Services {
  const { db } = database
  // One clock for the whole app: tests inject one, so a scripted event's times (and its report) are exact.
  const now = options.now ?? (() => new Date())
  const eventsRepository = new EventsRepository(db)
  const limiter = new RateLimiter(options.limits ?? DEFAULT_LIMITS)
  const access = new AccessService(db)
  const tally = new TallyService(db, broadcaster, options.onError)
  const votes = new VotesService(db, tally, limiter)
  const questions = new QuestionsService(db, new QuestionsRepository(db), broadcaster, tally, limiter, access, votes, now)
  const clock = new ClockService(db, new ClockRepository(db), broadcaster, now)
  const messages = new MessagesService(db, broadcaster)
  const events = new EventsService(eventsRepository, options.publicUrl, broadcaster)
  const gate = new OrganiserGate(options.adminToken ?? null)
  const registrationRepository = new RegistrationRepository(db)
  const registration: RegistrationService = new RegistrationService({
    db,
    repository: registrationRepository,
    events,
    gate,
    limiter,
    broadcaster,
    now,
    forgetFiles: (slug, files) => mail.forgetFiles(slug, files),
  })
  const mailOptions = options.mail ?? {
    smtpUrl: null,
    from: 'Tribune <tribune@localhost>',
    outboxDir: path.join(os.tmpdir(), 'tribune-outbox'),
  }
  const mail: MailService = new MailService(db, new MailRepository(db), events, registration, gate, mailOptions, options.publicUrl, now)
  return {
    events,
    access,
    questions,
    moderation: new ModerationService(db, broadcaster, tally, now),
    votes,
    tally,
    stream: new StreamService(eventsRepository, new StreamRepository(db), questions, clock, messages, tally),
    clock,
    messages,
    x: new XService(db, broadcaster, options.xStatus ?? { publish: () => {} }, options.x ?? X_DEFAULTS),
    registration,
    mail,
    organiser: new OrganiserService(events, registrationRepository, mail, gate, now),
    report: new ReportService(new ReportRepository(db), new QuestionsRepository(db), events, clock, gate, now),
  }
}
