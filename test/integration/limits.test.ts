// Limits that hold: a retry never counts, identities and connections are limited per address, sockets per
// token, and two processes share one count through Redis.
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import type { Limits } from '../../server/limits/rate-limiter'
import { NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { testDatabase } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { connectError, connectScreen } from '../helpers/socket'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const TIGHT: Limits = {
  question: { perAttendee: 3, perAddress: 60 },
  vote: { perAttendee: 60, perAddress: 600 },
  join: { perAddress: 5 },
  connect: { perAddress: 8 },
  socketsPerToken: 2,
  registration: { perAddress: 30 },
  revision: { perAttendee: 10, perAddress: 300 },
}

const apps: TestApp[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
})

async function app(options: Parameters<typeof startTestApp>[0]): Promise<TestApp> {
  const started = await startTestApp(options)
  apps.push(started)
  return started
}

const ask = (t: TestApp, slug: string, token: string, key: string, remoteAddress = '192.0.2.10') =>
  t.app.inject({
    method: 'POST',
    url: `/api/events/${slug}/questions`,
    headers: { authorization: `Bearer ${token}` },
    remoteAddress,
    payload: { text: `Question ${key}`, displayName: 'Camille', idempotencyKey: key },
  })

describe('limits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await app({ listen: true, limits: TIGHT })
  })

  it('five simultaneous retries of one question: one question, five 201s, and the allowance untouched', async () => {
    const event = await createEvent(t)
    const { token } = await joinAsAttendee(t, event.slug)
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask(t, event.slug, token, 'same-key-123')))
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(answers.map((r) => (r.json() as ItemView).id)).size).toBe(1)
    // Still two more of the three a minute, then the limit, with the wait.
    expect((await ask(t, event.slug, token, 'second-key-1')).statusCode).toBe(201)
    expect((await ask(t, event.slug, token, 'third-key-12')).statusCode).toBe(201)
    const refused = await ask(t, event.slug, token, 'fourth-key-1')
    expect(refused.statusCode).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // A retry of an accepted one is still answered, over the limit.
    expect((await ask(t, event.slug, token, 'same-key-123')).statusCode).toBe(201)
  })

  it('new identities are limited per address, with the wait in seconds', async () => {
    const event = await createEvent(t)
    const join = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees`, remoteAddress, payload: {} })
    for (let i = 0; i < 5; i++) expect((await join('198.51.100.7')).statusCode).toBe(201)
    const refused = await join('198.51.100.7')
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ code: 'rate_limited', params: { retryAfter: expect.any(Number) } })
    expect(refused.headers['retry-after']).toBeDefined()
    // Another address is not affected.
    expect((await join('198.51.100.8')).statusCode).toBe(201)
  })

  it('X-Forwarded-For is ignored unless it comes from a proxy TRUST_PROXY names: a visitor cannot pick new addresses', async () => {
    const event = await createEvent(t)
    const join = (app: TestApp, remoteAddress: string, forwarded: string) =>
      app.app.inject({
        method: 'POST',
        url: `/api/events/${event.slug}/attendees`,
        remoteAddress,
        headers: { 'x-forwarded-for': forwarded },
        payload: {},
      })
    // Directly from the internet: every request is the peer's, whatever address it claims.
    const answers = []
    for (let i = 0; i < 6; i++) answers.push((await join(t, '203.0.113.50', `10.0.0.${i}`)).statusCode)
    expect(answers).toEqual([201, 201, 201, 201, 201, 429])
    // Behind the named proxy: each client behind it is counted on its own, the proxy is not limited as one.
    const proxied = await app({ limits: TIGHT, trustProxy: ['192.0.2.1'] })
    const behind = await createEvent(proxied)
    const viaProxy = (client: string) =>
      proxied.app.inject({
        method: 'POST',
        url: `/api/events/${behind.slug}/attendees`,
        remoteAddress: '192.0.2.1',
        headers: { 'x-forwarded-for': client },
        payload: {},
      })
    for (let i = 0; i < 5; i++) expect((await viaProxy('198.51.100.20')).statusCode).toBe(201)
    expect((await viaProxy('198.51.100.20')).statusCode).toBe(429)
    expect((await viaProxy('198.51.100.21')).statusCode).toBe(201)
    // A client that adds its own header behind the proxy still cannot escape: only the proxy's hop is believed.
    expect((await viaProxy('10.9.9.9, 198.51.100.20')).statusCode).toBe(429)
  })

  it('sockets per token: a third tab with the same link is refused until one closes', async () => {
    const event = await createEvent(t)
    const { token } = await joinAsAttendee(t, event.slug)
    const first = await connectScreen(t.url, { slug: event.slug, token })
    const second = await connectScreen(t.url, { slug: event.slug, token })
    // Once admitted, a socket keeps no copy of its token (nor of its handshake's headers or query).
    const admitted = [...t.io.of('/').sockets.values()]
    expect(admitted.length).toBeGreaterThanOrEqual(2)
    for (const socket of admitted) expect(JSON.stringify(socket.handshake)).not.toContain(token)
    try {
      expect((await connectError(t.url, { slug: event.slug, token })).data).toMatchObject({ code: 'rate_limited' })
      first.close()
      const third = await eventuallyConnect(t.url, event.slug, token)
      third.close()
    } finally {
      second.close()
    }
  })

  it('sockets per token: a connection that drops while its socket is admitted gives its place back', async () => {
    const event = await createEvent(t)
    const { token } = await joinAsAttendee(t, event.slug)
    // The count is taken, then the connection closes before Socket.IO connects the socket: no `disconnect` follows.
    const counter = t.services.sockets
    const open = counter.open.bind(counter)
    try {
      for (let i = 0; i < 2; i++) {
        let counting!: () => void
        const reached = new Promise<void>((resolve) => (counting = resolve))
        let resume!: () => void
        const closed = new Promise<void>((resolve) => (resume = resolve))
        counter.open = async (key) => {
          const counted = await open(key)
          counting()
          await closed
          return counted
        }
        const socket = io(t.url, { auth: { slug: event.slug, token }, transports: ['websocket'], reconnection: false, forceNew: true })
        await reached
        const sid = socket.io.engine.id
        socket.close()
        await eventually(() => expect(engineClients(t)).not.toContain(sid))
        resume()
      }
    } finally {
      counter.open = open
    }
    // Both places are free: two tabs connect.
    const tabs = [await eventuallyConnect(t.url, event.slug, token), await eventuallyConnect(t.url, event.slug, token)]
    for (const tab of tabs) tab.close()
  })

  it('sockets are limited per address, on long-polling then WebSocket as on a WebSocket, by the address a trusted proxy forwards', async () => {
    // The engine lets each connection's HTTP requests go once the handshake has read the address: this holds the
    // count to the address read, and the upgrade from long-polling (the page's default) to a working WebSocket.
    const proxied = await app({ listen: true, limits: TIGHT, trustProxy: ['loopback'] })
    const event = await createEvent(proxied)
    const open = async (address: string, transports: ('polling' | 'websocket')[]) => {
      const socket = io(proxied.url, {
        auth: { slug: event.slug },
        transports,
        extraHeaders: { 'x-forwarded-for': address },
        reconnection: false,
        forceNew: true,
      })
      sockets.push(socket)
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('connect_error', reject)
      })
      return socket
    }
    const sockets: ClientSocket[] = []
    try {
      const first = await open('198.51.100.30', ['polling', 'websocket'])
      if (first.io.engine.transport.name !== 'websocket') await new Promise((resolve) => first.io.engine.once('upgrade', resolve))
      expect(first.io.engine.transport.name).toBe('websocket')
      expect(await first.timeout(5000).emitWithAck('time.ping', { t0: 1 })).toMatchObject({ ok: true, value: { t0: 1 } })
      for (let i = 1; i < 8; i++) await open('198.51.100.30', i % 2 ? ['websocket'] : ['polling', 'websocket'])
      await expect(open('198.51.100.30', ['websocket'])).rejects.toMatchObject({ message: 'rate_limited' })
      await expect(open('198.51.100.30', ['polling', 'websocket'])).rejects.toMatchObject({ message: 'rate_limited' })
      // Another client behind the same proxy is counted on its own.
      await open('198.51.100.31', ['polling', 'websocket'])
    } finally {
      for (const socket of sockets) socket.close()
    }
  })
})

/** The engine's open connections, by id. */
function engineClients(t: TestApp): string[] {
  return Object.keys((t.io.engine as unknown as { clients: Record<string, unknown> }).clients)
}

/** The server notices a closed socket a moment after the client closes it. */
async function eventuallyConnect(url: string, slug: string, token: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectScreen(url, { slug, token })
    } catch (error) {
      if (attempt > 100) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

describe('limits across processes', () => {
  it('two processes count one attendee’s questions together through Redis', async () => {
    const database = await testDatabase()
    const redis = { url: REDIS_URL, streamName: `tribune-limits-${process.pid}-${Date.now()}` }
    const a = await app({ database, redis, limits: TIGHT })
    const b = await app({ database, redis, limits: TIGHT })
    try {
      const event = await createEvent(a)
      const { token } = await joinAsAttendee(a, event.slug)
      const codes = []
      for (const [index, node] of [a, b, a, b].entries()) codes.push((await ask(node, event.slug, token, `shared-${index}-key`)).statusCode)
      expect(codes).toEqual([201, 201, 201, 429])
    } finally {
      await a.close()
      await b.close()
      apps.splice(apps.indexOf(a), 2)
      await database.close()
    }
  })

  it('connections per address are limited too, and lifted with the limits', async () => {
    const limited = await app({ listen: true, limits: TIGHT })
    const event = await createEvent(limited)
    const open = []
    try {
      for (let i = 0; i < 8; i++) open.push(await connectScreen(limited.url, { slug: event.slug }))
      expect((await connectError(limited.url, { slug: event.slug })).data).toMatchObject({ code: 'rate_limited' })
    } finally {
      for (const s of open) s.close()
    }
    const lifted = await app({ listen: true, limits: NO_LIMITS })
    const liftedEvent = await createEvent(lifted)
    const many = await Promise.all(Array.from({ length: 20 }, () => connectScreen(lifted.url, { slug: liftedEvent.slug })))
    for (const s of many) s.close()
  })
})
