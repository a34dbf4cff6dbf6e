// Wires repositories and services together: the only place that knows every concrete part.
import type { Database } from '../db/connect'
import { AccessService } from './auth/access'
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
import { VotesService } from './votes/votes.service'
import { X_DEFAULTS, type XOptions, XService, type XStatusPublisher } from './x/x.service'

export interface Services {
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
}

export interface ServiceOptions {
  publicUrl: string
  limits?: Limits
  /** Shares the limits between processes (REDIS_URL). */
  limitStore?: LimitStore | null
  onError?: (error: unknown) => void
  /** The X source; without it there is no token, so X is off. */
  x?: XOptions
  /** Where the X source's status goes (the control room's sockets). */
  xStatus?: XStatusPublisher
}

export function createServices(database: Database, broadcaster: Broadcaster, options: ServiceOptions): Services {
  const { db } = database
  const eventsRepository = new EventsRepository(db)
  const limits = options.limits ?? DEFAULT_LIMITS
  const limiter = new RateLimiter(limits, options.limitStore ?? null)
  const access = new AccessService(db, limiter)
  const tally = new TallyService(db, broadcaster, options.onError)
  const votes = new VotesService(db, tally, limiter)
  const questions = new QuestionsService(db, new QuestionsRepository(db), broadcaster, tally, limiter, access, votes)
  const clock = new ClockService(db, new ClockRepository(db), broadcaster)
  const messages = new MessagesService(db, broadcaster)
  return {
    limiter,
    sockets: new SocketCounter(limits.socketsPerToken, options.limitStore ?? null),
    events: new EventsService(eventsRepository, options.publicUrl, broadcaster),
    access,
    questions,
    moderation: new ModerationService(db, broadcaster, tally, options.onError),
    votes,
    tally,
    stream: new StreamService(new StreamRepository(db), questions, clock, messages, tally),
    clock,
    messages,
    x: new XService(db, broadcaster, options.xStatus ?? { publish: () => {} }, options.x ?? X_DEFAULTS),
  }
}
