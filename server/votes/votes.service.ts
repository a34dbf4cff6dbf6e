// Upvotes ("moi aussi"): one per attendee and question, on published questions only.
import { and, count, eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { items, votes } from '../../db/schema'
import { type Access, requireRole } from '../auth/access'
import type { VoteResult } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { RateLimiter } from '../limits/rate-limiter'
import type { TallyService } from '../questions/tally.service'
import { isPublic, isVotable } from '../moderation/moderation.machine'

export class VotesService {
  constructor(
    private readonly db: Db,
    private readonly tally: TallyService,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Idempotent: voting twice, or removing a vote that is not there, changes nothing. A vote only inserts or
   * deletes its row — no lock on the question, so a storm on one question runs in parallel; the tally folds the
   * rows into the question's count. The acknowledgement counts the rows as they are after this vote.
   */
  async vote(event: EventRow, access: Access, id: string, up: boolean): Promise<VoteResult> {
    requireRole(access, 'attendee')
    const attendeeId = access.attendeeId!
    await this.limiter.take('vote', attendeeId, access.ip)
    const result = await this.db.transaction(async (tx) => {
      const [item] = await tx
        .select({ status: items.status })
        .from(items)
        .where(and(eq(items.eventId, event.id), eq(items.id, id)))
      if (!item || !isPublic(item.status)) throw new AppError('question_not_found')
      if (!isVotable(item.status)) throw new AppError('vote_closed')
      const changed = up
        ? await tx.insert(votes).values({ itemId: id, attendeeId }).onConflictDoNothing().returning({ id: votes.itemId })
        : await tx
            .delete(votes)
            .where(and(eq(votes.itemId, id), eq(votes.attendeeId, attendeeId)))
            .returning({ id: votes.itemId })
      const [counted] = await tx.select({ n: count() }).from(votes).where(eq(votes.itemId, id))
      return { result: { id, votes: counted?.n ?? 0, voted: up }, changed: changed.length > 0 }
    })
    if (result.changed) this.tally.touch(event.id, id)
    return result.result
  }

  async votedBy(attendeeId: string): Promise<Set<string>> {
    const rows = await this.db.select({ id: votes.itemId }).from(votes).where(eq(votes.attendeeId, attendeeId))
    return new Set(rows.map((r) => r.id))
  }
}
