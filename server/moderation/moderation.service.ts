// Moderation: transitions (with merge), bulk actions and edits, each under optimistic concurrency.
import { and, count, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { segments, votes } from '../../db/schema'
import { ClockRepository } from '../clock/clock.repository'
import { type Access, requireRole } from '../auth/access'
import type { BulkModerateInput, BulkResult, EditInput, ItemView, Lang, LogEntry, ModerateInput } from '../contract/schemas'
import { AppError, VersionConflict, isConflict, knownError, toErrorBody } from '../errors'
import { EventsRepository } from '../events/events.repository'
import type { EventRow } from '../events/events.repository'
import { type ItemRow, type NewItem, QuestionsRepository, toItemView } from '../questions/questions.repository'
import { recordItem } from '../questions/questions.service'
import { cleanText, textLength } from '../contract/text'
import type { TallyService } from '../questions/tally.service'
import type { Broadcaster } from '../realtime/broadcaster'
import type { StoredChange } from '../realtime/projection'
import { isPublic, transition } from './moderation.machine'

const MAX_EDITED_LENGTH = 2000
const HISTORY_LIMIT = 5000

export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly broadcaster: Broadcaster,
    private readonly tally: TallyService,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Every moderation transaction locks the event first, then its items: two moderators' actions on one event run
   * one after the other, so "one question on air" is decided the same way on both databases (the second put on
   * air replaces the first, which becomes answered) and a race can only end in a version conflict, never a 500.
   */
  async moderate(event: EventRow, access: Access, id: string, input: ModerateInput): Promise<ItemView> {
    requireRole(access, 'moderator')
    const { row, changes } = await this.transaction(event.id, id, async (tx) => {
      // Merge locks both items, always in id order, so two crossing merges cannot deadlock.
      if (input.action === 'merge' && input.into && input.into < id) await QuestionsRepository.lock(tx, event.id, input.into)
      const current = await lockFresh(tx, event.id, id, input.version)
      const move = transition(current.status, input.action)
      if (!move.ok) throw new AppError('illegal_transition', { action: input.action, status: current.status })

      const changes: StoredChange[] = []
      const log = (before: ItemRow, after: ItemRow, action: string, detail: Record<string, unknown> = {}) =>
        this.logAndRecord(tx, event.id, before, after, action, access.actor, detail).then((c) => changes.push(c))
      const now = this.now()
      // An answer given while the clock runs a rehearsal is marked so (the answer-time estimate ignores it).
      const rehearsalRun =
        move.to === 'on_air' || move.to === 'answered' ? ((await ClockRepository.rehearsal(tx, event.id))?.run ?? null) : null
      if (move.to === 'on_air') {
        // One question on air per event: the one it replaces counts as answered.
        const previous = await QuestionsRepository.onAir(tx, event.id)
        if (previous) {
          const answered = await QuestionsRepository.update(tx, previous.id, { status: 'answered', answeredAt: now, rehearsalRun })
          await log(previous, answered, 'mark_answered')
        }
      }
      if (input.action === 'merge') {
        const target = await this.mergeTarget(tx, event.id, current, input.into)
        await this.absorb(tx, current, target).then((merged) => log(target, merged, 'absorb', { from: current.id }))
      }
      const values: Partial<NewItem> = {
        status: move.to,
        held: move.to === 'approved' ? false : current.held,
        dismissReason: move.to === 'dismissed' ? (input.reason ?? 'other') : null,
        onAirAt: move.to === 'on_air' ? now : current.onAirAt,
        answeredAt: move.to === 'answered' ? now : move.to === 'approved' ? null : current.answeredAt,
        rehearsalRun: move.to === 'answered' ? rehearsalRun : move.to === 'approved' ? null : current.rehearsalRun,
        mergedInto: input.action === 'merge' ? input.into! : current.mergedInto,
      }
      if (input.action === 'mark_answered' && input.reply !== undefined)
        values.reply = cleanText(input.reply, { multiline: true, max: 2000 }) || null
      const updated = await QuestionsRepository.update(tx, current.id, values)
      await log(current, updated, input.action, input.reason ? { reason: input.reason } : input.into ? { into: input.into } : {})
      return { row: updated, changes }
    })
    this.publish(event.id, changes)
    return toItemView(row)
  }

  /**
   * Each item in its own transaction, and each answered on its own: a stale or conflicting item fails alone, the
   * others go through, and the batch always answers with both lists (never a 500 after half of it is done).
   */
  async bulk(event: EventRow, access: Access, input: BulkModerateInput, lang: Lang): Promise<BulkResult> {
    requireRole(access, 'moderator')
    const result: BulkResult = { done: [], failed: [] }
    for (const { id, version } of input.items) {
      try {
        result.done.push(await this.moderate(event, access, id, { action: input.action, version, reason: input.reason }))
      } catch (error) {
        const known = knownError(error)
        if (!known) this.onError(error)
        const body = toErrorBody(known ?? new AppError('internal'), lang)
        result.failed.push({ id, code: body.code, message: body.message })
      }
    }
    return result
  }

  async edit(event: EventRow, access: Access, id: string, input: EditInput): Promise<ItemView> {
    requireRole(access, 'moderator')
    const { row, change } = await this.transaction(event.id, id, async (tx) => {
      const current = await lockFresh(tx, event.id, id, input.version)
      const values: Partial<NewItem> = {}
      if (input.text !== undefined) {
        const text = cleanText(input.text, { multiline: true, max: 20000 })
        if (text === '') throw new AppError('question_empty')
        const length = textLength(text)
        if (length > MAX_EDITED_LENGTH) throw new AppError('question_too_long', { limit: MAX_EDITED_LENGTH, length })
        // The asker's own words are kept: the first edit saves them.
        if (text !== current.text) Object.assign(values, { text, originalText: current.originalText ?? current.text })
      }
      if (input.tags !== undefined)
        values.tags = [...new Set(input.tags.map((t) => cleanText(t, { max: 40 }).toLowerCase()).filter(Boolean))]
      if (input.segmentId !== undefined) {
        if (input.segmentId !== null) await segmentOf(tx, event.id, input.segmentId)
        values.segmentId = input.segmentId
      }
      if (input.rank !== undefined) values.rank = input.rank
      if (input.reply !== undefined)
        values.reply = input.reply === null ? null : cleanText(input.reply, { multiline: true, max: 2000 }) || null
      const updated = await QuestionsRepository.update(tx, id, values)
      const change = await this.logAndRecord(tx, event.id, current, updated, 'edit', access.actor, { fields: Object.keys(values) })
      return { row: updated, change }
    })
    this.publish(event.id, [change])
    return toItemView(row)
  }

  /** Who did what, when, newest first. */
  async history(event: EventRow, access: Access): Promise<LogEntry[]> {
    requireRole(access, 'moderator')
    const rows = await QuestionsRepository.history(this.db, event.id, HISTORY_LIMIT)
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actor,
      itemId: r.itemId,
      action: r.action,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      detail: r.detail,
    }))
  }

  /** Event lock first, then the work; a race lost at the database answers 409 with the item as it is now. */
  private async transaction<T>(eventId: number, itemId: string, work: (tx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        await EventsRepository.lock(tx, eventId)
        return work(tx)
      })
    } catch (error) {
      if (error instanceof AppError || !isConflict(error)) throw error
      const current = await QuestionsRepository.find(this.db, eventId, itemId)
      throw current ? new VersionConflict(toItemView(current), { current: current.version }) : new AppError('conflict')
    }
  }

  /**
   * « Terminer », inside the clock's transaction: the question on air becomes answered, logged as the moderator's,
   * sequenced like any moderation change. `rehearsalRun`: the rehearsal being ended, if it is one.
   */
  async endOnAir(tx: Db, eventId: number, actor: string, at: Date, rehearsalRun: number | null): Promise<StoredChange[]> {
    const onAir = await QuestionsRepository.onAir(tx, eventId)
    if (!onAir) return []
    const answered = await QuestionsRepository.update(tx, onAir.id, { status: 'answered', answeredAt: at, rehearsalRun })
    return [await this.logAndRecord(tx, eventId, onAir, answered, 'mark_answered', actor, { cause: 'clock_end' })]
  }

  /** The reset after a rehearsal, inside the clock's transaction: its answered questions go back to the answer queue. */
  async reopenRehearsal(tx: Db, eventId: number, actor: string, rehearsalRun: number): Promise<StoredChange[]> {
    const changes: StoredChange[] = []
    for (const answered of await QuestionsRepository.answeredInRehearsal(tx, eventId, rehearsalRun)) {
      const reopened = await QuestionsRepository.update(tx, answered.id, { status: 'approved', answeredAt: null, rehearsalRun: null })
      changes.push(await this.logAndRecord(tx, eventId, answered, reopened, 'reopen', actor, { cause: 'rehearsal_reset' }))
    }
    return changes
  }

  /** After the clock's transaction committed: the public counts (answered…) follow. */
  settled(eventId: number): void {
    this.tally.touch(eventId)
  }

  private async mergeTarget(tx: Db, eventId: number, source: ItemRow, into: string | undefined): Promise<ItemRow> {
    if (!into || into === source.id) throw new AppError('invalid_input', { field: 'into' })
    const target = await QuestionsRepository.lock(tx, eventId, into)
    if (!target) throw new AppError('question_not_found')
    // Only a question that could itself be merged may receive one: not a merged one, nor one its asker withdrew.
    if (!transition(target.status, 'merge').ok) throw new AppError('illegal_transition', { action: 'merge', status: target.status })
    return target
  }

  /** The target takes the source's askers and supporters; one person supporting both counts once. */
  private async absorb(tx: Db, source: ItemRow, target: ItemRow): Promise<ItemRow> {
    await tx.execute(sql`insert into votes (item_id, attendee_id, created_at)
      select ${target.id}, attendee_id, created_at from votes where item_id = ${source.id}
      on conflict do nothing`)
    const [counted] = await tx.select({ n: count() }).from(votes).where(eq(votes.itemId, target.id))
    const asker = {
      source: source.source,
      anonymous: source.anonymous,
      name: source.source === 'x' ? source.xName : source.authorName,
      organisation: source.authorOrganisation,
      xHandle: source.xHandle,
    }
    return QuestionsRepository.update(tx, target.id, {
      votes: counted?.n ?? target.votes,
      coAskers: [...target.coAskers, asker, ...source.coAskers],
    })
  }

  private async logAndRecord(
    tx: Db,
    eventId: number,
    before: ItemRow,
    after: ItemRow,
    action: string,
    actor: string,
    detail: Record<string, unknown>,
  ): Promise<StoredChange> {
    const change = await recordItem(tx, eventId, after, isPublic(before.status))
    await QuestionsRepository.log(tx, {
      eventId,
      itemId: after.id,
      seq: change.seq,
      actor,
      action,
      fromStatus: before.status,
      toStatus: after.status,
      detail,
    })
    return change
  }

  private publish(eventId: number, changes: StoredChange[]): void {
    this.broadcaster.publish(eventId, changes)
    this.tally.touch(eventId)
  }
}

async function lockFresh(tx: Db, eventId: number, id: string, version: number): Promise<ItemRow> {
  const current = await QuestionsRepository.lock(tx, eventId, id)
  if (!current) throw new AppError('question_not_found')
  if (current.version !== version) throw new VersionConflict(toItemView(current), { expected: version, current: current.version })
  return current
}

async function segmentOf(tx: Db, eventId: number, segmentId: number): Promise<void> {
  const [row] = await tx
    .select({ id: segments.id })
    .from(segments)
    .where(and(eq(segments.eventId, eventId), eq(segments.id, segmentId)))
  if (!row) throw new AppError('invalid_input', { field: 'segmentId', detail: String(segmentId) })
}
