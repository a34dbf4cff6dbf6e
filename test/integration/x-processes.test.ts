// Real server processes polling the fake X: kill -9 in the middle of a pagination, and two servers on one PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { openDatabase } from '../../db/connect'
import { X_DEFAULTS } from '../../server/x/x.service'
import { type FakePostInput, type FakeX, startFakeX } from '../fake-x/fake-x.server'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { expectedDatabaseKind } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { type ServerProcess, STORE_KINDS, freePort, freshStore, linkFrom, startServer } from '../helpers/process'

const running: ServerProcess[] = []
const fakes: FakeX[] = []
const cleanups: (() => void)[] = []
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL')
  for (const fake of fakes) await fake.close()
  for (const cleanup of cleanups) cleanup()
})

const SLUG = 'daect-2020-05-19'
let batch = 0
/** Posts for the default event's query (#CNCD -is:retweet). */
function cncdPosts(count: number): FakePostInput[] {
  batch += 1
  return Array.from({ length: count }, (_, i) => ({ text: `Lot ${batch}, question ${i + 1} #CNCD`, handle: `commune_${batch}_${i % 5}` }))
}

async function xQueue(base: string, moderatorToken: string): Promise<string[]> {
  const response = await fetch(`${base}/api/events/${SLUG}/questions`, { headers: { authorization: `Bearer ${moderatorToken}` } })
  const items = (await response.json()) as ItemView[]
  return items
    .filter((i) => i.source === 'x')
    .map((i) => i.url!.split('/').at(-1)!)
    .sort()
}

function xEnv(fake: FakeX, token: string, intervalMs: number): NodeJS.ProcessEnv {
  return { X_BEARER_TOKEN: token, X_API_BASE_URL: fake.url, X_POLL_INTERVAL_MS: String(intervalMs), X_REQUEST_TIMEOUT_MS: '5000' }
}

// The run's own store only (PGlite, or PostgreSQL with DATABASE_URL): CI runs both, and server starts are the slow part.
const RUN_STORE = STORE_KINDS.filter((kind) => kind === expectedDatabaseKind())

describe.each(RUN_STORE)('X polling across a kill -9 on %s', (kind) => {
  it('resumes the pagination from its stored next_token: every post once, none fetched twice', async () => {
    const fake = await startFakeX({ pageSize: 10, tokens: ['token-restart'] })
    fakes.push(fake)
    const ids = fake
      .add(...cncdPosts(35))
      .map((p) => p.id)
      .sort()
    const store = await freshStore(kind, 'xkill')
    cleanups.push(store.cleanup)
    const port = await freePort()
    const env = { ...store.env, PORT: String(port), ...xEnv(fake, 'token-restart', 300) }
    const base = `http://127.0.0.1:${port}`

    // The second page is held: the first is committed, the second is in flight when the process dies.
    const held = fake.holdNextPage()
    const first = await startServer(env)
    running.push(first)
    const moderatorToken = new URL(linkFrom(first.output, 'Moderator')).hash.slice('#token='.length)
    await held.reached
    expect(await xQueue(base, moderatorToken)).toHaveLength(10)
    first.child.kill('SIGKILL')
    await first.stop()
    held.release()
    const inFlight = fake.searches().at(-1)!
    expect(inFlight.params.next_token).toBeTruthy()

    const second = await startServer(env)
    running.push(second)
    await eventually(async () => expect(await xQueue(base, moderatorToken)).toEqual(ids), { timeout: 20_000, interval: 200 })
    const resumed = fake.searches().filter((s) => s.at > inFlight.at)
    expect(resumed[0]!.params.next_token).toBe(inFlight.params.next_token)
    expect(fake.searches().filter((s) => !s.params.next_token && !s.params.since_id)).toHaveLength(1)

    const more = fake.add(...cncdPosts(3)).map((p) => p.id)
    await eventually(async () => expect(await xQueue(base, moderatorToken)).toEqual([...ids, ...more].sort()), {
      timeout: 20_000,
      interval: 200,
    })
    expect(await second.stop()).toBe(0)
  }, 120_000)
})

/** Pagination starts by two pollers: never two within an interval, and a change of poller only after one. */
function expectOnePollerAtATime(fake: FakeX, intervalMs: number): void {
  const starts = fake.searches().filter((s) => !s.params.next_token)
  for (let i = 1; i < starts.length; i += 1) {
    const gap = starts[i]!.at - starts[i - 1]!.at
    // Measured where requests arrive, so scheduling delays on a loaded machine blur it; two pollers at once would be ~0.
    expect(gap).toBeGreaterThanOrEqual(intervalMs * 0.5)
    if (starts[i]!.token !== starts[i - 1]!.token) expect(gap).toBeGreaterThanOrEqual(intervalMs)
  }
}

/** Which poller (by its token) polled last, and when. */
function lastPoll(fake: FakeX): { token: 'token-a' | 'token-b'; at: number } {
  const last = fake.searches().at(-1)!
  return { token: last.token as 'token-a' | 'token-b', at: last.at }
}

/**
 * Two pollers sharing one database, told apart by their X tokens: one polls at a time, and when the one
 * polling dies the other takes over. Due one interval after the last poll, taken over at 1.5; the margin is
 * for a busy machine.
 */
async function failover(
  fake: FakeX,
  intervalMs: number,
  pair: { queue(): Promise<string[]>; die(token: string): Promise<void> },
): Promise<void> {
  const ids = fake.add(...cncdPosts(25)).map((p) => p.id)
  await eventually(async () => expect(await pair.queue()).toEqual([...ids].sort()), { timeout: 20_000, interval: 100 })
  await eventually(() => expect(fake.searches().filter((s) => !s.params.next_token).length).toBeGreaterThanOrEqual(3), {
    timeout: 20_000,
    interval: 100,
  })
  expectOnePollerAtATime(fake, intervalMs)

  const dead = lastPoll(fake)
  await pair.die(dead.token)
  const more = fake.add(...cncdPosts(4)).map((p) => p.id)
  await eventually(async () => expect(await pair.queue()).toEqual([...ids, ...more].sort()), { timeout: 20_000, interval: 100 })
  const takeover = fake.searches().find((s) => s.token !== dead.token && s.at > dead.at)!
  expect(takeover.at - dead.at).toBeLessThanOrEqual(2 * intervalMs + 500)
  expectOnePollerAtATime(fake, intervalMs)
}

describe.each(RUN_STORE)('one X poller per event, two servers on one %s database', (kind) => {
  if (kind === 'postgres') {
    it('two server processes: one polls at a time, the other takes over within an interval of a kill -9', async () => {
      const intervalMs = 1000
      const fake = await startFakeX({ pageSize: 10, tokens: ['token-a', 'token-b'] })
      fakes.push(fake)
      const store = await freshStore(kind, 'xpair')
      cleanups.push(store.cleanup)
      const ports = { 'token-a': await freePort(), 'token-b': await freePort() }
      const servers: Record<string, ServerProcess> = {}
      for (const token of ['token-a', 'token-b'] as const)
        servers[token] = await startServer({ ...store.env, PORT: String(ports[token]), ...xEnv(fake, token, intervalMs) })
      running.push(...Object.values(servers))
      const moderatorToken = new URL(linkFrom(servers['token-a']!.output, 'Moderator')).hash.slice('#token='.length)
      let alive: 'token-a' | 'token-b' = 'token-b'
      await failover(fake, intervalMs, {
        queue: () => xQueue(`http://127.0.0.1:${ports[alive]}`, moderatorToken),
        die: async (token) => {
          alive = token === 'token-a' ? 'token-b' : 'token-a'
          servers[token]!.child.kill('SIGKILL')
          await servers[token]!.stop()
        },
      })
      expect(await servers[alive]!.stop()).toBe(0)
    }, 120_000)
  } else {
    it('two app instances on one PGlite (two processes need PostgreSQL; PGlite is one process): one polls at a time, the other takes over when it stops', async () => {
      const intervalMs = 300
      const fake = await startFakeX({ pageSize: 10, tokens: ['token-a', 'token-b'] })
      fakes.push(fake)
      const database = await openDatabase({ kind: 'pglite', dataDir: null })
      const x = (token: string) => ({
        ...X_DEFAULTS,
        bearerToken: token,
        apiBaseUrl: fake.url,
        requestTimeoutMs: 2000,
        pollIntervalMs: intervalMs,
      })
      const apps: Record<string, TestApp> = {
        'token-a': await startTestApp({ database, x: x('token-a') }),
        'token-b': await startTestApp({ database, x: x('token-b') }),
      }
      try {
        const event = await createEvent(apps['token-a']!, { settings: { xQuery: '#CNCD -is:retweet' } })
        for (const app of Object.values(apps)) app.x.startPolling()
        await failover(fake, intervalMs, {
          queue: async () => {
            const response = await apps['token-a']!.app.inject({
              url: `/api/events/${event.slug}/questions`,
              headers: { authorization: `Bearer ${event.moderatorToken}` },
            })
            return (response.json() as ItemView[])
              .filter((i) => i.source === 'x')
              .map((i) => i.url!.split('/').at(-1)!)
              .sort()
          },
          die: (token) => apps[token]!.x.poller.stop(),
        })
      } finally {
        for (const app of Object.values(apps)) await app.close()
        await database.close()
      }
    }, 60_000)
  }
})
