// Two processes on one database, Redis between them, 30 s of questions, moderation, votes, clock commands and
// messages written on both at once: every screen on both processes receives exactly what its channels carry,
// in order, none twice (checked against the stored stream routed by the same rules), and tallies stay spaced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count } from 'drizzle-orm'
import { openDatabase, type Database } from '../../db/connect'
import { votes } from '../../db/schema'
import type { Access } from '../../server/auth/access'
import type { Ack, Change, HandshakeAuth } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import { defaultEvent } from '../../server/events/default-event'
import { EventsRepository } from '../../server/events/events.repository'
import { replayFor } from '../../server/realtime/channels'
import { StreamRepository } from '../../server/realtime/stream.repository'
import { NO_LIMITS, startTestApp, type TestApp } from '../helpers/app'
import { testDatabase } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { type ServerProcess, freePort, freshStore, linkFrom, startServer } from '../helpers/process'
import { type Screen, connectScreen, sync } from '../helpers/socket'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const SECONDS = 30
const SLUG = defaultEvent.slug!

interface Node {
  url: string
}

let nodes: Node[] = []
let database: Database
let moderatorToken = ''
let speakerToken = ''
let eventId = 0
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  const prefix = `tribune-order-${process.pid}-${Date.now()}`
  if (process.env.DATABASE_URL) {
    // Two real server processes, as a deployment runs them.
    const store = await freshStore('postgres', 'ordering')
    cleanups.push(store.cleanup)
    const env = { ...store.env, REDIS_URL, REDIS_PREFIX: prefix, RATE_LIMITS: 'off' }
    const servers: ServerProcess[] = []
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      const server = await startServer({ ...env, PORT: String(port) })
      servers.push(server)
      cleanups.push(() => server.stop('SIGKILL').then(() => undefined))
      nodes.push({ url: `http://127.0.0.1:${port}` })
    }
    moderatorToken = tokenOf(linkFrom(servers[0]!.output, 'Moderator'))
    speakerToken = tokenOf(linkFrom(servers[0]!.output, 'Speaker'))
    database = await openDatabase({ kind: 'postgres', url: store.env.DATABASE_URL! })
    cleanups.push(() => database.close())
  } else {
    // PGlite is one process: two app instances share it in this one, each with its own feeds and sockets.
    database = await testDatabase()
    const apps: TestApp[] = []
    for (let i = 0; i < 2; i++)
      apps.push(await startTestApp({ listen: true, database, redis: { url: REDIS_URL, streamName: prefix }, limits: NO_LIMITS }))
    cleanups.push(async () => {
      for (const app of apps) await app.close()
      await database.close()
    })
    const created = await apps[0]!.services.events.create({ ...defaultEvent })
    moderatorToken = tokenOf(created.links.moderator)
    speakerToken = tokenOf(created.links.speaker)
    nodes = apps.map((app) => ({ url: app.url }))
  }
  eventId = (await new EventsRepository(database.db).findBySlug(SLUG))!.id
}, 120_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

function tokenOf(link: string): string {
  return new URL(link).hash.slice('#token='.length)
}

async function join(node: Node): Promise<{ token: string; attendeeId: string }> {
  const response = await fetch(`${node.url}/api/events/${SLUG}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  return (await response.json()) as { token: string; attendeeId: string }
}

interface Watched {
  name: string
  screen: Screen
  access: Access
  /** Where this screen's first sync left it. */
  from: number
  arrivals: { change: Change; at: number }[]
}

async function watch(node: Node, name: string, auth: Omit<HandshakeAuth, 'slug'>, access: Access): Promise<Watched> {
  const screen = await connectScreen(node.url, { slug: SLUG, ...auth })
  const arrivals: Watched['arrivals'] = []
  screen.socket.on('change', (change) => arrivals.push({ change, at: performance.now() }))
  const first = await sync(screen, null)
  if (!first.ok || first.value.kind !== 'snapshot') throw new Error(`${name}: no snapshot`)
  cleanups.push(() => screen.close())
  return { name, screen, access, from: first.value.snapshot.seq, arrivals }
}

async function votesByItem(database: Database): Promise<{ id: string; n: number }[]> {
  return database.db.select({ id: votes.itemId, n: count() }).from(votes).groupBy(votes.itemId)
}

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('ordered delivery across two processes', () => {
  it(`${SECONDS} s of writes on both: every screen gets exactly its channels, in order, none twice`, { timeout: 150_000 }, async () => {
    const watched: Watched[] = []
    const actors: { node: number; moderator: Screen; askers: Screen[]; voter: Screen }[] = []
    for (const [index, node] of nodes.entries()) {
      const askers = [await join(node), await join(node)]
      const voter = await join(node)
      const moderator = await watch(
        node,
        `moderator@${index}`,
        { token: moderatorToken, name: `M${index}` },
        { role: 'moderator', attendeeId: null, actor: 'm' },
      )
      watched.push(
        moderator,
        await watch(node, `speaker@${index}`, { token: speakerToken }, { role: 'speaker', attendeeId: null, actor: 's' }),
        await watch(node, `public@${index}`, {}, { role: 'public', attendeeId: null, actor: 'p' }),
      )
      const askerScreens: Screen[] = []
      for (const [n, asker] of askers.entries()) {
        const w = await watch(
          node,
          `asker${n}@${index}`,
          { token: asker.token },
          { role: 'attendee', attendeeId: asker.attendeeId, actor: 'a' },
        )
        watched.push(w)
        askerScreens.push(w.screen)
      }
      const voterWatch = await watch(
        node,
        `voter@${index}`,
        { token: voter.token },
        { role: 'attendee', attendeeId: voter.attendeeId, actor: 'v' },
      )
      watched.push(voterWatch)
      actors.push({ node: index, moderator: moderator.screen, askers: askerScreens, voter: voterWatch.screen })
    }

    const failures: string[] = []
    const pending: Promise<unknown>[] = []
    const act = <T>(screen: Screen, event: string, payload: unknown) => {
      const sent = (screen.socket.timeout(20_000).emitWithAck as (e: string, p: unknown) => Promise<Ack<T>>)(event, payload).then((ack) => {
        // Losing a race (a version conflict, an illegal move) is an answer; a crash is not.
        if (!ack.ok && (ack.error.code === 'internal' || ack.error.code === 'unavailable')) failures.push(`${event}: ${ack.error.code}`)
        return ack
      })
      // Awaited together once the writes stop.
      pending.push(sent)
    }
    /** Items as each moderator's own screen knows them. */
    const known = (screen: Screen) => {
      const items = new Map<string, ItemView>()
      for (const change of screen.received) if (change.type === 'item.upsert') items.set(change.item.id, change.item)
      return [...items.values()]
    }

    act(actors[0]!.moderator, 'clock.command', { type: 'start', speed: 60 })
    const rand = random(20200519)
    const started = Date.now()
    let tick = 0
    while (Date.now() - started < SECONDS * 1000) {
      tick += 1
      for (const actor of actors) {
        const asker = actor.askers[tick % 2]!
        act(asker, 'question.ask', {
          text: `Question ${actor.node}-${tick}`,
          displayName: `P${actor.node}`,
          idempotencyKey: `order-${actor.node}-${tick}-key`,
        })
        const items = known(actor.moderator)
        const waiting = items.filter((i) => i.status === 'pending')
        const published = items.filter((i) => i.status === 'approved')
        const target = waiting[Math.floor(rand() * waiting.length)]
        if (target)
          act(actor.moderator, 'question.moderate', {
            id: target.id,
            action: rand() < 0.7 ? 'approve' : 'dismiss',
            version: target.version,
          })
        const voteOn = published[Math.floor(rand() * published.length)]
        if (voteOn) act(actor.voter, 'question.vote', { id: voteOn.id, up: rand() < 0.8 })
        if (tick % 25 === 0 && published[0])
          act(actor.moderator, 'question.moderate', { id: published[0].id, action: 'put_on_air', version: published[0].version })
        if (tick % 40 === 0) act(actor.moderator, 'message.send', { text: `Message ${tick}` })
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await Promise.all(pending)
    expect(failures).toEqual([])

    // The stream as stored, once it has settled: the last stored tally of every question counts the supports stored
    // (each process flushes the votes it took, at its own pace under load), and nothing new for a second.
    const stream = new StreamRepository(database.db)
    let all = await stream.after(eventId, 0, 1e6)
    await eventually(
      async () => {
        const before = all.length
        all = await stream.after(eventId, 0, 1e6)
        const tallied = new Map<string, number>()
        for (const change of all) if (change.type === 'tally') for (const [id, n] of Object.entries(change.votes)) tallied.set(id, n)
        const stored = new Map((await votesByItem(database)).map((row) => [row.id, row.n]))
        for (const [id, n] of tallied) expect(n, `stored tally of ${id}`).toBe(stored.get(id) ?? 0)
        expect(all.length).toBe(before)
      },
      { timeout: 30_000, interval: 1000 },
    )
    expect(all.length).toBeGreaterThan(400)

    // Each screen against the stream as stored when it is checked: a process may still add a tally that changes no
    // count (it folds votes the other process's tally already counted), and every screen must get that one too.
    for (const screen of watched) {
      await eventually(
        async () => {
          all = await stream.after(eventId, 0, 1e6)
          const expected = replayFor(
            screen.access,
            all.filter((c) => c.seq > screen.from),
            screen.from,
          )
          expect(
            screen.arrivals.map((a) => a.change).filter((c) => c.seq > screen.from),
            screen.name,
          ).toEqual(expected)
        },
        { timeout: 20_000, interval: 250 },
      )
    }

    // Tallies from both processes, as one moderator received them: never more than four in any second, and the
    // last count of every question is the number of supports stored.
    const tallies = watched[0]!.arrivals.filter((a) => a.change.type === 'tally')
    expect(tallies.length).toBeGreaterThan(5)
    const times = tallies.map((a) => a.at)
    const busiest = Math.max(...times.map((at) => times.filter((other) => other >= at && other < at + 1000).length))
    expect(busiest).toBeLessThanOrEqual(4)
    const lastCount = new Map<string, number>()
    for (const { change } of tallies) if (change.type === 'tally') for (const [id, n] of Object.entries(change.votes)) lastCount.set(id, n)
    const stored = new Map((await votesByItem(database)).map((row) => [row.id, row.n]))
    for (const [id, n] of lastCount) expect(n, `votes of ${id}`).toBe(stored.get(id) ?? 0)
    const delivered = watched.reduce((n, w) => n + w.arrivals.length, 0)
    console.info(
      `ordering: ${all.length} changes, ${watched.length} screens on 2 processes, ${delivered} messages, all in order; busiest second: ${busiest} tallies`,
    )
  })
})
