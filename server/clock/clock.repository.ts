// The clock's command log in the database.
import { and, asc, desc, eq, gt } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { clockCommands, events } from '../../db/schema'
import type { ClockLog, WireCommand } from '../contract/clock'

type ClockCommandRow = typeof clockCommands.$inferSelect

export class ClockRepository {
  constructor(private readonly db: Db) {}

  /** The commands since the last reset, oldest first, as screens receive them. */
  static async log(tx: Db, eventId: number): Promise<ClockLog> {
    const [lastReset] = await tx
      .select({ id: clockCommands.id })
      .from(clockCommands)
      .where(and(eq(clockCommands.eventId, eventId), eq(clockCommands.type, 'reset')))
      .orderBy(desc(clockCommands.id))
      .limit(1)
    const rows = await tx
      .select()
      .from(clockCommands)
      .where(and(eq(clockCommands.eventId, eventId), gt(clockCommands.id, lastReset?.id ?? 0)))
      .orderBy(asc(clockCommands.id))
    return toLog(rows)
  }

  log(eventId: number): Promise<ClockLog> {
    return ClockRepository.log(this.db, eventId)
  }

  /** Serialises clock commands of one event: the log a command is checked against cannot change under it. */
  static async lockEvent(tx: Db, eventId: number): Promise<void> {
    await tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).for('update')
  }

  /**
   * The rehearsal the clock is in, if it is in one: the `start` since the last reset, when it asked for a speed
   * other than 1. Running, paused or ended, it stays a rehearsal until the next reset.
   */
  static async rehearsal(tx: Db, eventId: number): Promise<{ run: number; startedAt: Date } | null> {
    const [lastReset] = await tx
      .select({ id: clockCommands.id })
      .from(clockCommands)
      .where(and(eq(clockCommands.eventId, eventId), eq(clockCommands.type, 'reset')))
      .orderBy(desc(clockCommands.id))
      .limit(1)
    const [start] = await tx
      .select()
      .from(clockCommands)
      .where(and(eq(clockCommands.eventId, eventId), eq(clockCommands.type, 'start'), gt(clockCommands.id, lastReset?.id ?? 0)))
      .orderBy(asc(clockCommands.id))
      .limit(1)
    const speed = start?.args.speed ?? 1
    return start && speed !== 1 ? { run: start.id, startedAt: start.at } : null
  }

  static async append(tx: Db, row: typeof clockCommands.$inferInsert): Promise<void> {
    await tx.insert(clockCommands).values(row)
  }
}

function toLog(rows: ClockCommandRow[]): ClockLog {
  const commands: WireCommand[] = rows.map((r) => ({
    type: r.type,
    at: r.at.getTime(),
    ...(r.args.segment !== undefined ? { segment: r.args.segment } : {}),
    ...(r.args.seconds !== undefined ? { seconds: r.args.seconds } : {}),
  }))
  const start = rows.find((r) => r.type === 'start')
  return { speed: start?.args.speed ?? 1, commands }
}
