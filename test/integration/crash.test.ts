// kill -9 in the middle of 200 questions a second, then a restart: every acknowledged question is stored exactly
// once and every screen converges to the database. SIGTERM instead: what was in flight is finished and answered,
// and exactly what was acknowledged is stored.
import { afterAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import { defaultEvent } from '../../server/events/default-event'
import { type ConvergingClient, convergingClient } from '../helpers/converging-client'
import { eventually } from '../helpers/eventually'
import { STORE_KINDS, type ServerProcess, freePort, freshStore, linkFrom, startServer } from '../helpers/process'

const SLUG = defaultEvent.slug!
const ATTENDEES = 20
/** Each attendee asks every 100 ms: 200 questions a second. */
const ASK_EVERY_MS = 100

const running: ServerProcess[] = []
const clients: ConvergingClient[] = []
const cleanups: (() => void)[] = []
afterAll(async () => {
  for (const client of clients) client.close()
  for (const server of running) await server.stop('SIGKILL')
  for (const cleanup of cleanups) cleanup()
})

interface Asker {
  client: ConvergingClient
  token: string
  /** Idempotency key → the question's id, once acknowledged. */
  acknowledged: Map<string, string>
  /** Keys sent and not answered yet: sent again until answered, as the page does (same key, so never twice). */
  unanswered: Set<string>
}

/** In flight per attendee at most: the offered 200 a second, or what the server takes if it is slower. */
const MAX_IN_FLIGHT = 10

async function api<T>(base: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api/events/${SLUG}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

function ask(asker: Asker, key: string): void {
  asker.unanswered.add(key)
  asker.client.socket
    .timeout(5000)
    .emitWithAck('question.ask', { text: `Question ${key}`, displayName: 'Camille', idempotencyKey: key })
    .then((ack: Ack<ItemView>) => {
      if (!ack.ok) throw new Error(ack.error.code)
      asker.acknowledged.set(key, ack.value.id)
      asker.unanswered.delete(key)
    })
    .catch(() => {
      // No answer in time, or the server is restarting: the same key again in a moment.
      setTimeout(() => {
        if (asker.client.socket.connected && asker.unanswered.has(key)) ask(asker, key)
      }, 500)
    })
}

describe.each(STORE_KINDS)('crash and shutdown under load on %s', (kind) => {
  it('kill -9 mid-stream: every acknowledged question stored once, every screen converges', { timeout: 240_000 }, async () => {
    const store = await freshStore(kind, 'crash')
    cleanups.push(store.cleanup)
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const env = { ...store.env, PORT: String(port), RATE_LIMITS: 'off' }
    const first = await startServer(env)
    running.push(first)
    const moderatorToken = new URL(linkFrom(first.output, 'Moderator')).hash.slice('#token='.length)

    const askers: Asker[] = []
    for (let i = 0; i < ATTENDEES; i++) {
      const { token } = await api<{ token: string }>(base, '/attendees', undefined, {})
      const client = convergingClient(base, { slug: SLUG, token })
      clients.push(client)
      askers.push({ client, token, acknowledged: new Map(), unanswered: new Set() })
    }
    const moderator = convergingClient(base, { slug: SLUG, token: moderatorToken })
    clients.push(moderator)
    await eventually(() => expect([moderator, ...askers.map((a) => a.client)].every((c) => c.state.seq !== null)).toBe(true), {
      timeout: 20_000,
    })
    for (const asker of askers) asker.client.socket.on('connect', () => [...asker.unanswered].forEach((key) => ask(asker, key)))

    let round = 0
    const pump = setInterval(() => {
      round += 1
      for (const [index, asker] of askers.entries()) {
        if (asker.client.socket.connected && asker.unanswered.size < MAX_IN_FLIGHT) ask(asker, `crash-${index}-${round}`)
      }
    }, ASK_EVERY_MS)
    try {
      // However fast the machine takes them: the kill comes while questions are pouring in.
      await eventually(() => expect(askers.reduce((n, a) => n + a.acknowledged.size, 0)).toBeGreaterThan(100), { timeout: 60_000 })
      first.child.kill('SIGKILL')
      await first.stop()
      const second = await startServer(env)
      running.push(second)
      const before = askers.reduce((n, a) => n + a.acknowledged.size, 0)
      await eventually(() => expect(askers.reduce((n, a) => n + a.acknowledged.size, 0)).toBeGreaterThan(before + 100), { timeout: 60_000 })
    } finally {
      clearInterval(pump)
    }
    await eventually(() => expect(askers.every((a) => a.unanswered.size === 0)).toBe(true), { timeout: 60_000 })

    const stored = await api<ItemView[]>(base, '/questions', moderatorToken)
    const byText = new Map<string, ItemView[]>()
    for (const item of stored) byText.set(item.text, [...(byText.get(item.text) ?? []), item])
    let acknowledged = 0
    for (const asker of askers) {
      for (const [key, id] of asker.acknowledged) {
        acknowledged += 1
        expect(byText.get(`Question ${key}`)?.map((i) => i.id)).toEqual([id])
      }
    }
    expect(stored.length).toBe(acknowledged)

    // Every screen ends where the database is: the moderator sees every question, each asker their own.
    const ids = (items: Iterable<ItemView>) => [...items].map((i) => `${i.id}@${i.version}`).sort()
    await eventually(() => expect(ids(moderator.state.items.values())).toEqual(ids(stored)), { timeout: 30_000 })
    for (const asker of askers) {
      const mine = await api<ItemView[]>(base, '/questions', asker.token)
      await eventually(() => expect(ids(asker.client.state.items.values())).toEqual(ids(mine)), { timeout: 30_000 })
    }
    console.info(`crash (${kind}): ${acknowledged} questions acknowledged, each stored once; ${clients.length} screens converged`)
  })

  it('SIGTERM: actions in flight finish and are answered; exactly what was acknowledged is stored', { timeout: 180_000 }, async () => {
    const store = await freshStore(kind, 'drain')
    cleanups.push(store.cleanup)
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const env = { ...store.env, PORT: String(port), RATE_LIMITS: 'off' }
    const server = await startServer(env)
    running.push(server)
    const moderatorToken = new URL(linkFrom(server.output, 'Moderator')).hash.slice('#token='.length)
    const { token } = await api<{ token: string }>(base, '/attendees', undefined, {})
    const client = convergingClient(base, { slug: SLUG, token })
    clients.push(client)
    await eventually(() => expect(client.state.seq).not.toBeNull(), { timeout: 20_000 })

    const answers = Array.from({ length: 100 }, (_, i) =>
      client.socket
        .timeout(15_000)
        .emitWithAck('question.ask', { text: `Avant l’arrêt ${i}`, displayName: 'Camille', idempotencyKey: `drain-${i}-key` })
        .then((ack: Ack<ItemView>) => (ack.ok ? ack.value.id : ack.error.code))
        .catch(() => 'no answer'),
    )
    server.child.kill('SIGTERM')
    const results = await Promise.all(answers)
    expect(await server.stop()).toBe(0)
    const acknowledged = results.filter((r) => r.length === 36)
    expect(acknowledged.length).toBeGreaterThan(0)
    // Anything not acknowledged was refused while stopping (or never reached the server): it was not stored.
    expect(results.filter((r) => r.length !== 36).every((r) => r === 'unavailable' || r === 'no answer')).toBe(true)

    const again = await startServer(env)
    running.push(again)
    const stored = await api<ItemView[]>(base, '/questions', moderatorToken)
    expect(stored.map((i) => i.id).sort()).toEqual([...acknowledged].sort())
  })
})
