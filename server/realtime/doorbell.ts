// Tells the other processes that an event has new changes. It carries event ids only, never data: each
// process reads the changes from the stream itself, in order. Rings are coalesced to one message per tick.
import { randomUUID } from 'node:crypto'
import type { Notifications } from '../../db/connect'

export interface Doorbell {
  ring(eventId: number): void
  close(): Promise<void>
}

/** Rings coalesced per tick: a burst of commits on one event becomes one message. */
abstract class CoalescingDoorbell implements Doorbell {
  private readonly pending = new Set<number>()
  private scheduled = false
  protected closed = false

  ring(eventId: number): void {
    if (this.closed) return
    this.pending.add(eventId)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      const ids = [...this.pending]
      this.pending.clear()
      if (!this.closed) this.send(ids)
    })
  }

  protected abstract send(eventIds: number[]): void
  abstract close(): Promise<void>
}

/** Through Socket.IO's adapter (Redis) to the other servers: `serverSideEmit` never comes back to its sender. */
export class AdapterDoorbell extends CoalescingDoorbell {
  constructor(private readonly emit: (eventIds: number[]) => void) {
    super()
  }
  protected send(eventIds: number[]): void {
    this.emit(eventIds)
  }
  close(): Promise<void> {
    this.closed = true
    return Promise.resolve()
  }
}

const CHANNEL = 'tribune_changes'

/** PostgreSQL LISTEN/NOTIFY: several processes on one database and no Redis. A process ignores its own rings. */
export class PostgresDoorbell extends CoalescingDoorbell {
  private readonly self = randomUUID()
  private unlisten: (() => Promise<void>) | null = null

  private constructor(
    private readonly notifications: Notifications,
    private readonly onError: (error: unknown) => void,
  ) {
    super()
  }

  static async open(notifications: Notifications, onRing: (eventIds: number[]) => void, onError: (error: unknown) => void) {
    const doorbell = new PostgresDoorbell(notifications, onError)
    doorbell.unlisten = await notifications.listen(CHANNEL, (payload) => {
      const [sender, ids] = payload.split(':')
      if (sender === doorbell.self || !ids) return
      onRing(ids.split(',').map(Number).filter(Number.isInteger))
    })
    return doorbell
  }

  protected send(eventIds: number[]): void {
    this.notifications.notify(CHANNEL, `${this.self}:${eventIds.join(',')}`).catch(this.onError)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.unlisten?.()
  }
}
