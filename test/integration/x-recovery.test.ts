// The X source recovers by itself: a position older than X's 7-day window, and X's monthly usage cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createXEvent,
  patchX,
  pollUntilSettled,
  postIdsInQueue,
  sourceRow,
  startXWorld,
  xStatus,
  type XEvent,
  type XWorld,
} from '../helpers/x'

const DAY = 24 * 3600_000
const WINDOW = 7 * DAY
const MARGIN = 10 * 60_000

let world: XWorld
beforeAll(async () => {
  world = await startXWorld({ fake: { pageSize: 10 } })
})
afterAll(() => world.close())

let tags = 0
async function xEvent(): Promise<{ event: XEvent; tag: string }> {
  tags += 1
  const tag = `#cncdrecover${tags}`
  const event = await createXEvent(world.app, `${tag} -is:retweet`)
  await patchX(world.app, event, { capPerMinute: 1000 })
  return { event, tag }
}

function post(tag: string, text: string, handle = 'ville_exemple'): string {
  return world.fake.add({ text: `${text} ${tag}`, handle })[0]!.id
}

const resume = (event: XEvent, headers: Record<string, string> = event.moderator) =>
  world.app.app.inject({ method: 'POST', url: `/api/events/${event.slug}/x/resume`, headers })

describe('a position older than X’s 7-day window', () => {
  it('drops the since_id X refuses and restarts from a start_time inside the window, at once, shown in the panel', async () => {
    const { app, fake, clock } = world
    const { event, tag } = await xEvent()
    const before = [post(tag, 'Avant la pause 1'), post(tag, 'Avant la pause 2')]
    await pollUntilSettled(world, event)
    const sinceId = (await sourceRow(app, event)).sinceId
    expect(sinceId).toBe(before[1])

    // The server stops for eight days: posts keep coming, some of them now out of X's reach.
    clock.advance(DAY / 2)
    post(tag, 'Trop ancienne pour X')
    clock.advance(DAY)
    const inWindow = Array.from({ length: 12 }, (_, i) => post(tag, `Dans la fenêtre ${i + 1}`))
    clock.advance(6 * DAY + DAY / 2)
    const recent = post(tag, 'Toute récente')
    const searches = fake.searches().length
    await app.x.poller.cycle(event.eventId)

    // One refusal naming since_id, then the window from X's boundary plus the margin: two pages of it, in the same cycle.
    const [refused, first, second] = fake.searches().slice(searches)
    expect(refused).toMatchObject({ status: 400, params: { since_id: sinceId } })
    const startTime = new Date(Math.ceil((clock.ms - WINDOW) / 60_000) * 60_000 + MARGIN)
    expect(first).toMatchObject({ status: 200, params: { start_time: startTime.toISOString() } })
    expect(first!.params.since_id).toBeUndefined()
    expect(second).toMatchObject({ status: 200, params: { start_time: startTime.toISOString(), next_token: expect.any(String) } })
    expect(fake.searches()).toHaveLength(searches + 3)

    expect(await postIdsInQueue(app, event)).toEqual([...before, ...inWindow, recent].sort())
    expect(await sourceRow(app, event)).toMatchObject({ sinceId: recent, startTime: null, nextToken: null })
    const status = await xStatus(app, event)
    expect(status).toMatchObject({
      state: 'polling',
      consecutiveFailures: 0,
      windowRestart: { at: clock.now().toISOString(), from: startTime.toISOString() },
    })
    expect(status.lastError).toMatch(/^window_expired: HTTP 400 from X: 'since_id' must be a tweet id created after /)

    // From then on, since_id again.
    clock.advance(60_000)
    const later = post(tag, 'Après la reprise')
    await app.x.poller.cycle(event.eventId)
    expect(fake.searches().at(-1)!.params).toMatchObject({ since_id: recent })
    expect(await postIdsInQueue(app, event)).toContain(later)
  })

  it('restarts again when a restart paused past its margin has its start_time refused in turn: nothing lost, nothing twice', async () => {
    const { app, fake, clock } = world
    const { event, tag } = await xEvent()
    const first = post(tag, 'Première')
    await pollUntilSettled(world, event)
    clock.advance(8 * DAY)
    const ids = Array.from({ length: 15 }, (_, i) => post(tag, `Question ${i + 1}`))
    // Two requests in this window: the refusal and the restart's first page; the second page waits for X's reset…
    fake.setRateLimit(2, 30 * 60)
    try {
      await app.x.poller.cycle(event.eventId)
      const paused = await sourceRow(app, event)
      expect(paused.startTime).not.toBeNull()
      expect(paused.nextToken).not.toBeNull()
      expect(await postIdsInQueue(app, event)).toHaveLength(1 + 10)
      // …thirty minutes, longer than the margin: X now refuses the start_time too, and the source restarts from the window.
      fake.setRateLimit(450, 900)
      clock.ms = paused.pausedUntil!.getTime()
      const searches = fake.searches().length
      await pollUntilSettled(world, event)
      const after = fake.searches().slice(searches)
      expect(after[0]).toMatchObject({ status: 400, params: { start_time: paused.startTime!.toISOString(), next_token: paused.nextToken } })
      expect(after[1]!.params.start_time).not.toBe(paused.startTime!.toISOString())
      expect(await postIdsInQueue(app, event)).toEqual([first, ...ids].sort())
      expect((await xStatus(app, event)).lastError).toMatch(/'start_time' must be on or after/)
    } finally {
      fake.setRateLimit(450, 900)
    }
  })
})

describe('X’s monthly usage cap', () => {
  it('shows « plafond mensuel atteint », stops until X’s reset day, not retried meanwhile, then resumes where it stopped', async () => {
    const { app, fake, clock } = world
    // X resets this project's cap on the 25th of each month.
    clock.ms = Date.parse('2020-06-20T09:00:00Z')
    const { event, tag } = await xEvent()
    fake.setUsageCap(15, 25)
    const ids = Array.from({ length: 25 }, (_, i) => post(tag, `Question ${i + 1}`))
    const searches = fake.searches().length
    await app.x.poller.cycle(event.eventId)

    // Two pages read (20 posts: the cap is checked before a request, not within it), then the 429.
    expect(
      fake
        .searches()
        .slice(searches)
        .map((s) => s.status),
    ).toEqual([200, 200, 429])
    expect(await postIdsInQueue(app, event)).toEqual(ids.slice(-20).sort())
    const status = await xStatus(app, event)
    expect(status).toMatchObject({ state: 'usage_capped', usageCappedUntil: '2020-06-25T00:00:00.000Z', consecutiveFailures: 0 })
    expect(status.lastError).toBe('usage_capped: HTTP 429 from X: Usage cap exceeded: Monthly product cap')
    // X's usage endpoint was asked when the cap resets.
    expect(fake.requests.at(-1)).toMatchObject({ kind: 'usage', status: 200 })
    const stopped = await sourceRow(app, event)
    expect(stopped.nextToken).not.toBeNull()

    // Not retried: not after the interval, an hour, a day or four days of polling cycles.
    const requests = fake.requests.length
    for (const wait of [15_000, 3600_000, DAY, 3 * DAY]) {
      clock.advance(wait)
      await app.x.poller.cycle(event.eventId)
    }
    expect(clock.now() < new Date('2020-06-25T00:00:00Z')).toBe(true)
    expect(fake.requests.length).toBe(requests)
    expect(await xStatus(app, event)).toMatchObject({ state: 'usage_capped' })

    // X's reset day: the cap lifts on X's side at the same instant, and the pagination resumes from its next_token.
    clock.ms = Date.parse('2020-06-25T00:00:00Z')
    await app.x.poller.cycle(event.eventId)
    expect(fake.searches().at(-1)).toMatchObject({ status: 200, params: { next_token: stopped.nextToken } })
    expect(await postIdsInQueue(app, event)).toEqual(ids.sort())
    expect(await xStatus(app, event)).toMatchObject({ state: 'polling', usageCappedUntil: null })
  })

  it('resumes at once on a moderator’s resume; if X still refuses, one request and it stops again', async () => {
    const { app, fake, clock } = world
    clock.ms = Date.parse('2020-06-26T09:00:00Z')
    const { event, tag } = await xEvent()
    fake.setUsageCap(0, 25)
    const ids = Array.from({ length: 5 }, (_, i) => post(tag, `Question ${i + 1}`))
    await app.x.poller.cycle(event.eventId)
    expect(await xStatus(app, event)).toMatchObject({ state: 'usage_capped', usageCappedUntil: '2020-07-25T00:00:00.000Z' })

    // Only moderators may resume.
    expect((await resume(event, {})).statusCode).toBe(401)
    const searches = fake.searches().length
    const resumed = await resume(event)
    expect(resumed.statusCode).toBe(200)
    expect(resumed.json()).toMatchObject({ state: 'polling', usageCappedUntil: null })
    await app.x.poller.cycle(event.eventId)
    expect(
      fake
        .searches()
        .slice(searches)
        .map((s) => s.status),
    ).toEqual([429])
    expect(await xStatus(app, event)).toMatchObject({ state: 'usage_capped', usageCappedUntil: '2020-07-25T00:00:00.000Z' })

    // The plan was raised at X: the moderator resumes, and everything comes in.
    fake.setUsageCap(10_000, 25)
    await resume(event)
    await app.x.poller.cycle(event.eventId)
    expect(await postIdsInQueue(app, event)).toEqual(ids.sort())
    expect(await xStatus(app, event)).toMatchObject({ state: 'polling', consecutiveFailures: 0 })
  })
})
