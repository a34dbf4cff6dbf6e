// The live questions of each event, with their word sets, kept in this process so that looking for likely
// duplicates costs one small read per question instead of re-reading and re-splitting every live question.
//
// The copy is brought up to date inside the asking transaction from the event's change stream: numbers become
// visible in commit order (stream.repository.ts), so "every item change after N" read there is exactly what
// committed since the copy was last brought up to date, whichever process committed it. The duplicates offered
// are therefore the questions as they are when the new one is stored, as when they were read in full each time.
import { and, asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { changes, events } from '../../db/schema'
import type { ItemView } from '../contract/schemas'
import { LIVE_STATUSES, QuestionsRepository } from '../questions/questions.repository'
import { mostSimilar, wordsOf } from './similarity'

/** As many live questions as a moderator could compare with; the most recent are kept. */
const LIVE_LIMIT = 1000
/** Beyond this many item changes to catch up on, reading the live questions afresh is cheaper. */
const CATCH_UP_LIMIT = 2000
/** Events remembered at once; the least recently asked about is dropped first (and read again if needed). */
const EVENT_LIMIT = 100

const LIVE: ReadonlySet<string> = new Set(LIVE_STATUSES)

class EventCopy {
  /** Live questions by id, oldest first (a Map keeps insertion order). */
  readonly live = new Map<string, ReadonlySet<string>>()

  constructor(
    /** The last change of the stream this copy reflects. */
    public upTo: number,
    newestFirst: readonly { id: string; text: string }[],
  ) {
    for (let i = newestFirst.length - 1; i >= 0; i--) this.live.set(newestFirst[i]!.id, wordsOf(newestFirst[i]!.text))
  }

  apply(seq: number, item: Pick<ItemView, 'id' | 'status' | 'text'>): void {
    // Two transactions may catch up over the same changes; each is applied once, in stream order.
    if (seq <= this.upTo) return
    this.upTo = seq
    if (!LIVE.has(item.status)) {
      this.live.delete(item.id)
      return
    }
    const known = this.live.has(item.id)
    this.live.set(item.id, wordsOf(item.text))
    if (!known && this.live.size > LIVE_LIMIT) this.live.delete(this.live.keys().next().value!)
  }
}

export class LiveQuestions {
  private readonly copies = new Map<number, EventCopy>()

  /**
   * For each question, the live questions of the event most alike to it, read inside the caller's transaction.
   * A question given with its id (stored by the same transaction) is also offered to the ones after it.
   */
  async similarTo(
    tx: Db,
    eventId: number,
    questions: readonly { text: string; id?: string }[],
    except: string | null = null,
  ): Promise<string[][]> {
    const copy = await this.current(tx, eventId)
    const earlier: [string, ReadonlySet<string>][] = []
    return questions.map(({ text, id }) => {
      const similar = mostSimilar(text, earlier.length === 0 ? copy.live : [...copy.live, ...earlier], { except })
      if (id !== undefined) earlier.push([id, wordsOf(text)])
      return similar
    })
  }

  private async current(tx: Db, eventId: number): Promise<EventCopy> {
    const copy = this.copies.get(eventId)
    // Concurrent transactions catch up on the same copy; apply() takes each change once, in order.
    if (copy && (await this.catchUp(tx, eventId, copy))) {
      this.keep(eventId, copy)
      return copy
    }
    const fresh = await this.read(tx, eventId)
    this.keep(eventId, fresh)
    return fresh
  }

  /** Applies the item changes committed since the copy was made; false when there are too many to be worth it. */
  private async catchUp(tx: Db, eventId: number, copy: EventCopy): Promise<boolean> {
    const rows = await tx
      .select({ seq: changes.seq, payload: changes.payload })
      .from(changes)
      .where(and(eq(changes.eventId, eventId), gt(changes.seq, copy.upTo), eq(changes.type, 'item')))
      .orderBy(asc(changes.seq))
      .limit(CATCH_UP_LIMIT + 1)
    if (rows.length > CATCH_UP_LIMIT) return false
    for (const row of rows) copy.apply(row.seq, (row.payload as { item: ItemView }).item)
    return true
  }

  private async read(tx: Db, eventId: number): Promise<EventCopy> {
    // The stream's end first: a change committed between the two reads is applied again by the next catch-up,
    // which leaves the question as that change says.
    const [head] = await tx.select({ seq: events.seq }).from(events).where(eq(events.id, eventId))
    return new EventCopy(head?.seq ?? 0, await QuestionsRepository.liveTexts(tx, eventId, LIVE_LIMIT))
  }

  private keep(eventId: number, copy: EventCopy): void {
    // Deleted first so that the Map's order is the order of last use.
    this.copies.delete(eventId)
    this.copies.set(eventId, copy)
    if (this.copies.size > EVENT_LIMIT) this.copies.delete(this.copies.keys().next().value!)
  }
}
