// The transactional half of ingestion: a page of posts, its cursor and its meter commit together, or not at all.
import type { Db } from '../../db/connect'
import { type ItemRow, type NewItem, itemChange } from '../questions/questions.repository'
import type { StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import { type XPage, exhaustedUntil } from './x.client'
import { addReads, type XSourceRow } from './x.health'
import { type MappedPost, capPlan, capWindow, judge, mapPage, newerId, verdictFields } from './x.ingest'
import { XRepository } from './x.repository'
import type { Warnings, WarningsService } from '../moderation/warnings'

/** A poller's right to write an event's cursor: valid while the source's lastPollAt is still the instant it wrote. */
export interface Claim {
  eventId: number
  at: Date
}

/** Someone else (another process, or a moderator changing the query) took the source over: stop, write nothing. */
export class ClaimLost extends Error {
  override readonly name = 'ClaimLost'
}

export interface SavedPage {
  changes: StoredChange[]
  row: XSourceRow
  /** The claim's new instant: each page renews it. */
  at: Date
}

export function xItem(eventId: number, post: MappedPost, fields: Pick<NewItem, 'status' | 'held' | 'flags'>, now: Date): NewItem {
  return {
    eventId,
    source: 'x',
    text: post.text,
    xHandle: post.handle,
    xPostId: post.postId,
    xName: post.name,
    xAvatarUrl: post.avatarUrl,
    postedAt: post.postedAt,
    contextText: post.contextText,
    url: post.url,
    language: post.language,
    createdAt: now,
    updatedAt: now,
    ...fields,
  }
}

/**
 * The cursor once `page` is stored: since_id moves only when the pagination's last page is in; a start_time
 * (a restart inside X's window) lasts as long as its pagination, and since_id takes over from there.
 */
export function cursorAfter(
  row: Pick<XSourceRow, 'sinceId' | 'nextToken' | 'pendingNewestId' | 'startTime'>,
  page: Pick<XPage, 'newestId' | 'nextToken' | 'done'>,
) {
  const newest = row.nextToken ? row.pendingNewestId : page.newestId
  if (page.done) return { sinceId: newerId(row.sinceId, newest), nextToken: null, pendingNewestId: null, startTime: null }
  return { sinceId: row.sinceId, nextToken: page.nextToken, pendingNewestId: newest, startTime: row.startTime }
}

const record = (tx: Db, eventId: number, row: ItemRow) => StreamRepository.append(tx, eventId, itemChange(row))

/** Flagged posts wait for a moderator even from a trusted account. */
function withWarnings(item: NewItem, warnings: Warnings): NewItem {
  const flags = [...(item.flags ?? []), ...warnings.flags]
  const status = warnings.flags.length > 0 && item.status === 'approved' ? 'pending' : item.status
  return { ...item, flags, status, similar: warnings.similar }
}

export class XIntake {
  constructor(
    private readonly db: Db,
    private readonly options: { now: () => Date; capWindowMs: number; warnings: WarningsService },
  ) {}

  async savePage(claim: Claim, page: XPage): Promise<SavedPage> {
    const now = this.options.now()
    const result = await this.db.transaction(async (tx) => {
      const row = await XRepository.lock(tx, claim.eventId)
      if (!row || row.lastPollAt?.getTime() !== claim.at.getTime()) throw new ClaimLost()
      const mapped = mapPage(page.posts, page.users, page.includedPosts)
      const existing = await XRepository.existingPostIds(
        tx,
        claim.eventId,
        mapped.map((p) => p.postId),
      )
      const fresh = mapped.filter((p) => !existing.has(p.postId))
      const judged = fresh.map((post) => ({ post, verdict: judge(post, row) }))

      const { released, admit } = await this.makeRoom(tx, row, judged.filter((j) => j.verdict === 'queue').length, now)
      let admitted = 0
      const rows = judged.map(({ post, verdict }) => {
        if (verdict !== 'queue') return xItem(claim.eventId, post, verdictFields(verdict), now)
        admitted += 1
        const capped = admitted > admit
        return xItem(claim.eventId, post, capped ? { status: 'pending', held: true, flags: ['x_cap'] } : verdictFields(verdict), now)
      })
      // Posts get the same second look as attendees' questions: flags, and likely duplicates to merge with.
      const warnings = await this.options.warnings.for(
        tx,
        claim.eventId,
        rows.map((r) => ({ text: r.text })),
      )
      // One insert for the page's items and one sequence allocation for their changes, under the event's lock.
      const inserted = await XRepository.insertPosts(
        tx,
        rows.map((r, i) => withWarnings(r, warnings[i]!)),
      )
      const changes = [
        ...released,
        ...(await StreamRepository.appendMany(
          tx,
          claim.eventId,
          inserted.map((row) => itemChange(row)),
        )),
      ]

      const updated = await XRepository.write(tx, claim.eventId, {
        ...cursorAfter(row, page),
        ...addReads(row, now, page.posts.length + page.includedPosts.length, page.users.length),
        lastPollAt: now,
        lastSuccessAt: now,
        consecutiveFailures: 0,
        // Out of requests for this window: wait for X's reset before the next page or poll.
        pausedUntil: exhaustedUntil(page.rateLimit, now),
        updatedAt: now,
      })
      return { changes, row: updated }
    })
    return { ...result, at: now }
  }

  /** Lets held posts into the pending lane as the cap allows; any process may call it, the row lock serialises them. */
  async releaseDue(eventId: number): Promise<StoredChange[]> {
    const now = this.options.now()
    return this.db.transaction(async (tx) => {
      const row = await XRepository.lock(tx, eventId)
      if (!row) return []
      return (await this.makeRoom(tx, row, 0, now)).released
    })
  }

  /** A post or text the moderator imported: pending, outside the cap and the rules; the same post twice is one item. */
  async saveImported(
    eventId: number,
    item: NewItem,
    reads: { posts: number; users: number } | null,
  ): Promise<{ row: ItemRow; created: boolean; changes: StoredChange[] }> {
    const now = this.options.now()
    return this.db.transaction(async (tx) => {
      if (reads) {
        const row = await XRepository.lock(tx, eventId)
        if (row) await XRepository.write(tx, eventId, { ...addReads(row, now, reads.posts, reads.users), updatedAt: now })
      }
      const [warnings] = await this.options.warnings.for(tx, eventId, [{ text: item.text }])
      const [row] = await XRepository.insertPosts(tx, [withWarnings({ ...item, createdAt: now, updatedAt: now }, warnings!)])
      if (!row) {
        const existing = await XRepository.findExisting(tx, eventId, item.xPostId!)
        return { row: existing, created: false, changes: [] }
      }
      return { row, created: true, changes: [await record(tx, eventId, row)] }
    })
  }

  /** Releases what the cap allows in this window and says how many of `incoming` new posts may enter after them. */
  private async makeRoom(tx: Db, row: XSourceRow, incoming: number, now: Date): Promise<{ released: StoredChange[]; admit: number }> {
    const window = capWindow(now, this.options.capWindowMs)
    const waiting = await XRepository.waitingForCap(tx, row.eventId)
    if (waiting.length === 0 && incoming === 0) return { released: [], admit: 0 }
    const entered = await XRepository.enteredInWindow(tx, row.eventId, window.start, window.end)
    const plan = capPlan(row.capPerMinute, entered, waiting.length, incoming)
    const releasedRows = await XRepository.release(
      tx,
      waiting.slice(0, plan.release).map((r) => r.id),
      now,
    )
    const byAge = new Map(waiting.map((r, i) => [r.id, i]))
    releasedRows.sort((a, b) => byAge.get(a.id)! - byAge.get(b.id)!)
    const released = await StreamRepository.appendMany(
      tx,
      row.eventId,
      releasedRows.map((row) => itemChange(row)),
    )
    await XRepository.logReleases(
      tx,
      row.eventId,
      releasedRows.map((item, i) => ({ itemId: item.id, seq: released[i]!.seq })),
      now,
    )
    return { released, admit: plan.admit }
  }
}
