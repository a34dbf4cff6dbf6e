// Upvotes ("moi aussi"): one per attendee and question, on published questions only.
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { items, votes } from '../../db/schema'
import { type Access, requireRole } from '../auth/access'
import type { VoteResult } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { RateLimiter } from '../limits/rate-limiter'
import type { TallyService } from '../questions/tally.service'

export class VotesService {
  constructor(
    private readonly db: Db,
    private readonly tally: TallyService,
    private readonly limiter: RateLimiter,
  ) {}

  /** Idempotent: voting twice, or removing a vote that is not there, changes nothing. */
  async vote(event: EventRow, access: Access, id: string, up: boolean): Promise<VoteResult> {
    requireRole(access, 'attendee')
    const attendeeId = access.attendeeId!
    this.limiter.take('vote', attendeeId, access.ip)
    const result = await this.db.transaction(async (tx) => {
      const [item] = await tx
        .select({ status: items.status, votes: items.votes })
        .from(items)
        .where(and(eq(items.eventId, event.id), eq(items.id, id)))
        .for('update')
      if (!item || !['approved', 'on_air', 'answered'].includes(item.status)) throw new AppError('question_not_found')
      if (item.status === 'answered') throw new AppError('vote_closed')
      const changed = up
        ? await tx.insert(votes).values({ itemId: id, attendeeId }).onConflictDoNothing().returning()
        : await tx
            .delete(votes)
            .where(and(eq(votes.itemId, id), eq(votes.attendeeId, attendeeId)))
            .returning()
      if (changed.length === 0) return { id, votes: item.votes, voted: up }
      const [row] = await tx
        .update(items)
        .set({ votes: sql`${items.votes} + ${up ? 1 : -1}` })
        .where(eq(items.id, id))
        .returning({ votes: items.votes })
      return { id, votes: row!.votes, voted: up }
    })
    this.tally.touch(event.id, id)
    return result
  }

  async votedBy(attendeeId: string): Promise<Set<string>> {
    const rows = await this.db.select({ id: votes.itemId }).from(votes).where(eq(votes.attendeeId, attendeeId))
    return new Set(rows.map((r) => r.id))
  }
}
