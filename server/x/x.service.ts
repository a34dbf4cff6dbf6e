// The X source for the control room: its status, its settings and rules, and importing a post by hand.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/connect'
import { type Access, requireRole } from '../auth/access'
import type { XConfig } from '../config'
import type { ItemView } from '../contract/schemas'
import type { XImportInput, XSettingsInput, XState, XStatus } from '../contract/x'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import { cleanText } from '../contract/text'
import { type NewItem, toItemView } from '../questions/questions.repository'
import type { Broadcaster } from '../realtime/broadcaster'
import { createXApi, type XApi } from './x.client'
import { classifyFault } from './x.faults'
import { type Backoff, DEFAULT_BACKOFF, budgetReached, stateOf, toXStatus, type XPrices, type XSourceRow } from './x.health'
import { handleOf, uniqueHandles } from './x.handles'
import { mapPost, normaliseKeyword, parsePostUrl } from './x.ingest'
import { XIntake, xItem } from './x.intake'
import type { WarningsService } from '../moderation/warnings'
import { XPoller } from './x.poller'
import { XRepository } from './x.repository'

/** The configuration plus what tests and the demo tune: time, randomness, back-off, cap window, loop period. */
export interface XOptions extends XConfig {
  now?: () => Date
  random?: () => number
  backoff?: Backoff
  capWindowMs?: number
  tickMs?: number
}

export const X_DEFAULTS: XConfig = {
  bearerToken: null,
  apiBaseUrl: null,
  pricePerPostUsd: 0.005,
  pricePerUserUsd: 0.01,
  requestTimeoutMs: 10_000,
  pollIntervalMs: null,
}

/** The outbound port for the health of the source: the control room's screen, not the sequenced stream. */
export interface XStatusPublisher {
  publish(eventId: number, status: XStatus): void
}

export class XService {
  private readonly repository: XRepository
  private readonly intake: XIntake
  private readonly api: XApi | null
  private readonly now: () => Date
  private readonly prices: XPrices
  private readonly lastPushed = new Map<number, string>()

  constructor(
    private readonly db: Db,
    private readonly broadcaster: Broadcaster,
    private readonly statusPublisher: XStatusPublisher,
    private readonly options: XOptions,
    warnings: WarningsService,
  ) {
    this.now = options.now ?? (() => new Date())
    this.prices = { pricePerPostUsd: options.pricePerPostUsd, pricePerUserUsd: options.pricePerUserUsd }
    this.repository = new XRepository(db)
    this.intake = new XIntake(db, { now: this.now, capWindowMs: options.capWindowMs ?? 60_000, warnings })
    this.api = options.bearerToken
      ? createXApi({ bearerToken: options.bearerToken, apiBaseUrl: options.apiBaseUrl, requestTimeoutMs: options.requestTimeoutMs })
      : null
  }

  createPoller(log: FastifyBaseLogger): XPoller {
    const intervalMs = this.options.pollIntervalMs
    return new XPoller(
      {
        db: this.db,
        repository: this.repository,
        intake: this.intake,
        api: this.api,
        broadcaster: this.broadcaster,
        publishStatus: (eventId) => this.publishStatus(eventId),
      },
      log,
      {
        now: this.now,
        random: this.options.random ?? Math.random,
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        tickMs: this.options.tickMs ?? (intervalMs ? Math.min(1000, Math.max(50, Math.round(intervalMs / 5))) : 1000),
        intervalMs,
        prices: this.prices,
      },
    )
  }

  async status(event: EventRow, access: Access): Promise<XStatus> {
    requireRole(access, 'moderator')
    return this.statusOf(await this.repository.ensure(event))
  }

  async update(event: EventRow, access: Access, input: XSettingsInput): Promise<XStatus> {
    requireRole(access, 'moderator')
    const row = await this.repository.ensure(event)
    const values: Partial<XSourceRow> = { updatedAt: this.now() }
    if (input.query !== undefined) {
      const query = cleanText(input.query, { max: 512 })
      if (query === '') throw new AppError('invalid_input', { field: 'query' })
      // A new query invalidates the pagination in progress and the claim on it: the next poll starts clean, at once.
      if (query !== row.query) Object.assign(values, { query, nextToken: null, pendingNewestId: null, lastPollAt: null })
    }
    if (input.intervalSeconds !== undefined) values.intervalSeconds = input.intervalSeconds
    if (input.enabled !== undefined) values.enabled = input.enabled
    if (input.monthlyBudgetUsd !== undefined) values.monthlyBudgetUsd = input.monthlyBudgetUsd
    if (input.capPerMinute !== undefined) values.capPerMinute = input.capPerMinute
    // As the moderator typed them (that is how the panel shows them); one entry per account, whatever the case.
    if (input.trustedHandles) values.trustedHandles = uniqueHandles(input.trustedHandles)
    if (input.blockedHandles) values.blockedHandles = uniqueHandles(input.blockedHandles)
    if (input.blockedKeywords) values.blockedKeywords = unique(input.blockedKeywords.map(normaliseKeyword))
    const status = await this.statusOf(await this.repository.update(event.id, values))
    this.push(event.id, status)
    return status
  }

  /**
   * The moderator's « resume » after X's monthly usage cap stopped polling (the cap was raised, or the plan
   * changed): the source is due at once. If X still refuses, it stops again after that one request.
   */
  async resume(event: EventRow, access: Access): Promise<XStatus> {
    requireRole(access, 'moderator')
    await this.repository.ensure(event)
    // lastPollAt null makes the source due now; a poller still holding an older claim then writes nothing.
    const row = await this.repository.update(event.id, { usageCappedUntil: null, lastPollAt: null, updatedAt: this.now() })
    const status = await this.statusOf(row)
    this.push(event.id, status)
    return status
  }

  /** A post by URL through the API, or typed by hand; the same post twice is the same item (created: false). */
  async import(event: EventRow, access: Access, input: XImportInput): Promise<{ item: ItemView; created: boolean }> {
    requireRole(access, 'moderator')
    const source = await this.repository.ensure(event)
    const result = 'text' in input ? await this.importTyped(event, input) : await this.importFetched(event, source, input.url)
    if (result.created) await this.publishStatus(event.id)
    return result
  }

  private async importFetched(event: EventRow, source: XSourceRow, url: string): Promise<{ item: ItemView; created: boolean }> {
    const target = parsePostUrl(url)
    if (!target) throw new AppError('x_bad_url')
    const existing = await this.repository.findByPostId(event.id, target.postId)
    if (existing) return { item: toItemView(existing), created: false }
    if (!this.api) throw new AppError('x_not_configured')
    if (budgetReached(source, this.now(), this.prices)) throw new AppError('x_budget_reached')
    let page
    try {
      page = await this.api.post(target.postId)
    } catch (error) {
      throw new AppError('x_unavailable', { detail: classifyFault(error, this.now()).message })
    }
    const post = page?.posts[0]
    if (!page || !post) throw new AppError('x_post_not_found')
    const users = new Map(page.users.map((u) => [u.id, u]))
    const mapped = mapPost(post, users, new Map(page.includedPosts.map((p) => [p.id, p])), { skipRetweets: false })
    if (!mapped) throw new AppError('question_empty')
    const item = xItem(event.id, mapped, { status: 'pending', held: false, flags: [] }, this.now())
    return this.save(event.id, item, { posts: page.posts.length + page.includedPosts.length, users: page.users.length })
  }

  private async importTyped(
    event: EventRow,
    input: { text: string; handle?: string; url?: string },
  ): Promise<{ item: ItemView; created: boolean }> {
    const text = cleanText(input.text, { multiline: true, max: 20000 })
    if (text === '') throw new AppError('question_empty')
    const target = input.url ? parsePostUrl(input.url) : null
    if (input.url && !target && !isWebUrl(input.url)) throw new AppError('x_bad_url')
    const handle = input.handle ? handleOf(input.handle) : (target?.handle ?? null)
    if (target) {
      const existing = await this.repository.findByPostId(event.id, target.postId)
      if (existing) return { item: toItemView(existing), created: false }
    }
    const url = target
      ? `https://x.com/${handle ?? 'i'}/status/${target.postId}`
      : (input.url?.trim() ?? (handle ? `https://x.com/${handle}` : null))
    const now = this.now()
    const item: NewItem = {
      eventId: event.id,
      source: handle ? 'x' : 'manual',
      text,
      xHandle: handle,
      xPostId: target?.postId ?? null,
      url,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
    }
    return this.save(event.id, item, null)
  }

  private async save(eventId: number, item: NewItem, reads: { posts: number; users: number } | null) {
    const { row, created, changes } = await this.intake.saveImported(eventId, item, reads)
    this.broadcaster.publish(eventId, changes)
    return { item: toItemView(row), created }
  }

  private async statusOf(row: XSourceRow): Promise<XStatus> {
    return toXStatus(row, {
      configured: this.api !== null,
      now: this.now(),
      prices: this.prices,
      heldCount: await this.repository.heldCount(row.eventId),
      intervalOverrideMs: this.options.pollIntervalMs,
    })
  }

  /** Every event's source and its state, for the metrics: one query, no held count. */
  async states(): Promise<{ eventId: number; state: XState }[]> {
    const now = this.now()
    return (await this.repository.sources()).map((row) => ({
      eventId: row.eventId,
      state: stateOf(row, this.api !== null, now, this.prices),
    }))
  }

  /** Pushes the status to the control room when it differs from the last one pushed from this process. */
  async publishStatus(eventId: number): Promise<void> {
    const row = await this.repository.find(eventId)
    if (row) this.push(eventId, await this.statusOf(row))
  }

  private push(eventId: number, status: XStatus): void {
    const json = JSON.stringify(status)
    if (this.lastPushed.get(eventId) === json) return
    this.lastPushed.set(eventId, json)
    this.statusPublisher.publish(eventId, status)
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))]
}

function isWebUrl(raw: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(raw.trim()).protocol)
  } catch {
    return false
  }
}
