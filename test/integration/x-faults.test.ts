// Every fault X can throw at the poller, alone and in a row: each ends with exactly the scripted posts, once each.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { xSources } from '../../db/schema'
import type { FakeFault } from '../fake-x/fake-x.server'
import { eventually } from '../helpers/eventually'
import {
  createXEvent,
  patchX,
  pollUntilSettled,
  postIdsInQueue,
  scriptPosts,
  sourceRow,
  startXWorld,
  TEST_BACKOFF,
  xStatus,
  type XWorld,
} from '../helpers/x'

let world: XWorld
beforeAll(async () => {
  world = await startXWorld({ fake: { pageSize: 10 } })
})
afterAll(() => world.close())

let tags = 0
/** A fresh event with its own hashtag and 25 posts: three pages of 10. */
async function scripted() {
  tags += 1
  const tag = `#cncdfault${tags}`
  const event = await createXEvent(world.app, `${tag} -is:retweet`)
  await patchX(world.app, event, { capPerMinute: 1000 })
  return { event, expected: scriptPosts(world.fake, tag, 25) }
}

const FAULTS: [string, FakeFault, { state: string; error: RegExp; failures: number }][] = [
  [
    '429 with a reset',
    { kind: 'rate_limit', resetInSeconds: 30 },
    { state: 'rate_limited', error: /^rate_limited: HTTP 429/, failures: 0 },
  ],
  ['500', { kind: 'status', status: 500 }, { state: 'backing_off', error: /^http_500: HTTP 500/, failures: 1 }],
  ['503', { kind: 'status', status: 503 }, { state: 'backing_off', error: /^http_503: HTTP 503/, failures: 1 }],
  ['a response slower than the timeout', { kind: 'slow' }, { state: 'backing_off', error: /^timeout: /, failures: 1 }],
  ['truncated JSON', { kind: 'truncated' }, { state: 'backing_off', error: /^malformed: /, failures: 1 }],
  ['a body without the documented shape', { kind: 'malformed' }, { state: 'backing_off', error: /^malformed: /, failures: 1 }],
]

describe('X faults', () => {
  it.each(FAULTS)(
    '%s in the middle of a pagination: waits, keeps the cursor, resumes, loses and repeats nothing',
    async (_name, fault, expected) => {
      const { app, fake, clock } = world
      const { event, expected: ids } = await scripted()
      const before = fake.searches().length
      fake.fail(null, fault)
      await app.x.poller.cycle(event.eventId)

      const status = await xStatus(app, event)
      expect(status).toMatchObject({
        state: expected.state,
        consecutiveFailures: expected.failures,
        lastErrorAt: clock.now().toISOString(),
      })
      expect(status.lastError).toMatch(expected.error)
      const waitMs = Date.parse(status.pausedUntil!) - clock.ms
      // X's reset is in whole seconds.
      if (fault.kind === 'rate_limit') {
        expect(waitMs).toBeGreaterThan(29_000)
        expect(waitMs).toBeLessThanOrEqual(30_000)
      } else {
        expect(waitMs).toBeGreaterThanOrEqual(TEST_BACKOFF.baseMs / 2)
        expect(waitMs).toBeLessThanOrEqual(TEST_BACKOFF.baseMs)
      }
      const row = await sourceRow(app, event)
      const failed = fake.searches()[before + 1]!
      expect(row.nextToken).toBe(failed.params.next_token)
      expect((await postIdsInQueue(app, event)).length).toBe(10)

      // Paused: no request before the pause ends, whatever the interval says.
      clock.advance(500)
      await app.x.poller.cycle(event.eventId)
      expect(fake.searches().length).toBe(before + 2)
      await pollUntilSettled(world, event)
      expect(fake.searches()[before + 2]!.params.next_token).toBe(failed.params.next_token)
      expect(await postIdsInQueue(app, event)).toEqual(ids)
      expect(await xStatus(app, event)).toMatchObject({
        state: 'polling',
        consecutiveFailures: 0,
        pausedUntil: null,
        lastError: expect.stringMatching(expected.error),
      })
    },
  )

  it('backs off longer after each failure, capped, and counts what X served even with repeats across pages', async () => {
    const { app, fake, clock } = world
    const { event, expected } = await scripted()
    const servedBefore = { ...fake.served }
    const metered = (await xStatus(app, event)).meter
    fake.fail(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
    )
    const waits: number[] = []
    for (let failures = 1; failures <= 5; failures += 1) {
      await app.x.poller.cycle(event.eventId)
      const status = await xStatus(app, event)
      expect(status.consecutiveFailures).toBe(failures)
      waits.push(Date.parse(status.pausedUntil!) - clock.ms)
      // The next try waits for the pause and for the interval: never more often than the interval.
      clock.ms = Date.parse(status.pausedUntil!) + 15_000
    }
    const caps = [1_000, 2_000, 4_000, 8_000, 8_000]
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(caps[i]! / 2)
      expect(wait).toBeLessThanOrEqual(caps[i]!)
    })

    fake.duplicateAcrossPages = true
    try {
      await pollUntilSettled(world, event)
    } finally {
      fake.duplicateAcrossPages = false
    }
    expect(await postIdsInQueue(app, event)).toEqual(expected)
    const meter = (await xStatus(app, event)).meter
    expect(meter.postsRead - metered.postsRead).toBe(fake.served.posts - servedBefore.posts)
    expect(meter.usersRead - metered.usersRead).toBe(fake.served.users - servedBefore.users)
    expect(fake.served.posts - servedBefore.posts).toBeGreaterThan(25)
  })

  it('every fault in a row, on first and later pages: still exactly the scripted posts, once each', async () => {
    const { app, fake } = world
    const { event, expected } = await scripted()
    fake.duplicateAcrossPages = true
    fake.fail(
      { kind: 'rate_limit', resetInSeconds: 5 },
      { kind: 'status', status: 500 },
      null,
      { kind: 'slow' },
      { kind: 'truncated' },
      null,
      { kind: 'status', status: 503 },
      { kind: 'malformed' },
    )
    try {
      await pollUntilSettled(world, event)
    } finally {
      fake.duplicateAcrossPages = false
    }
    expect(await postIdsInQueue(app, event)).toEqual(expected)
    expect(await xStatus(app, event)).toMatchObject({ state: 'polling', consecutiveFailures: 0 })
  })

  it('stops a pagination when the rate limit runs out (done === false) and resumes from its next_token after the reset', async () => {
    const { app, fake, clock } = world
    const { event, expected } = await scripted()
    const before = fake.searches().length
    // Two requests in this window: two pages of 10, then X's reset (every request of earlier tests was counted when it arrived).
    fake.setRateLimit(2, 60)
    try {
      await app.x.poller.cycle(event.eventId)
      const row = await sourceRow(app, event)
      expect(fake.searches().length).toBe(before + 2)
      expect(row.nextToken).not.toBeNull()
      expect(row.pendingNewestId).toBe(expected.at(-1))
      expect(await postIdsInQueue(app, event)).toEqual(expected.slice(-20))
      expect(await xStatus(app, event)).toMatchObject({ state: 'rate_limited', consecutiveFailures: 0, lastError: null })
      // The fake's window and the poller share the manual clock: the reset is exactly a minute after the window opened.
      expect(row.pausedUntil).toEqual(new Date(Math.floor(fake.searches()[before]!.at / 1000) * 1000 + 60_000))
      clock.advance(30_000)
      await app.x.poller.cycle(event.eventId)
      expect(fake.searches().length).toBe(before + 2)

      clock.ms = row.pausedUntil!.getTime()
      await app.x.poller.cycle(event.eventId)
      expect(fake.searches().length).toBe(before + 3)
      expect(fake.searches().at(-1)!.params.next_token).toBe(row.nextToken)
      expect(await postIdsInQueue(app, event)).toEqual(expected)
      expect(await sourceRow(app, event)).toMatchObject({ sinceId: expected.at(-1), nextToken: null, pendingNewestId: null })
    } finally {
      fake.setRateLimit(450, 900)
    }
  })

  it('starts again from since_id when X refuses the stored next_token', async () => {
    const { app } = world
    const { event, expected } = await scripted()
    await app.database.db
      .update(xSources)
      .set({ nextToken: 'expired-token', pendingNewestId: '1' })
      .where(eq(xSources.eventId, event.eventId))
    await app.x.poller.cycle(event.eventId)
    expect(await sourceRow(app, event)).toMatchObject({ nextToken: null, pendingNewestId: null, consecutiveFailures: 1 })
    expect((await xStatus(app, event)).lastError).toMatch(/^http_400/)
    await pollUntilSettled(world, event)
    expect(await postIdsInQueue(app, event)).toEqual(expected)
  })
})

describe('the poll loop, running on its own', () => {
  let live: XWorld
  beforeAll(async () => {
    // The loop's own timer runs; what it decides (due, paused, backed off) reads the manual clock the fake X shares.
    live = await startXWorld({
      fake: { pageSize: 10 },
      x: { pollIntervalMs: 1_000, tickMs: 20, backoff: { baseMs: 500, maxMs: 2_000 } },
    })
  })
  afterAll(() => live.close())

  it('keeps running through every fault and brings in exactly the scripted posts', { timeout: 180_000 }, async () => {
    const event = await createXEvent(live.app, '#cncdlive')
    await patchX(live.app, event, { capPerMinute: 1000 })
    const expected = scriptPosts(live.fake, '#cncdlive', 25)
    live.fake.fail(
      { kind: 'status', status: 503 },
      null,
      { kind: 'slow' },
      { kind: 'rate_limit', resetInSeconds: 1 },
      { kind: 'truncated' },
      { kind: 'malformed' },
      { kind: 'status', status: 500 },
    )
    live.app.x.startPolling()
    // Time moves only as the test says: 250 ms of the manual clock per look, past every pause and interval.
    const step = () => live.clock.advance(250)
    await eventually(async () => (step(), expect(await postIdsInQueue(live.app, event)).toEqual(expected)), {
      timeout: 60_000,
      interval: 25,
    })
    const more = live.fake.add({ text: 'Dernière question #cncdlive', handle: 'ville_z' })[0]!
    await eventually(async () => (step(), expect(await postIdsInQueue(live.app, event)).toEqual([...expected, more.id].sort())), {
      timeout: 60_000,
      interval: 25,
    })
    await eventually(
      async () => (step(), expect(await xStatus(live.app, event)).toMatchObject({ state: 'polling', consecutiveFailures: 0 })),
      {
        timeout: 60_000,
      },
    )
  })
})
