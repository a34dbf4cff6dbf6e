// Tribune wired to a fake X server, with a clock both share: deterministic polls, pauses and cap windows.
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/connect'
import { items, xSources } from '../../db/schema'
import type { ItemView } from '../../server/contract/schemas'
import type { XStatus } from '../../server/contract/x'
import type { XOptions } from '../../server/x/x.service'
import { FAKE_X_TOKEN, type FakeX, type FakeXOptions, startFakeX } from '../fake-x/fake-x.server'
import { createEvent, startTestApp, type TestApp } from './app'

/** Time that moves only when a test says: the fake X and the poller read the same one. */
export class ManualClock {
  constructor(public ms = Date.parse('2020-05-19T13:00:00Z')) {}
  readonly now = () => new Date(this.ms)
  readonly epochMs = () => this.ms
  advance(ms: number): void {
    this.ms += ms
  }
}

export interface XWorld {
  app: TestApp
  fake: FakeX
  clock: ManualClock
  close(): Promise<void>
}

export const TEST_BACKOFF = { baseMs: 1_000, maxMs: 8_000 }

/** A listening Tribune and a fake X on one manual clock; the poller runs only when a test calls cycle(). */
export async function startXWorld(options: { fake?: FakeXOptions; x?: Partial<XOptions>; database?: Database } = {}): Promise<XWorld> {
  const clock = new ManualClock()
  const fake = await startFakeX({ now: clock.epochMs, ...options.fake })
  const app = await startTestApp({
    listen: true,
    database: options.database,
    x: {
      bearerToken: FAKE_X_TOKEN,
      apiBaseUrl: fake.url,
      pricePerPostUsd: 0.005,
      pricePerUserUsd: 0.01,
      // The one real-time limit left (the HTTP client's own timer): generous, so that only the `slow` fault, which
      // never answers, reaches it, and a loaded machine that stalls the event loop for a moment does not.
      requestTimeoutMs: 5_000,
      pollIntervalMs: null,
      backoff: TEST_BACKOFF,
      now: clock.now,
      ...options.x,
    },
  })
  return { app, fake, clock, close: async () => (await app.close(), await fake.close()) }
}

export interface XEvent {
  slug: string
  eventId: number
  moderatorToken: string
  moderator: { authorization: string }
}

/** An event whose X query is `query` (a hashtag per test keeps tests on one fake apart). */
export async function createXEvent(app: TestApp, query: string): Promise<XEvent> {
  const event = await createEvent(app, { settings: { xQuery: query } })
  const row = await app.services.events.find(event.slug)
  const created = {
    slug: event.slug,
    eventId: row.id,
    moderatorToken: event.moderatorToken,
    moderator: { authorization: `Bearer ${event.moderatorToken}` },
  }
  // The first look at the X panel creates the source, as the poll loop's tick would.
  await xStatus(app, created)
  return created
}

export async function xStatus(app: TestApp, event: XEvent): Promise<XStatus> {
  const response = await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/x`, headers: event.moderator })
  if (response.statusCode !== 200) throw new Error(`x status: ${response.statusCode} ${response.body}`)
  return response.json()
}

export async function patchX(app: TestApp, event: XEvent, body: Record<string, unknown>): Promise<XStatus> {
  const response = await app.app.inject({ method: 'PATCH', url: `/api/events/${event.slug}/x`, headers: event.moderator, payload: body })
  if (response.statusCode !== 200) throw new Error(`x patch: ${response.statusCode} ${response.body}`)
  return response.json()
}

/** The event's X items as moderators see them, oldest post first. */
export async function xItems(app: TestApp, event: XEvent): Promise<ItemView[]> {
  const response = await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/questions`, headers: event.moderator })
  const all = response.json() as ItemView[]
  return all
    .filter((i) => i.source === 'x')
    .sort((a, b) => (a.postedAt ?? '').localeCompare(b.postedAt ?? '') || (a.url ?? '').localeCompare(b.url ?? ''))
}

export async function sourceRow(app: TestApp, event: XEvent) {
  const [row] = await app.database.db.select().from(xSources).where(eq(xSources.eventId, event.eventId))
  return row!
}

export async function postIdsInQueue(app: TestApp, event: XEvent): Promise<string[]> {
  const rows = await app.database.db.select({ id: items.xPostId }).from(items).where(eq(items.eventId, event.eventId))
  return rows.map((r) => r.id!).sort()
}

/** Posts for one test's hashtag: a context post outside the query, quotes, a reply, a long post, a repost, English. Returns the ids that belong in the queue. */
export function scriptPosts(fake: FakeX, tag: string, count: number): string[] {
  const [context] = fake.add({ text: 'Les collectivités ont maintenu leurs partenariats malgré le confinement.', handle: 'contexte_ville' })
  const expected: string[] = []
  for (let i = 1; i <= count; i += 1) {
    const handle = `ville_${i % 4}`
    const input =
      i % 7 === 3
        ? { text: `Question ${i} ${tag} : ${'comment garder le lien avec nos partenaires à distance ? '.repeat(6)}`, handle }
        : i % 5 === 2
          ? { text: `Question ${i} ${tag} en réponse`, handle, repliesTo: context!.id }
          : i % 6 === 4
            ? { text: `Question ${i} ${tag} citant`, handle, quotes: context!.id }
            : { text: `Question ${i} ${tag}`, handle, lang: i % 3 === 0 ? 'en' : 'fr' }
    expected.push(fake.add(input)[0]!.id)
  }
  fake.add({ text: '', handle: 'relais', retweets: expected[0]! })
  return expected.sort()
}

/**
 * Runs poll cycles as time passes: past each pause (back-off, rate-limit reset) and each interval,
 * until the pagination is finished and a further cycle brings nothing new.
 */
export async function pollUntilSettled(world: XWorld, event: XEvent, maxCycles = 40): Promise<number> {
  for (let cycle = 1; cycle <= maxCycles; cycle += 1) {
    const served = world.fake.searches().length
    const before = (await postIdsInQueue(world.app, event)).length
    await world.app.x.poller.cycle(event.eventId)
    const row = await sourceRow(world.app, event)
    const pausedFor = row.pausedUntil ? row.pausedUntil.getTime() - world.clock.ms : 0
    world.clock.advance(Math.max(pausedFor, 0) + row.intervalSeconds * 1000 + 1)
    const quiet = world.fake.searches().length > served && world.fake.searches().at(-1)!.status === 200
    const nothingNew = (await postIdsInQueue(world.app, event)).length === before
    if (quiet && nothingNew && !row.nextToken && !row.pausedUntil && row.consecutiveFailures === 0) return cycle
  }
  throw new Error(`not settled after ${maxCycles} cycles`)
}
