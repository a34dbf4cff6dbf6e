// Asking and listing questions. Checks permissions and limits, runs one transaction, then broadcasts.
import type { Db } from '../../db/connect'
import { type Access, type AccessService, requireRole } from '../auth/access'
import type { AskInput, ItemView } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import type { RateLimiter } from '../limits/rate-limiter'
import { warningsFor } from '../moderation/warnings'
import type { Broadcaster } from '../realtime/broadcaster'
import { projectItem } from '../realtime/projection'
import { StreamRepository } from '../realtime/stream.repository'
import type { VotesService } from '../votes/votes.service'
import { normaliseLabel, normaliseText, textLength } from './question-text'
import { type ItemRow, type NewItem, QuestionsRepository, toItemView } from './questions.repository'
import type { TallyService } from './tally.service'

export class QuestionsService {
  /** Submissions being stored, by attendee and idempotency key. */
  private readonly asking = new Map<string, Promise<ItemView>>()

  constructor(
    private readonly db: Db,
    private readonly repository: QuestionsRepository,
    private readonly broadcaster: Broadcaster,
    private readonly tally: TallyService,
    private readonly limiter: RateLimiter,
    private readonly access: AccessService,
    private readonly votes: VotesService,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
    const text = normaliseText(input.text)
    if (text === '') throw new AppError('question_empty')
    const limit = event.settings.maxQuestionLength
    const length = textLength(text)
    if (length > limit) throw new AppError('question_too_long', { limit, length })
    const anonymous = input.anonymous === true
    if (anonymous && !event.settings.anonymousAllowed) throw new AppError('anonymous_not_allowed')
    const name = anonymous ? null : normaliseLabel(input.displayName)
    if (!anonymous && name === null) throw new AppError('name_required')
    await this.limiter.take('question', attendeeId, access.ip)

    const blocked = await this.access.isBlocked(attendeeId)
    const { row, changes } = await this.db.transaction(async (tx) => {
      // Flags and a blocked asker hold a question for a moderator, even where questions are published at once.
      const [warnings] = await warningsFor(tx, event.id, [text], event.settings.flagWords ?? null)
      const flags = blocked ? [...warnings!.flags, 'blocked_asker'] : warnings!.flags
      const item: NewItem = {
        eventId: event.id,
        source: 'attendee',
        text,
        attendeeId,
        anonymous,
        authorName: name,
        authorOrganisation: anonymous ? null : normaliseLabel(input.organisation),
        status: event.settings.moderation === 'post' && flags.length === 0 ? 'approved' : 'pending',
        held: blocked,
        flags,
        similar: warnings!.similar,
        idempotencyKey: input.idempotencyKey,
        createdAt: this.now(),
        updatedAt: this.now(),
      }
      const { row, created } = await QuestionsRepository.insertOnce(tx, item)
      // A retry of the same submission returns the first one and announces nothing.
      return { row, changes: created ? [await recordItem(tx, event.id, row, false)] : [] }
    })
    this.broadcaster.publish(event.id, changes)
    if (changes.length > 0) this.tally.touch(event.id)
    return projectItem(toItemView(row), row.attendeeId, access)!
  }

  async list(event: EventRow, access: Access): Promise<ItemView[]> {
    const rows = await this.repository.visibleTo(event.id, {
      moderator: access.role === 'moderator',
      attendeeId: access.attendeeId,
    })
    const voted = access.attendeeId ? await this.votes.votedBy(access.attendeeId) : new Set<string>()
    return rows.flatMap((row) => {
      const item = projectItem(toItemView(row), row.attendeeId, access)
      return item ? [{ ...item, voted: voted.has(item.id) }] : []
    })
  }
}

/** Appends an item change to the stream: the moderators' full view, its owner, and whether the public had it. */
export function recordItem(tx: Db, eventId: number, row: ItemRow, wasPublic: boolean) {
  return StreamRepository.append(tx, eventId, { type: 'item', item: toItemView(row), ownerId: row.attendeeId, wasPublic })
}
