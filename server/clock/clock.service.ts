// Clock commands: checked against the stored log with the pure clock, appended in one transaction, broadcast.
import type { Db } from '../../db/connect'
import { type Access, requireRole } from '../auth/access'
import type { ClockCommandInput, ClockLog, ClockView } from '../contract/clock'
import { AppError } from '../errors'
import type { EventContext } from '../events/events.service'
import type { Broadcaster } from '../realtime/broadcaster'
import type { StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import { validate } from './clock'
import { ClockRepository } from './clock.repository'
import { toClockView } from './clock.view'
import { clockAt, clockCommands, clockSegments } from './clock.wire'

/** What clock commands do to questions, in the command's own transaction (the moderation service). */
export interface ClockQuestionEffects {
  /** « Terminer »: the question on air becomes answered. */
  endOnAir(tx: Db, eventId: number, actor: string, at: Date, rehearsalRun: number | null): Promise<StoredChange[]>
  /** The reset after a rehearsal, when asked: the questions answered during it go back to the answer queue. */
  reopenRehearsal(tx: Db, eventId: number, actor: string, rehearsalRun: number): Promise<StoredChange[]>
  /** After the commit, when questions changed. */
  settled(eventId: number): void
}

const NO_EFFECTS: ClockQuestionEffects = {
  endOnAir: () => Promise.resolve([]),
  reopenRehearsal: () => Promise.resolve([]),
  settled: () => {},
}

export class ClockService {
  constructor(
    private readonly db: Db,
    private readonly repository: ClockRepository,
    private readonly broadcaster: Broadcaster,
    private readonly now: () => Date = () => new Date(),
    private readonly questions: ClockQuestionEffects = NO_EFFECTS,
  ) {}

  log(eventId: number): Promise<ClockLog> {
    return this.repository.log(eventId)
  }

  async view(context: EventContext): Promise<ClockView> {
    const log = await this.repository.log(context.event.id)
    return toClockView(clockAt(context.view.segments, log, this.now().getTime()), context.view, log)
  }

  async command(context: EventContext, access: Access, input: ClockCommandInput): Promise<ClockView> {
    requireRole(access, 'moderator')
    const eventId = context.event.id
    const { log, changes, at } = await this.db.transaction(async (tx) => {
      await ClockRepository.lockEvent(tx, eventId)
      const before = await ClockRepository.log(tx, eventId)
      const rehearsal = input.type === 'end' || input.type === 'reset' ? await ClockRepository.rehearsal(tx, eventId) : null
      const at = this.now()
      const args = argsOf(input)
      const { speed: _speed, ...wireArgs } = args
      if (input.type !== 'reset') {
        const speed = input.type === 'start' ? (input.speed ?? 1) : before.speed
        const next = clockCommands([{ type: input.type, at: at.getTime(), ...wireArgs }])[0]!
        const checked = validate(clockSegments(context.view.segments), clockCommands(before.commands), next, speed)
        if (!checked.ok) throw new AppError('clock_refused', { reason: checked.error.code, command: input.type })
      }
      const log: ClockLog =
        input.type === 'reset'
          ? { speed: 1, commands: [] }
          : {
              speed: input.type === 'start' ? (input.speed ?? 1) : before.speed,
              commands: [...before.commands, { type: input.type, at: at.getTime(), ...wireArgs }],
            }
      const change = await StreamRepository.append(tx, eventId, { type: 'clock', log })
      await ClockRepository.append(tx, { eventId, seq: change.seq, type: input.type, args, at, actor: access.actor })
      return { log, changes: [change, ...(await this.questionEffects(tx, eventId, access.actor, input, at, rehearsal))], at }
    })
    this.broadcaster.publish(eventId, changes)
    if (changes.length > 1) this.questions.settled(eventId)
    return toClockView(clockAt(context.view.segments, log, at.getTime()), context.view, log)
  }

  /**
   * « Terminer » ends the question on air. The reset after a rehearsal ends it too (it was put on air in the
   * rehearsal) and, when asked, reopens what the rehearsal answered. A reset of a live run touches no question.
   */
  private async questionEffects(
    tx: Db,
    eventId: number,
    actor: string,
    input: ClockCommandInput,
    at: Date,
    rehearsal: { run: number } | null,
  ): Promise<StoredChange[]> {
    if (input.type === 'end') return this.questions.endOnAir(tx, eventId, actor, at, rehearsal?.run ?? null)
    if (input.type !== 'reset' || rehearsal === null) return []
    const ended = await this.questions.endOnAir(tx, eventId, actor, at, rehearsal.run)
    const reopened = input.reopenAnswered ? await this.questions.reopenRehearsal(tx, eventId, actor, rehearsal.run) : []
    return [...ended, ...reopened]
  }
}

function argsOf(input: ClockCommandInput): { segment?: number; seconds?: number; speed?: number } {
  switch (input.type) {
    case 'goto':
      return { segment: input.segment }
    case 'adjust':
      return { seconds: input.seconds }
    case 'start':
      return input.speed !== undefined && input.speed !== 1 ? { speed: input.speed } : {}
    default:
      return {}
  }
}
