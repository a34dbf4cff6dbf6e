// Attendees connected over time, kept cheap: this process counts its own attendee sockets every few seconds in
// memory, and writes the largest count of each minute once per event; the report adds the processes up per minute.
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { TribuneIo } from '../realtime/socket.server'
import type { PresenceRepository } from './report.repository'

const MINUTE = 60_000

export class PresenceSampler {
  /** `${eventId}:${minute}` → the largest count seen in that minute. */
  private readonly peaks = new Map<string, { eventId: number; minute: number; attendees: number }>()
  private readonly process = randomUUID()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly io: TribuneIo,
    private readonly repository: PresenceRepository,
    private readonly now: () => Date,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(everyMs = 10_000): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.sample()
      void this.flush().catch((error: unknown) => this.log.warn({ err: error }, 'presence samples not saved'))
    }, everyMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.flush().catch((error: unknown) => this.log.warn({ err: error }, 'presence samples not saved'))
  }

  /** Counts this process's attendee sockets per event (no query, no network). */
  sample(): void {
    const minute = Math.floor(this.now().getTime() / MINUTE) * MINUTE
    const counts = new Map<number, number>()
    for (const socket of this.io.of('/').sockets.values()) {
      const data = socket.data as { eventId?: number; access?: { role: string } } | undefined
      if (data?.eventId === undefined || data.access?.role !== 'attendee') continue
      counts.set(data.eventId, (counts.get(data.eventId) ?? 0) + 1)
    }
    for (const [eventId, attendees] of counts) {
      const key = `${eventId}:${minute}`
      const seen = this.peaks.get(key)
      if (!seen || attendees > seen.attendees) this.peaks.set(key, { eventId, minute, attendees })
    }
  }

  /** Writes the minutes sampled so far; past minutes are then forgotten, the current one kept to keep its maximum. */
  async flush(): Promise<void> {
    const current = Math.floor(this.now().getTime() / MINUTE) * MINUTE
    const rows = [...this.peaks.values()].map((p) => ({
      eventId: p.eventId,
      minute: new Date(p.minute),
      process: this.process,
      attendees: p.attendees,
    }))
    await this.repository.record(rows)
    for (const [key, p] of this.peaks) if (p.minute < current) this.peaks.delete(key)
  }
}
