// Catching a screen up: the changes it missed since its last sequence number, or a fresh snapshot.
import type { Access } from '../auth/access'
import { MAX_REPLAY, type Snapshot, type SyncResult } from '../contract/realtime'
import type { EventContext } from '../events/events.service'
import type { EventsRepository } from '../events/events.repository'
import type { ClockService } from '../clock/clock.service'
import type { MessagesService } from '../messages/messages.service'
import type { QuestionsService } from '../questions/questions.service'
import type { TallyService } from '../questions/tally.service'
import { projectChange } from './projection'
import type { StreamRepository } from './stream.repository'

export class StreamService {
  constructor(
    private readonly events: EventsRepository,
    private readonly stream: StreamRepository,
    private readonly questions: QuestionsService,
    private readonly clock: ClockService,
    private readonly messages: MessagesService,
    private readonly tally: TallyService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sync(context: EventContext, access: Access, lastSeq: number | null): Promise<SyncResult> {
    const eventId = context.event.id
    if (lastSeq !== null) {
      const current = await this.events.currentSeq(eventId)
      // A screen ahead of the server (database replaced) or too far behind starts afresh.
      if (lastSeq <= current && (await this.stream.countSince(eventId, lastSeq)) <= MAX_REPLAY) {
        const missed = await this.stream.since(eventId, lastSeq)
        return {
          kind: 'changes',
          seq: Math.max(lastSeq, missed.at(-1)?.seq ?? lastSeq),
          changes: missed.flatMap((change) => projectChange(change, access) ?? []),
        }
      }
    }
    return { kind: 'snapshot', snapshot: await this.snapshot(context, access) }
  }

  async snapshot(context: EventContext, access: Access): Promise<Snapshot> {
    // Read the offset before the items: anything committed in between is re-sent live, never lost.
    const seq = await this.events.currentSeq(context.event.id)
    return {
      seq,
      role: access.role,
      attendeeId: access.attendeeId,
      event: context.view,
      items: await this.questions.list(context.event, access),
      clock: await this.clock.log(context.event.id),
      messages: await this.messages.recent(context.event, access),
      stats: await this.tally.stats(context.event.id),
      serverNow: this.now().toISOString(),
    }
  }
}
