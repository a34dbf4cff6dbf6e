// Clock commands: checked against the stored log with the pure clock, appended in one transaction, broadcast.
import type { Db } from '../../db/connect'
import { type Access, requireRole } from '../auth/access'
import type { ClockCommandInput, ClockLog, ClockView } from '../contract/clock'
import { AppError } from '../errors'
import type { EventContext } from '../events/events.service'
import type { Broadcaster } from '../realtime/broadcaster'
import { StreamRepository } from '../realtime/stream.repository'
import { validate } from './clock'
import { ClockRepository } from './clock.repository'
import { toClockView } from './clock.view'
import { clockAt, clockCommands, clockSegments } from './clock.wire'

export class ClockService {
  constructor(
    private readonly db: Db,
    private readonly repository: ClockRepository,
    private readonly broadcaster: Broadcaster,
    private readonly now: () => Date = () => new Date(),
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
    const { log, change, at } = await this.db.transaction(async (tx) => {
      await ClockRepository.lockEvent(tx, eventId)
      const before = await ClockRepository.log(tx, eventId)
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
      return { log, change, at }
    })
    this.broadcaster.publish(eventId, [change])
    return toClockView(clockAt(context.view.segments, log, at.getTime()), context.view, log)
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
