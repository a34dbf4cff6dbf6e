// Wires repositories and services together: the only place that knows every concrete part.
import type { Database } from '../db/connect'
import { AccessService } from './auth/access'
import { ClockRepository } from './clock/clock.repository'
import { ClockService } from './clock/clock.service'
import { EventsRepository } from './events/events.repository'
import { EventsService } from './events/events.service'
import { MessagesService } from './messages/messages.service'
import { QuestionsRepository } from './questions/questions.repository'
import { QuestionsService } from './questions/questions.service'
import type { Broadcaster } from './realtime/broadcaster'
import { StreamRepository } from './realtime/stream.repository'
import { StreamService } from './realtime/stream.service'

export interface Services {
  events: EventsService
  access: AccessService
  questions: QuestionsService
  stream: StreamService
  clock: ClockService
  messages: MessagesService
}

export function createServices(database: Database, broadcaster: Broadcaster, publicUrl: string): Services {
  const { db } = database
  const eventsRepository = new EventsRepository(db)
  const questionsRepository = new QuestionsRepository(db)
  const questions = new QuestionsService(db, questionsRepository, broadcaster)
  const clock = new ClockService(db, new ClockRepository(db), broadcaster)
  const messages = new MessagesService(db, broadcaster)
  return {
    events: new EventsService(eventsRepository, publicUrl),
    access: new AccessService(db),
    questions,
    stream: new StreamService(eventsRepository, new StreamRepository(db), questions, clock, messages),
    clock,
    messages,
  }
}
