// Wires repositories and services together: the only place that knows every concrete part.
import type { Database } from '../db/connect'
import { AccessService } from './auth/access'
import { OperatorAccess } from './auth/operator'
import { ClockRepository } from './clock/clock.repository'
import { ClockService } from './clock/clock.service'
import { EventsRepository } from './events/events.repository'
import { EventsService } from './events/events.service'
import { DEFAULT_LIMITS, type LimitStore, type Limits, RateLimiter } from './limits/rate-limiter'
import { SocketCounter } from './limits/socket-counter'
import { MessagesService } from './messages/messages.service'
import { ModerationService } from './moderation/moderation.service'
import { QuestionsRepository } from './questions/questions.repository'
import { QuestionsService } from './questions/questions.service'
import { TallyService } from './questions/tally.service'
import type { Broadcaster } from './realtime/broadcaster'
import { StreamRepository } from './realtime/stream.repository'
import { StreamService } from './realtime/stream.service'
import { anchoredClock, dateOf, type ServerClock } from './clock/server-clock'
import { VotesService } from './votes/votes.service'
import { X_DEFAULTS, type XOptions, XService, type XStatusPublisher } from './x/x.service'

export interface Services {
  operator: OperatorAccess
  limiter: RateLimiter
  sockets: SocketCounter
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
  /** The one time source of stamps and pings (see server/clock/server-clock.ts). */
  serverClock: ServerClock
}

export interface ServiceOptions {
  publicUrl: string
  /** ADMIN_TOKEN and the local operator token; none: nobody is the operator. */
  operatorTokens?: readonly (string | null)[]
  limits?: Limits
  /** Shares the limits between processes (REDIS_URL). */
  limitStore?: LimitStore | null
  onError?: (error: unknown) => void
  /** The X source; without it there is no token, so X is off. */
  x?: XOptions
  /** Where the X source's status goes (the control room's sockets). */
  xStatus?: XStatusPublisher
  /** The server clock; tests inject one whose wall clock they step. Default: monotonic, anchored now. */
  clock?: ServerClock
}

export function createServices(database: Database, broadcaster: Broadcaster, options: ServiceOptions): Services {
  const { db } = database
  const serverClock = options.clock ?? anchoredClock()
  const now = dateOf(serverClock)
  const eventsRepository = new EventsRepository(db)
  const limits = options.limits ?? DEFAULT_LIMITS
  const limiter = new RateLimiter(limits, options.limitStore ?? null)
  const access = new AccessService(db, limiter)
  const tally = new TallyService(db, broadcaster, options.onError)
  const votes = new VotesService(db, tally, limiter)
  const questions = new QuestionsService(db, new QuestionsRepository(db), broadcaster, tally, limiter, access, votes, now)
  const moderation = new ModerationService(db, broadcaster, tally, options.onError, now)
  const clock = new ClockService(db, new ClockRepository(db), broadcaster, now, moderation)
  const messages = new MessagesService(db, broadcaster, now)
  return {
    operator: new OperatorAccess(options.operatorTokens ?? []),
    limiter,
    sockets: new SocketCounter(limits.socketsPerToken, options.limitStore ?? null),
    events: new EventsService(eventsRepository, options.publicUrl, broadcaster),
    access,
    questions,
    moderation,
    votes,
    tally,
    stream: new StreamService(new StreamRepository(db), questions, clock, messages, tally, now),
    clock,
    messages,
    x: new XService(db, broadcaster, options.xStatus ?? { publish: () => {} }, options.x ?? X_DEFAULTS),
    serverClock,
  }
}
