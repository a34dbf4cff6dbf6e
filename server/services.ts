// Wires repositories and services together: the only place that knows every concrete part.
import os from 'node:os'
import path from 'node:path'
import type { Database } from '../db/connect'
import { AccessService } from './auth/access'
import { OperatorAccess } from './auth/operator'
import { ClockRepository } from './clock/clock.repository'
import { ClockService } from './clock/clock.service'
import { EventsRepository } from './events/events.repository'
import { EventsService } from './events/events.service'
import { RecentEvents } from './events/recent-events'
import { DEFAULT_LIMITS, type LimitStore, type Limits, type LimitedAction, RateLimiter } from './limits/rate-limiter'
import { SocketCounter } from './limits/socket-counter'
import { MessagesService } from './messages/messages.service'
import { ModerationService } from './moderation/moderation.service'
import { QuestionsRepository } from './questions/questions.repository'
import { QuestionsService } from './questions/questions.service'
import { TallyService } from './questions/tally.service'
import type { Broadcaster } from './realtime/broadcaster'
import { StreamRepository } from './realtime/stream.repository'
import { StreamService } from './realtime/stream.service'
import { anchoredClock, clockOfDates, dateOf, type ServerClock } from './clock/server-clock'
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
import { WarningsService } from './moderation/warnings'

export interface Services {
  operator: OperatorAccess
  limiter: RateLimiter
  sockets: SocketCounter
  events: EventsService
  /** The events as sockets read them, shared for a second (see recent-events.ts). */
  recentEvents: RecentEvents
  access: AccessService
  questions: QuestionsService
  moderation: ModerationService
  votes: VotesService
  tally: TallyService
  stream: StreamService
  clock: ClockService
  messages: MessagesService
  x: XService
  /** The one time source of stamps and pings (see server/clock/server-clock.ts). */
  serverClock: ServerClock
  registration: RegistrationService
  mail: MailService
  organiser: OrganiserService
  report: ReportService
}

export interface ServiceOptions {
  publicUrl: string
  /** ADMIN_TOKEN and the local operator token; none: nobody is the operator. */
  operatorTokens?: readonly (string | null)[]
  limits?: Limits
  /** Shares the limits between processes (REDIS_URL). */
  limitStore?: LimitStore | null
  /** Told of every rate-limit refusal (the metrics); `sockets` is the open-sockets-per-token limit. */
  onRefused?: (limit: LimitedAction | 'sockets', per: 'attendee' | 'address' | 'token') => void
  onError?: (error: unknown) => void
  /** The X source; without it there is no token, so X is off. */
  x?: XOptions
  /** Where the X source's status goes (the control room's sockets). */
  xStatus?: XStatusPublisher
  /** The server clock; tests inject one whose wall clock they step. Default: monotonic, anchored now. */
  clock?: ServerClock
  /** The operator's token (ADMIN_TOKEN): creates events and may act as any event's organiser. */
  adminToken?: string | null
  /** E-mail delivery: SMTP or the outbox folder (default: an outbox in the system's temporary folder). */
  mail?: MailOptions
  /** A clock given as dates (tests of scripted events); `clock` wins when both are given. */
  now?: () => Date
  /** The last change this process delivered to its screens of an event (snapshots use it; see stream.service.ts). */
  delivered?: (eventId: number) => Promise<number | null>
}

export function createServices(database: Database, delivery: Broadcaster, options: ServiceOptions): Services {
  const { db } = database
  // What this process remembers of an event and of attendees' tokens is forgotten as soon as a change to them
  // commits, before anyone is told (other processes forget when their feed delivers it: socketSink.revoke).
  let recentEvents: RecentEvents | null = null
  let access: AccessService | null = null
  const broadcaster: Broadcaster = {
    publish(eventId, changes) {
      for (const change of changes) {
        if (change.type === 'event' || change.type === 'access') recentEvents?.forget(eventId)
        if (change.type === 'access' && change.attendeeId) access?.forget(change.attendeeId)
      }
      delivery.publish(eventId, changes)
    },
  }
  // One clock for the whole app (stamps, pings, registration windows, e-mails, the report): tests inject one.
  const serverClock = options.clock ?? (options.now ? clockOfDates(options.now) : anchoredClock())
  const now = dateOf(serverClock)
  const eventsRepository = new EventsRepository(db)
  const limits = options.limits ?? DEFAULT_LIMITS
  const onRefused = options.onRefused ?? (() => {})
  const limiter = new RateLimiter(limits, options.limitStore ?? null, onRefused)
  access = new AccessService(db, limiter)
  const tally = new TallyService(db, broadcaster, options.onError)
  const votes = new VotesService(db, tally, limiter)
  const warnings = new WarningsService()
  const questions = new QuestionsService(db, new QuestionsRepository(db), broadcaster, tally, limiter, access, votes, warnings, now)
  const moderation = new ModerationService(db, broadcaster, tally, options.onError, now)
  const clock = new ClockService(db, new ClockRepository(db), broadcaster, now, moderation)
  const messages = new MessagesService(db, broadcaster, now)
  const events = new EventsService(eventsRepository, options.publicUrl, broadcaster)
  recentEvents = new RecentEvents(events)
  const operator = new OperatorAccess(options.operatorTokens ?? [options.adminToken ?? null])
  const gate = new OrganiserGate(operator)
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
    operator,
    limiter,
    sockets: new SocketCounter(limits.socketsPerToken, options.limitStore ?? null, () => onRefused('sockets', 'token')),
    events,
    recentEvents,
    access,
    questions,
    moderation,
    votes,
    tally,
    stream: new StreamService(new StreamRepository(db), questions, clock, messages, tally, now, options.delivered),
    clock,
    messages,
    x: new XService(db, broadcaster, options.xStatus ?? { publish: () => {} }, options.x ?? X_DEFAULTS, warnings),
    serverClock,
    registration,
    mail,
    organiser: new OrganiserService(events, registrationRepository, mail, gate, now),
    report: new ReportService(new ReportRepository(db), new QuestionsRepository(db), events, clock, gate, now),
  }
}
