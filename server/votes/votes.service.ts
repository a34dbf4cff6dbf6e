// Upvotes ("moi aussi"): one per attendee and question, on published questions only.
import { and, count, eq, inArray, or } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { items, votes } from '../../db/schema'
import { type Access, requireRole } from '../auth/access'
import type { VoteResult } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { RateLimiter } from '../limits/rate-limiter'
import type { TallyService } from '../questions/tally.service'
import { isPublic, isVotable } from '../moderation/moderation.machine'

/** At most this many votes share one transaction (two parameters each, far below the protocol's limit). */
const MAX_BATCH = 500

interface Waiting {
  eventId: number
  itemId: string
  attendeeId: string
  up: boolean
  resolve: (result: VoteResult) => void
  reject: (error: unknown) => void
}

interface Outcome {
  result?: VoteResult
  error?: unknown
  changed: boolean
}

export class VotesService {
  /** Votes received while the previous transaction was committing; the next one takes them all. */
  private queue: Waiting[] = []
  private flushing = false

  constructor(
    private readonly db: Db,
    private readonly tally: TallyService,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Idempotent: voting twice, or removing a vote that is not there, changes nothing. A vote only inserts or
   * deletes its row — no lock on the question — and votes that arrive while a transaction commits are written
   * together in the next one (group commit): a storm costs a few transactions a second instead of one per vote,
   * which matters most on PGlite's single connection. Each vote is still acknowledged after its commit, with the
   * rows counted after it; the tally folds the rows into the question's count.
   */
  async vote(event: EventRow, access: Access, id: string, up: boolean): Promise<VoteResult> {
    requireRole(access, 'attendee')
    const attendeeId = access.attendeeId!
    await this.limiter.take('vote', attendeeId, access.ip)
    return new Promise<VoteResult>((resolve, reject) => {
      this.queue.push({ eventId: event.id, itemId: id, attendeeId, up, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  async votedBy(attendeeId: string): Promise<Set<string>> {
    const rows = await this.db.select({ id: votes.itemId }).from(votes).where(eq(votes.attendeeId, attendeeId))
    return new Set(rows.map((r) => r.id))
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        // Let the votes already received (this turn's socket reads) join the batch. Without this turn, a database
        // that answers without real I/O (PGlite, in this process) would commit each vote before the next one is
        // even read, one transaction per vote.
        await new Promise((resolve) => setImmediate(resolve))
        const batch = this.take()
        let outcomes: Outcome[]
        try {
          outcomes = await this.apply(batch)
        } catch (error) {
          // One vote the batch could not hold (its question deleted meanwhile, say) must not fail the others:
          // each is tried alone, and only the culprit is refused.
          if (batch.length === 1) {
            batch[0]!.reject(error)
            continue
          }
          outcomes = []
          for (const vote of batch)
            outcomes.push(
              await this.apply([vote]).then(
                (alone) => alone[0]!,
                (error: unknown) => ({ error, changed: false }),
              ),
            )
        }
        batch.forEach((vote, i) => {
          const outcome = outcomes[i]!
          if (outcome.result) vote.resolve(outcome.result)
          else vote.reject(outcome.error)
          if (outcome.changed) this.tally.touch(vote.eventId, vote.itemId)
        })
      }
    } finally {
      this.flushing = false
    }
  }

  /**
   * The next batch, in arrival order. An attendee's second vote on the same question waits for the next batch,
   * so that "up then down" keeps its order.
   */
  private take(): Waiting[] {
    const batch: Waiting[] = []
    const later: Waiting[] = []
    const seen = new Set<string>()
    for (const vote of this.queue) {
      const key = `${vote.itemId}:${vote.attendeeId}`
      if (batch.length < MAX_BATCH && !seen.has(key)) {
        seen.add(key)
        batch.push(vote)
      } else {
        later.push(vote)
        seen.add(key)
      }
    }
    this.queue = later
    return batch
  }

  /** One transaction for the batch: check the questions, write the rows, count them. */
  private apply(batch: readonly Waiting[]): Promise<Outcome[]> {
    const itemIds = [...new Set(batch.map((v) => v.itemId))]
    return this.db.transaction(async (tx) => {
      const found = await tx
        .select({ id: items.id, eventId: items.eventId, status: items.status })
        .from(items)
        .where(inArray(items.id, itemIds))
      const byId = new Map(found.map((row) => [row.id, row]))
      const refusal = (vote: Waiting): AppError | null => {
        const item = byId.get(vote.itemId)
        if (!item || item.eventId !== vote.eventId || !isPublic(item.status)) return new AppError('question_not_found')
        if (!isVotable(item.status)) return new AppError('vote_closed')
        return null
      }
      const refused = batch.map(refusal)
      const ups = batch.filter((v, i) => v.up && !refused[i])
      const downs = batch.filter((v, i) => !v.up && !refused[i])
      const written = new Set<string>()
      if (ups.length > 0) {
        const rows = await tx
          .insert(votes)
          .values(ups.map((v) => ({ itemId: v.itemId, attendeeId: v.attendeeId })))
          .onConflictDoNothing()
          .returning({ itemId: votes.itemId, attendeeId: votes.attendeeId })
        for (const row of rows) written.add(`${row.itemId}:${row.attendeeId}`)
      }
      if (downs.length > 0) {
        const rows = await tx
          .delete(votes)
          .where(or(...downs.map((v) => and(eq(votes.itemId, v.itemId), eq(votes.attendeeId, v.attendeeId)))))
          .returning({ itemId: votes.itemId, attendeeId: votes.attendeeId })
        for (const row of rows) written.add(`${row.itemId}:${row.attendeeId}`)
      }
      const counted = new Map<string, number>()
      const countable = [...new Set([...ups, ...downs].map((v) => v.itemId))]
      if (countable.length > 0) {
        const rows = await tx
          .select({ itemId: votes.itemId, n: count() })
          .from(votes)
          .where(inArray(votes.itemId, countable))
          .groupBy(votes.itemId)
        for (const row of rows) counted.set(row.itemId, row.n)
      }
      return batch.map((vote, i): Outcome => {
        if (refused[i]) return { error: refused[i], changed: false }
        return {
          result: { id: vote.itemId, votes: counted.get(vote.itemId) ?? 0, voted: vote.up },
          changed: written.has(`${vote.itemId}:${vote.attendeeId}`),
        }
      })
    })
  }
}
