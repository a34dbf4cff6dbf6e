// Upvotes ("moi aussi"): one per attendee and question, on published questions only.
import { and, count, eq, inArray, or } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { GroupCommit, type Outcome } from '../../db/group-commit'
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

interface Vote {
  eventId: number
  itemId: string
  attendeeId: string
  up: boolean
}

interface Counted {
  result: VoteResult
  /** Whether the vote added or removed a row: the tally then has something to fold. */
  changed: boolean
}

export class VotesService {
  private readonly writes: GroupCommit<Vote, Counted>

  constructor(
    private readonly db: Db,
    tally: TallyService,
    private readonly limiter: RateLimiter,
  ) {
    this.writes = new GroupCommit<Vote, Counted>({
      commit: (batch) => this.apply(batch),
      // An attendee's second vote on the same question waits for the next batch, so that "up then down" keeps its order.
      keyOf: (vote) => `${vote.itemId}:${vote.attendeeId}`,
      maxBatch: MAX_BATCH,
      committed: (batch, outcomes) =>
        batch.forEach((vote, i) => {
          const outcome = outcomes[i]!
          if (outcome.ok && outcome.value.changed) tally.touch(vote.eventId, vote.itemId)
        }),
    })
  }

  /**
   * Idempotent: voting twice, or removing a vote that is not there, changes nothing. A vote only inserts or
   * deletes its row — no lock on the question — and votes are group-committed (db/group-commit.ts), which
   * matters most on PGlite's single connection. Each vote is still acknowledged after its commit, with the rows
   * counted after it; the tally folds the rows into the question's count.
   */
  async vote(event: EventRow, access: Access, id: string, up: boolean): Promise<VoteResult> {
    requireRole(access, 'attendee')
    const attendeeId = access.attendeeId!
    await this.limiter.take('vote', attendeeId, access.ip)
    return (await this.writes.submit({ eventId: event.id, itemId: id, attendeeId, up })).result
  }

  async votedBy(attendeeId: string): Promise<Set<string>> {
    const rows = await this.db.select({ id: votes.itemId }).from(votes).where(eq(votes.attendeeId, attendeeId))
    return new Set(rows.map((r) => r.id))
  }

  /** One transaction for the batch: check the questions, write the rows, count them. */
  private apply(batch: readonly Vote[]): Promise<Outcome<Counted>[]> {
    const itemIds = [...new Set(batch.map((v) => v.itemId))]
    return this.db.transaction(async (tx) => {
      const found = await tx
        .select({ id: items.id, eventId: items.eventId, status: items.status })
        .from(items)
        .where(inArray(items.id, itemIds))
      const byId = new Map(found.map((row) => [row.id, row]))
      const refusal = (vote: Vote): AppError | null => {
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
      return batch.map((vote, i): Outcome<Counted> => {
        if (refused[i]) return { ok: false, error: refused[i] }
        return {
          ok: true,
          value: {
            result: { id: vote.itemId, votes: counted.get(vote.itemId) ?? 0, voted: vote.up },
            changed: written.has(`${vote.itemId}:${vote.attendeeId}`),
          },
        }
      })
    })
  }
}
