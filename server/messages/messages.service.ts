// The moderator messages the speakers; a speaker acknowledges; both sides see it live.
import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { speakerMessages } from '../../db/schema'
import { type Access, requireRole } from '../auth/access'
import type { SpeakerMessage } from '../contract/messages'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { Broadcaster } from '../realtime/broadcaster'
import { StreamRepository } from '../realtime/stream.repository'
import { cleanText } from '../contract/text'

type MessageRow = typeof speakerMessages.$inferSelect

function toMessageView(row: MessageRow): SpeakerMessage {
  return {
    id: row.id,
    text: row.text,
    sentAt: row.sentAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
  }
}

/** How many recent messages a stage screen gets when it (re)connects. */
const RECENT = 20

export class MessagesService {
  constructor(
    private readonly db: Db,
    private readonly broadcaster: Broadcaster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(event: EventRow, access: Access, rawText: string): Promise<SpeakerMessage> {
    requireRole(access, 'moderator')
    const text = cleanText(rawText, { multiline: true, max: 280 })
    if (text === '') throw new AppError('invalid_input', { field: 'text' })
    const { message, change } = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(speakerMessages).values({ eventId: event.id, text, sentAt: this.now() }).returning()
      const message = toMessageView(row!)
      return { message, change: await StreamRepository.append(tx, event.id, { type: 'message', message }) }
    })
    this.broadcaster.publish(event.id, [change])
    return message
  }

  async acknowledge(event: EventRow, access: Access, id: string): Promise<SpeakerMessage> {
    requireRole(access, 'speaker')
    const { message, change } = await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(speakerMessages)
        .where(and(eq(speakerMessages.eventId, event.id), eq(speakerMessages.id, id)))
        .for('update')
      if (!current) throw new AppError('not_found')
      // Acknowledging twice keeps the first instant and announces nothing new.
      if (current.acknowledgedAt) return { message: toMessageView(current), change: null }
      const [row] = await tx.update(speakerMessages).set({ acknowledgedAt: this.now() }).where(eq(speakerMessages.id, id)).returning()
      const message = toMessageView(row!)
      return { message, change: await StreamRepository.append(tx, event.id, { type: 'message', message }) }
    })
    if (change) this.broadcaster.publish(event.id, [change])
    return message
  }

  async recent(event: EventRow, access: Access): Promise<SpeakerMessage[]> {
    if (access.role !== 'moderator' && access.role !== 'speaker') return []
    const rows = await this.db
      .select()
      .from(speakerMessages)
      .where(eq(speakerMessages.eventId, event.id))
      .orderBy(desc(speakerMessages.sentAt))
      .limit(RECENT)
    return rows.reverse().map(toMessageView)
  }
}
