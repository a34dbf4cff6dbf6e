// Catching a screen up: the changes it missed after its last sequence number, or a fresh snapshot.
import type { Access } from '../auth/access'
import { MAX_REPLAY, type Snapshot, type SyncResult } from '../contract/realtime'
import type { QueueStats } from '../contract/schemas'
import type { EventRow } from '../events/events.repository'
import type { EventContext } from '../events/events.service'
import type { ClockService } from '../clock/clock.service'
import type { MessagesService } from '../messages/messages.service'
import type { ItemRow } from '../questions/questions.repository'
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
    /** The last change this process's feed delivered to its screens of an event (null: no feed here). */
    private readonly delivered: (eventId: number) => Promise<number | null> = () => Promise.resolve(null),
  ) {}

  /** Per event: the audience's share of the last snapshot read, and the point of the stream it was read at. */
  private readonly shared = new Map<number, { seq: number; read: Promise<Shared> }>()

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
    const { event } = context
    // Moderators see every question, read for them alone; everyone else sees the published ones, which are the
    // same for everybody at one point of the stream: a join storm reads them once.
    const everything = access.role === 'moderator'
    const kept = everything ? null : await this.keptFor(event.id)
    const seq = kept?.seq ?? (await this.stream.head(event.id))
    const shared = kept
      ? await kept.read
      : everything
        ? { published: [], clock: await this.clock.log(event.id), stats: await this.tally.stats(event.id) }
        : await this.sharedAt(event, seq)
    return {
      seq,
      role: access.role,
      attendeeId: access.attendeeId,
      event: context.view,
      items: everything ? await this.questions.list(event, access) : await this.questions.listFrom(shared.published, event, access),
      clock: shared.clock,
      messages: await this.messages.recent(event, access),
      stats: shared.stats,
      serverNow: this.now().toISOString(),
    }
  }

  /**
   * The audience's share last read, when it may serve without reading the stream's head: this screen joined its
   * rooms before asking, so every change after what the feed had delivered then reaches it live. A share read
   * at or after that point therefore misses nothing (what it already holds comes again, and changes nothing).
   */
  private async keptFor(eventId: number): Promise<{ seq: number; read: Promise<Shared> } | null> {
    const kept = this.shared.get(eventId)
    if (!kept) return null
    const delivered = await this.delivered(eventId)
    return delivered !== null && kept.seq >= delivered ? kept : null
  }

  /** The audience's share at `seq`, read once per event and point of the stream (the last one only is kept). */
  private sharedAt(event: EventRow, seq: number): Promise<Shared> {
    const kept = this.shared.get(event.id)
    if (kept && kept.seq === seq) return kept.read
    const read = this.read(event)
    if (!kept || kept.seq < seq) {
      this.shared.set(event.id, { seq, read })
      read.catch(() => this.shared.get(event.id)?.read === read && this.shared.delete(event.id))
    }
    return read
  }

  private async read(event: EventRow): Promise<Shared> {
    return {
      published: await this.questions.published(event),
      clock: await this.clock.log(event.id),
      stats: await this.tally.stats(event.id),
    }
  }
}

interface Shared {
  published: ItemRow[]
  clock: Awaited<ReturnType<ClockService['log']>>
  stats: QueueStats
}
