// Asking and listing questions. Checks permissions and limits, runs one transaction, then broadcasts.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/connect'
import { GroupCommit, type Outcome } from '../../db/group-commit'
import { type Access, type AccessService, requireRole } from '../auth/access'
import type { AskInput, ItemView, ReviseInput, WithdrawInput } from '../contract/schemas'
import { AppError, VersionConflict } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { RateLimiter } from '../limits/rate-limiter'
import { type AskerAction, askerTransition } from '../moderation/moderation.machine'
import type { WarningsService } from '../moderation/warnings'
import type { Broadcaster } from '../realtime/broadcaster'
import { projectItem, type StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import type { VotesService } from '../votes/votes.service'
import { cleanText, textLength } from '../contract/text'
import { type ItemRow, type NewItem, QuestionsRepository, itemChange, toItemView } from './questions.repository'
import type { TallyService } from './tally.service'

/** At most this many questions share one transaction (about twenty parameters each, far below the protocol's limit). */
const MAX_ASK_BATCH = 200

/** A question checked and ready to store; its flags, likely duplicates and status are worked out in the batch. */
interface Asked {
  event: EventRow
  blocked: boolean
  item: Omit<NewItem, 'flags' | 'similar' | 'status'>
}

/** The batch's positions by event, in batch order. */
function byEvent(batch: readonly Asked[]): Map<number, number[]> {
  const groups = new Map<number, number[]>()
  batch.forEach((asked, i) => {
    const group = groups.get(asked.event.id)
    if (group) group.push(i)
    else groups.set(asked.event.id, [i])
  })
  return groups
}

interface Stored {
  row: ItemRow
  /** Its change on the stream; none for a retry of a stored question. */
  changes: StoredChange[]
}

export class QuestionsService {
  /** Submissions being stored, by attendee and idempotency key. */
  private readonly asking = new Map<string, Promise<ItemView>>()
  private readonly asks: GroupCommit<Asked, Stored>

  constructor(
    private readonly db: Db,
    private readonly repository: QuestionsRepository,
    private readonly broadcaster: Broadcaster,
    private readonly tally: TallyService,
    private readonly limiter: RateLimiter,
    private readonly access: AccessService,
    private readonly votes: VotesService,
    private readonly warnings: WarningsService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.asks = new GroupCommit<Asked, Stored>({
      commit: (batch) => this.storeAsked(batch),
      maxBatch: MAX_ASK_BATCH,
      committed: (batch, outcomes) => {
        // One publication per event; within an event, the batch's order is the stream's (storeAsked numbers it so).
        for (const [eventId, indexes] of byEvent(batch)) {
          const changes = indexes.flatMap((i) => {
            const outcome = outcomes[i]!
            return outcome.ok ? outcome.value.changes : []
          })
          if (changes.length === 0) continue
          this.broadcaster.publish(eventId, changes)
          this.tally.touch(eventId)
        }
      },
    })
  }

  /**
   * A retry (same attendee, same idempotency key) is answered with the first question and never counts against
   * the limits: one that arrives while the first is still being stored waits for it, a later one finds it stored.
   */
  ask(event: EventRow, access: Access, input: AskInput): Promise<ItemView> {
    requireRole(access, 'attendee')
    const key = `${access.attendeeId}:${input.idempotencyKey}`
    const running = this.asking.get(key)
    if (running) return running
    const asked = this.askOnce(event, access, input).finally(() => this.asking.delete(key))
    this.asking.set(key, asked)
    return asked
  }

  private async askOnce(event: EventRow, access: Access, input: AskInput): Promise<ItemView> {
    const attendeeId = access.attendeeId!
    const stored = await QuestionsRepository.byIdempotencyKey(this.db, attendeeId, input.idempotencyKey)
    if (stored) return projectItem(toItemView(stored), stored.attendeeId, access)!
    const text = cleanText(input.text, { multiline: true, max: 20000 })
    if (text === '') throw new AppError('question_empty')
    const limit = event.settings.maxQuestionLength
    const length = textLength(text)
    if (length > limit) throw new AppError('question_too_long', { limit, length })
    const anonymous = input.anonymous === true
    if (anonymous && !event.settings.anonymousAllowed) throw new AppError('anonymous_not_allowed')
    const name = anonymous ? null : cleanText(input.displayName ?? '', { max: 80 }) || null
    if (!anonymous && name === null) throw new AppError('name_required')
    await this.limiter.take('question', attendeeId, access.ip)

    const blocked = await this.access.isBlocked(attendeeId)
    const at = this.now()
    const { row } = await this.asks.submit({
      event,
      blocked,
      item: {
        // Made here rather than by the database, so that questions stored together can name each other as duplicates.
        id: randomUUID(),
        eventId: event.id,
        source: 'attendee',
        text,
        attendeeId,
        anonymous,
        authorName: name,
        authorOrganisation: anonymous ? null : cleanText(input.organisation ?? '', { max: 120 }) || null,
        held: blocked,
        idempotencyKey: input.idempotencyKey,
        createdAt: at,
        updatedAt: at,
      },
    })
    return projectItem(toItemView(row), row.attendeeId, access)!
  }

  /**
   * One transaction for the questions asked meanwhile (group commit): warnings against the live questions and
   * each other, one insert, one sequence allocation per event, so the event's lock is taken once per batch. A
   * retry of a stored submission (same asker, same key, raced past the check in askOnce) makes the batch fail, and
   * each question is then stored alone, where the retry gets the first question back and announces nothing.
   */
  private storeAsked(batch: readonly Asked[]): Promise<Outcome<Stored>[]> {
    return this.db.transaction(async (tx) => {
      const outcomes = new Array<Outcome<Stored>>(batch.length)
      for (const [eventId, indexes] of byEvent(batch)) {
        const asked = indexes.map((i) => batch[i]!)
        // One word list per batch: a settings change that commits meanwhile is like a concurrent transaction.
        const warnings = await this.warnings.for(
          tx,
          eventId,
          asked.map((a) => ({ text: a.item.text, id: a.item.id })),
          { flagWords: asked[0]!.event.settings.flagWords ?? null },
        )
        const rows = asked.map(({ event, blocked, item }, i): NewItem => {
          // Flags and a blocked asker hold a question for a moderator, even where questions are published at once.
          const flags = blocked ? [...warnings[i]!.flags, 'blocked_asker'] : warnings[i]!.flags
          const published = event.settings.moderation === 'post' && flags.length === 0
          return { ...item, flags, similar: warnings[i]!.similar, status: published ? 'approved' : 'pending' }
        })
        const inserted = await QuestionsRepository.insertNew(tx, rows)
        if (inserted.length < rows.length) {
          if (batch.length > 1) throw new Error('a retry of a stored question: storing each question alone')
          const existing = await QuestionsRepository.byIdempotencyKey(tx, rows[0]!.attendeeId!, rows[0]!.idempotencyKey!)
          if (!existing) throw new Error('insert conflicted but no existing item was found')
          outcomes[0] = { ok: true, value: { row: existing, changes: [] } }
          continue
        }
        const byId = new Map(inserted.map((row) => [row.id, row]))
        const ordered = rows.map((row) => byId.get(row.id!)!)
        const changes = await StreamRepository.appendMany(
          tx,
          eventId,
          ordered.map((row) => itemChange(row)),
        )
        indexes.forEach((index, i) => (outcomes[index] = { ok: true, value: { row: ordered[i]!, changes: [changes[i]!] } }))
      }
      return outcomes
    })
  }

  /**
   * The asker rewords their question while it awaits moderation. The moderators' card changes live and the log
   * keeps the previous wording; flags are worked out again for the new words (a blocked asker stays flagged).
   */
  async revise(event: EventRow, access: Access, id: string, input: ReviseInput): Promise<ItemView> {
    requireRole(access, 'attendee')
    const text = cleanText(input.text, { multiline: true, max: 20000 })
    if (text === '') throw new AppError('question_empty')
    const limit = event.settings.maxQuestionLength
    const length = textLength(text)
    if (length > limit) throw new AppError('question_too_long', { limit, length })
    await this.limiter.take('revision', access.attendeeId, access.ip)
    return this.changeOwn(event, access, id, input.version, 'revise', async (tx, current) => {
      if (text === current.text) return null
      const [warnings] = await this.warnings.for(tx, event.id, [{ text }], { flagWords: event.settings.flagWords ?? null, except: id })
      const kept = current.flags.filter((flag) => !TEXT_FLAGS.has(flag))
      return {
        values: {
          text,
          originalText: null,
          flags: [...kept, ...warnings!.flags],
          similar: warnings!.similar,
        },
        detail: { fields: ['text'], previousText: current.text },
      }
    })
  }

  /** The asker takes their question back before any moderator decided: it leaves the pending lane, the log keeps it. */
  async withdraw(event: EventRow, access: Access, id: string, input: WithdrawInput): Promise<ItemView> {
    requireRole(access, 'attendee')
    return this.changeOwn(event, access, id, input.version, 'withdraw', () =>
      Promise.resolve({ values: { status: 'withdrawn' }, detail: {} }),
    )
  }

  /** One asker action on their own question, in one transaction: ownership, the state machine, the version, the log. */
  private async changeOwn(
    event: EventRow,
    access: Access,
    id: string,
    version: number,
    action: AskerAction,
    change: (tx: Db, current: ItemRow) => Promise<{ values: Partial<NewItem>; detail: Record<string, unknown> } | null>,
  ): Promise<ItemView> {
    const { row, changes } = await this.db.transaction(async (tx) => {
      const current = await QuestionsRepository.lock(tx, event.id, id)
      // Someone else's question is as good as absent: its existence and state stay private.
      if (!current || current.attendeeId !== access.attendeeId) throw new AppError('question_not_found')
      if (!askerTransition(current.status, action).ok) throw new AppError('question_locked', { status: current.status })
      if (current.version !== version) throw new VersionConflict(ownView(current, access), { expected: version, current: current.version })
      const next = await change(tx, current)
      if (!next) return { row: current, changes: [] }
      const updated = await QuestionsRepository.update(tx, id, next.values)
      const recorded = await recordItem(tx, event.id, updated, false)
      await QuestionsRepository.log(tx, {
        eventId: event.id,
        itemId: id,
        seq: recorded.seq,
        actor: access.actor,
        action,
        fromStatus: current.status,
        toStatus: updated.status,
        detail: next.detail,
      })
      return { row: updated, changes: [recorded] }
    })
    this.broadcaster.publish(event.id, changes)
    if (changes.length > 0) this.tally.touch(event.id)
    return ownView(row, access)
  }

  async list(event: EventRow, access: Access): Promise<ItemView[]> {
    const rows = await this.repository.visibleTo(event.id, {
      moderator: access.role === 'moderator',
      attendeeId: access.attendeeId,
    })
    const voted = access.attendeeId ? await this.votes.votedBy(access.attendeeId) : new Set<string>()
    return this.project(rows, access, voted)
  }

  /** The published questions, as read for every attendee and public screen at once (a snapshot's shared part). */
  published(event: EventRow): Promise<ItemRow[]> {
    return this.repository.visibleTo(event.id, { moderator: false, attendeeId: null })
  }

  /**
   * What `list` gives an attendee or the public, from the published questions read once for everyone: the
   * attendee's own questions (read now, whatever their status) take the place of their published copies.
   */
  async listFrom(published: readonly ItemRow[], event: EventRow, access: Access): Promise<ItemView[]> {
    if (access.role === 'moderator') throw new Error('moderators read every question: use list()')
    const attendeeId = access.attendeeId
    if (!attendeeId) return this.project(published, access, new Set())
    const read = await this.repository.ownAndSupported(event.id, attendeeId)
    const own = read.filter((row) => row.item.attendeeId === attendeeId).map((row) => row.item)
    const voted = new Set(read.filter((row) => row.voted).map((row) => row.item.id))
    const mine = new Set(own.map((row) => row.id))
    const rows = [...published.filter((row) => !mine.has(row.id)), ...own].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    return this.project(rows, access, voted)
  }

  private project(rows: readonly ItemRow[], access: Access, voted: ReadonlySet<string>): ItemView[] {
    return rows.flatMap((row) => {
      const item = projectItem(toItemView(row), row.attendeeId, access)
      return item ? [{ ...item, voted: voted.has(item.id) }] : []
    })
  }
}

/** Flags that come from the words themselves, worked out again when the asker rewords the question. */
const TEXT_FLAGS: ReadonlySet<string> = new Set(['profanity', 'spam'])

function ownView(row: ItemRow, access: Access): ItemView {
  return projectItem(toItemView(row), row.attendeeId, access)!
}

/** Appends an item change to the stream (questions.repository.ts: itemChange). */
export function recordItem(tx: Db, eventId: number, row: ItemRow, wasPublic: boolean) {
  return StreamRepository.append(tx, eventId, itemChange(row, wasPublic))
}
