// Catching a screen up: the changes it missed after its last sequence number, or a fresh snapshot.
import type { Access } from '../auth/access'
import { MAX_REPLAY, type Snapshot, type SyncResult } from '../contract/realtime'
import type { EventContext } from '../events/events.service'
import type { ClockService } from '../clock/clock.service'
import type { MessagesService } from '../messages/messages.service'
import type { QuestionsService } from '../questions/questions.service'
import type { TallyService } from '../questions/tally.service'
import { replayFor } from './channels'
import type { StreamRepository } from './stream.repository'

export class StreamService {
  constructor(
    private readonly stream: StreamRepository,
    private readonly questions: QuestionsService,
    private readonly clock: ClockService,
    private readonly messages: MessagesService,
    private readonly tally: TallyService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The same stored changes, routed the same way as live delivery (`replayFor`). The answer's `seq` is where the
   * read ended: numbers become visible in commit order, so everything up to it has been considered.
   */
  async sync(context: EventContext, access: Access, lastSeq: number | null): Promise<SyncResult> {
    const eventId = context.event.id
    if (lastSeq !== null && lastSeq <= (await this.stream.head(eventId))) {
      const missed = await this.stream.after(eventId, lastSeq, MAX_REPLAY + 1)
      if (missed.length <= MAX_REPLAY) {
        return { kind: 'changes', seq: missed.at(-1)?.seq ?? lastSeq, changes: replayFor(access, missed, lastSeq) }
      }
    }
    // First connection, too far behind, or ahead of the server (database replaced): start afresh.
    return { kind: 'snapshot', snapshot: await this.snapshot(context, access) }
  }

  async snapshot(context: EventContext, access: Access): Promise<Snapshot> {
    // Read the offset before the items: anything committed in between is delivered live as well, and applying
    // it again changes nothing (items by version, the rest whole).
    const seq = await this.stream.head(context.event.id)
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
