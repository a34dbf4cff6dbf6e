// Real server processes polling the fake X: kill -9 in the middle of a pagination, and two servers on one PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { openDatabase } from '../../db/connect'
import { X_DEFAULTS } from '../../server/x/x.service'
import { type FakePostInput, type FakeX, startFakeX } from '../fake-x/fake-x.server'
import { startTestApp, type TestApp } from '../helpers/app'
import { expectedDatabaseKind } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { type ServerProcess, STORE_KINDS, freePort, freshStore, linkFrom, startServer } from '../helpers/process'
import { createXEvent, ManualClock, patchX, postIdsInQueue } from '../helpers/x'

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
    await eventually(async () => expect(await xQueue(base, moderatorToken)).toEqual(ids), { timeout: 60_000, interval: 200 })
    const resumed = fake.searches().filter((s) => s.at > inFlight.at)
    expect(resumed[0]!.params.next_token).toBe(inFlight.params.next_token)
    expect(fake.searches().filter((s) => !s.params.next_token && !s.params.since_id)).toHaveLength(1)

    const more = fake.add(...cncdPosts(3)).map((p) => p.id)
    await eventually(async () => expect(await xQueue(base, moderatorToken)).toEqual([...ids, ...more].sort()), {
      timeout: 20_000,
      interval: 200,
    })
    expect(await second.stop()).toBe(0)
  }, 300_000)
})

/** A poller's decision to poll, as the server logged it (debug level): the instant it wrote as its claim. */
interface ClaimSeen {
  poller: string
  at: number
}

/** The claims a server process logged for the event: its own clock at each decision, not when requests landed. */
function claimsIn(poller: string, output: string): ClaimSeen[] {
  return (
    output
      .split('\n')
      // A line still being written has no closing brace yet: it is read on the next look.
      .filter((line) => line.includes('"x poll claimed"') && line.trimEnd().endsWith('}'))
      .map((line) => ({ poller, at: (JSON.parse(line) as { claimedAt: number }).claimedAt }))
  )
}

/**
 * One poller at a time: every claim at least an interval after the one before, and a change of poller only after
 * 1.5 intervals. The instants are the pollers' own decisions, so these bounds hold on any machine, under any load.
 */
function expectOnePollerAtATime(claims: ClaimSeen[], intervalMs: number): void {
  const ordered = [...claims].sort((a, b) => a.at - b.at)
  for (let i = 1; i < ordered.length; i += 1) {
    const gap = ordered[i]!.at - ordered[i - 1]!.at
    expect(gap).toBeGreaterThanOrEqual(ordered[i]!.poller === ordered[i - 1]!.poller ? intervalMs : intervalMs * 1.5)
  }
}

describe.each(RUN_STORE)('one X poller per event, two servers on one %s database', (kind) => {
  if (kind === 'postgres') {
    it('two server processes: one polls at a time, the other takes over after a kill -9', async () => {
      const intervalMs = 1000
      const fake = await startFakeX({ pageSize: 10, tokens: ['token-a', 'token-b'] })
      fakes.push(fake)
      const store = await freshStore(kind, 'xpair')
      cleanups.push(store.cleanup)
      const ports = { 'token-a': await freePort(), 'token-b': await freePort() }
      const servers: Record<string, ServerProcess> = {}
      for (const token of ['token-a', 'token-b'] as const)
        servers[token] = await startServer({
          ...store.env,
          LOG_LEVEL: 'debug',
          PORT: String(ports[token]),
          ...xEnv(fake, token, intervalMs),
        })
      running.push(...Object.values(servers))
      const moderatorToken = new URL(linkFrom(servers['token-a']!.output, 'Moderator')).hash.slice('#token='.length)
      const claims = () => Object.entries(servers).flatMap(([token, server]) => claimsIn(token, server.output))
      const queue = (token: string) => xQueue(`http://127.0.0.1:${ports[token as 'token-a']}`, moderatorToken)

      const ids = fake.add(...cncdPosts(25)).map((p) => p.id)
      await eventually(async () => expect(await queue('token-a')).toEqual([...ids].sort()), { timeout: 60_000, interval: 100 })
      await eventually(() => expect(claims().length).toBeGreaterThanOrEqual(3), { timeout: 60_000, interval: 100 })
      expectOnePollerAtATime(claims(), intervalMs)

      // The one that polled last dies; the other takes over.
      const dead = [...claims()].sort((a, b) => a.at - b.at).at(-1)!.poller
      const alive = dead === 'token-a' ? 'token-b' : 'token-a'
      servers[dead]!.child.kill('SIGKILL')
      await servers[dead]!.stop()
      const more = fake.add(...cncdPosts(4)).map((p) => p.id)
      await eventually(async () => expect(await queue(alive)).toEqual([...ids, ...more].sort()), { timeout: 60_000, interval: 100 })
      expect(
        claimsIn(alive, servers[alive]!.output).some((c) => c.at > Math.max(...claimsIn(dead, servers[dead]!.output).map((d) => d.at))),
      ).toBe(true)
      expectOnePollerAtATime(claims(), intervalMs)
      expect(await servers[alive]!.stop()).toBe(0)
    }, 300_000)
  } else {
    it('two app instances on one PGlite (two processes need PostgreSQL; PGlite is one process), on one manual clock: one polls at a time, the other takes over exactly 1.5 intervals after the last poll', async () => {
      const intervalMs = 300
      // Both instances look at the event every STEP of the manual clock, as two processes' poll loops would.
      const STEP = 75
      const clock = new ManualClock()
      const fake = await startFakeX({ pageSize: 10, tokens: ['token-a', 'token-b'], now: clock.epochMs })
      fakes.push(fake)
      const database = await openDatabase({ kind: 'pglite', dataDir: null })
      const x = (token: string) => ({
        ...X_DEFAULTS,
        bearerToken: token,
        apiBaseUrl: fake.url,
        requestTimeoutMs: 5000,
        pollIntervalMs: intervalMs,
        now: clock.now,
      })
      const apps: Record<string, TestApp> = {
        'token-a': await startTestApp({ database, x: x('token-a') }),
        'token-b': await startTestApp({ database, x: x('token-b') }),
      }
      try {
        const event = await createXEvent(apps['token-a']!, '#CNCD -is:retweet')
        await patchX(apps['token-a']!, event, { capPerMinute: 1000 })
        const alive = new Set(Object.keys(apps))
        const queue = () => postIdsInQueue(apps['token-a']!, event)
        /** Steps time until `done`, both instances looking at the event at each instant. */
        const runUntil = async (done: () => Promise<boolean>) => {
          for (let step = 0; step < 400; step += 1) {
            if (await done()) return
            await Promise.all([...alive].map((token) => apps[token]!.x.poller.cycle(event.eventId)))
            clock.advance(STEP)
          }
          throw new Error('not done after 400 steps')
        }
        // Pagination starts (no next_token), as the fake saw them: its clock is the pollers' clock.
        const starts = () => fake.searches().filter((s) => !s.params.next_token)
        const startGaps = () =>
          starts().map((s, i, all) => (i === 0 ? null : { gap: s.at - all[i - 1]!.at, same: s.token === all[i - 1]!.token }))

        const ids = fake.add(...cncdPosts(25)).map((p) => p.id)
        await runUntil(async () => JSON.stringify(await queue()) === JSON.stringify([...ids].sort()))
        await runUntil(async () => starts().length >= 4)
        // The one that polled first keeps the event: due one interval after its last poll, at the first look from then.
        for (const entry of startGaps().slice(1)) expect(entry).toEqual({ gap: intervalMs, same: true })

        const dead = fake.searches().at(-1)!
        alive.delete(dead.token!)
        await apps[dead.token!]!.x.poller.stop()
        const more = fake.add(...cncdPosts(4)).map((p) => p.id)
        await runUntil(async () => JSON.stringify(await queue()) === JSON.stringify([...ids, ...more].sort()))
        const takeover = fake.searches().find((s) => s.token !== dead.token)!
        // Taken over at the first look 1.5 intervals after the dead one's last poll: not before, and not later.
        expect(takeover.at - dead.at).toBe(intervalMs * 1.5)
        expect(takeover.params.since_id).toBe(dead.params.since_id ?? undefined)
      } finally {
        for (const app of Object.values(apps)) await app.close()
        await database.close()
      }
    }, 300_000)
  }
})
