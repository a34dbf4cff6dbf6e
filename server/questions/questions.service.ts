// Asking, listing and moderating questions. Checks permissions, runs one transaction, then broadcasts.
import type { Db } from '../../db/connect'
import type { Access } from '../auth/access'
import { requireRole } from '../auth/access'
import type { AskInput, ItemView, ModerateInput } from '../contract/schemas'
import { AppError, VersionConflict } from '../errors'
import type { EventRow } from '../events/events.repository'
import { isPublic, transition } from '../moderation/moderation.machine'
import type { Broadcaster } from '../realtime/broadcaster'
import { projectItem, type StoredChange } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import { normaliseLabel, normaliseText, textLength } from './question-text'
import { type ItemRow, type NewItem, QuestionsRepository, toItemView } from './questions.repository'

export class QuestionsService {
  constructor(
    private readonly db: Db,
    private readonly repository: QuestionsRepository,
    private readonly broadcaster: Broadcaster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ask(event: EventRow, access: Access, input: AskInput): Promise<ItemView> {
    requireRole(access, 'attendee')
    const text = normaliseText(input.text)
    if (text === '') throw new AppError('question_empty')
    const limit = event.settings.maxQuestionLength
    const length = textLength(text)
    if (length > limit) throw new AppError('question_too_long', { limit, length })
    const anonymous = input.anonymous === true
    if (anonymous && !event.settings.anonymousAllowed) throw new AppError('anonymous_not_allowed')
    const name = anonymous ? null : normaliseLabel(input.displayName)
    if (!anonymous && name === null) throw new AppError('name_required')

    const item: NewItem = {
      eventId: event.id,
      source: 'attendee',
      text,
      attendeeId: access.attendeeId,
      anonymous,
      authorName: name,
      authorOrganisation: anonymous ? null : normaliseLabel(input.organisation),
      status: event.settings.moderation === 'post' ? 'approved' : 'pending',
      idempotencyKey: input.idempotencyKey,
      createdAt: this.now(),
      updatedAt: this.now(),
    }
    const { row, changes } = await this.db.transaction(async (tx) => {
      const { row, created } = await QuestionsRepository.insertOnce(tx, item)
      // A retry of the same submission returns the first one and announces nothing.
      return { row, changes: created ? [await this.record(tx, event.id, row, false)] : [] }
    })
    this.broadcaster.publish(event.id, changes)
    return projectItem(toItemView(row), row.attendeeId, access)!
  }

  async list(event: EventRow, access: Access): Promise<ItemView[]> {
    const rows = await this.repository.visibleTo(event.id, {
      moderator: access.role === 'moderator',
      attendeeId: access.attendeeId,
    })
    return rows.flatMap((row) => projectItem(toItemView(row), row.attendeeId, access) ?? [])
  }

  async moderate(event: EventRow, access: Access, id: string, input: ModerateInput): Promise<ItemView> {
    requireRole(access, 'moderator')
    const { row, changes } = await this.db.transaction(async (tx) => {
      const current = await QuestionsRepository.lock(tx, event.id, id)
      if (!current) throw new AppError('question_not_found')
      if (current.version !== input.version) {
        throw new VersionConflict(toItemView(current), { expected: input.version, current: current.version })
      }
      const move = transition(current.status, input.action)
      if (!move.ok) throw new AppError('illegal_transition', { action: input.action, status: current.status })

      const changes: StoredChange[] = []
      const now = this.now()
      if (move.to === 'on_air') {
        // One question on air per event: the one being replaced counts as answered.
        const previous = await QuestionsRepository.onAir(tx, event.id)
        if (previous) {
          const answered = await QuestionsRepository.update(tx, previous.id, { status: 'answered', answeredAt: now })
          changes.push(await this.logAndRecord(tx, event.id, previous, answered, 'mark_answered', access.actor))
        }
      }
      const updated = await QuestionsRepository.update(tx, current.id, {
        status: move.to,
        dismissReason: move.to === 'dismissed' ? (input.reason ?? 'other') : null,
        answeredAt: move.to === 'answered' ? now : move.to === 'approved' ? null : current.answeredAt,
        onAirAt: move.to === 'on_air' ? now : current.onAirAt,
        reply: input.action === 'mark_answered' && input.reply !== undefined ? normaliseText(input.reply) || null : current.reply,
      })
      changes.push(await this.logAndRecord(tx, event.id, current, updated, input.action, access.actor))
      return { row: updated, changes }
    })
    this.broadcaster.publish(event.id, changes)
    return toItemView(row)
  }

  private async logAndRecord(
    tx: Db,
    eventId: number,
    before: ItemRow,
    after: ItemRow,
    action: string,
    actor: string,
  ): Promise<StoredChange> {
    const change = await this.record(tx, eventId, after, isPublic(before.status))
    await QuestionsRepository.log(tx, {
      eventId,
      itemId: after.id,
      seq: change.seq,
      actor,
      action,
      fromStatus: before.status,
      toStatus: after.status,
      detail: after.dismissReason ? { reason: after.dismissReason } : {},
    })
    return change
  }

  private record(tx: Db, eventId: number, row: ItemRow, wasPublic: boolean): Promise<StoredChange> {
    return StreamRepository.append(tx, eventId, { type: 'item', item: toItemView(row), ownerId: row.attendeeId, wasPublic })
  }
}
