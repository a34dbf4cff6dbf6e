// Property-based fuzzing of every route of the OpenAPI document and every socket action, as every role:
// never a 5xx, every refusal with a stable code, every acknowledgement well formed, the server still up, and a
// reference event untouched by the calls nobody authorised. FUZZ_SEED=<n> replays a run's random half.
import fc from 'fast-check'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { ClockCommandInput, ScreenReport, TimePing } from '../../server/contract/clock'
import { AcknowledgeMessageInput, SendMessageInput } from '../../server/contract/messages'
import type { ClientToServerEvents } from '../../server/contract/realtime'
import {
  AskInput,
  BulkModerateInput,
  SocketEditInput,
  SocketModerateInput,
  SocketReviseInput,
  SocketWithdrawInput,
  SyncInput,
  VoteInput,
} from '../../server/contract/schemas'
import { ADMIN_TOKEN, NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import {
  fuzzOf,
  hostileString,
  hostileValue,
  type JsonSchema,
  type Operation,
  operationsOf,
  percentEncoded,
  urlOf,
} from '../helpers/openapi'

const HTTP_CASES = Number(process.env.FUZZ_HTTP ?? 9_000)
const SOCKET_CASES = Number(process.env.FUZZ_SOCKET ?? 1_000)
const FIXED_SEED = 20_261_129
const RANDOM_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31)

/** Every client→server event with the schema its handler checks; the type check below keeps the list complete. */
const SOCKET_EVENTS = {
  sync: SyncInput,
  'question.ask': AskInput,
  'question.moderate': SocketModerateInput,
  'question.vote': VoteInput,
  'question.edit': SocketEditInput,
  'question.bulk': BulkModerateInput,
  'question.revise': SocketReviseInput,
  'question.withdraw': SocketWithdrawInput,
  'clock.command': ClockCommandInput,
  'message.send': SendMessageInput,
  'message.acknowledge': AcknowledgeMessageInput,
  'time.ping': TimePing,
  'screen.report': ScreenReport,
} as const
type SocketEvent = keyof typeof SOCKET_EVENTS

/** Changes that would end the playground itself (its links, its existence): the authorization matrix covers them. */
const ENDS_PLAYGROUND = new Set(['DELETE /api/events/{slug}', 'POST /api/events/{slug}/links'])

type Caller = 'none' | 'attendee' | 'speaker' | 'moderator' | 'organiser' | 'operator' | 'forged'
type RawSocket = Socket & { emit(event: string, ...args: unknown[]): Socket }

let t: TestApp
let ops: Operation[]
const tokens: Record<string, Record<Caller, string | null>> = {}
const ids: string[] = []
let playground = ''
let reference = ''
const sockets: { role: string; socket: RawSocket }[] = []

beforeAll(async () => {
  t = await startTestApp({ listen: true, limits: NO_LIMITS })
  ops = await operationsOf(t)
  const events = [await createEvent(t), await createEvent(t)]
  for (const event of events) {
    const attendee = await joinAsAttendee(t, event.slug)
    tokens[event.slug] = {
      none: null,
      attendee: attendee.token,
      speaker: event.speakerToken,
      moderator: event.moderatorToken,
      organiser: event.organiserToken,
      operator: ADMIN_TOKEN,
      forged: 'x'.repeat(43),
    }
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${attendee.token}` },
      payload: { text: 'Une question de référence ?', idempotencyKey: `fuzz-${event.slug}`, anonymous: true },
    })
    ids.push(asked.json().id, attendee.attendeeId)
  }
  playground = events[0]!.slug
  reference = events[1]!.slug
  for (const [slug, role] of [
    [playground, 'none'],
    [playground, 'attendee'],
    [playground, 'speaker'],
    [playground, 'moderator'],
    [reference, 'none'],
  ] as const) {
    const token = tokens[slug]![role]
    const socket = io(t.url, {
      auth: { slug, ...(token ? { token } : {}) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    sockets.push({ role: `${slug === reference ? 'reference' : 'playground'}:${role}`, socket: socket as RawSocket })
  }
}, 120_000)

afterAll(async () => {
  for (const { socket } of sockets) socket.close()
  await t?.close()
})

/** What a reader of the reference event can see, with its moderators' and organiser's eyes. */
async function referenceState(): Promise<unknown[]> {
  const as = (token: string | null) => (token ? { authorization: `Bearer ${token}` } : {})
  const read = async (path: string, token: string | null) =>
    (await t.app.inject({ method: 'GET', url: `/api/events/${reference}${path}`, headers: as(token) })).json() as unknown
  const { moderator, organiser } = tokens[reference]!
  const clock = (await read('/clock', null)) as Record<string, unknown>
  return [
    await read('', null),
    await read('/questions', moderator),
    clock.log,
    await read('/moderation-log', moderator),
    await read('/registration', null),
    await read('/registrations', organiser),
    await read('/x', moderator),
  ]
}

interface HttpCase {
  op: Operation
  target: 'playground' | 'reference' | 'unknown'
  caller: Caller
  params: Record<string, string>
  query: Record<string, unknown>
  body: unknown
  headers: Record<string, string>
}

/** One arbitrary per route, built once: building them per case (patterns compiled again) was most of a case's cost. */
function httpCase(): fc.Arbitrary<HttpCase> {
  const perRoute = ops.map(routeCase)
  return fc.nat(ops.length - 1).chain((index) => perRoute[index]!)
}

function routeCase(op: Operation): fc.Arbitrary<HttpCase> {
  const key = `${op.method} ${op.path}`
  // The reference event only gets calls nobody may make there: secured routes, with others' or no credentials.
  const targets = op.secured ? (['playground', 'playground', 'reference', 'unknown'] as const) : (['playground', 'unknown'] as const)
  const param = (name: string) => (name === 'slug' ? fc.constant('') : fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostileString))
  return fc
    .record({
      op: fc.constant(op),
      target: fc.constantFrom(...targets),
      caller: fc.constantFrom<Caller>('none', 'attendee', 'speaker', 'moderator', 'organiser', 'operator', 'forged'),
      params: fc.record(Object.fromEntries(Object.keys(op.params).map((name) => [name, param(name)]))) as fc.Arbitrary<
        Record<string, string>
      >,
      query: fc.record(Object.fromEntries(Object.entries(op.query).map(([name, schema]) => [name, fuzzOf(schema)])), {
        requiredKeys: [],
      }),
      body: op.body ? fuzzOf(op.body) : fc.option(hostileValue, { freq: 8 }).map((value) => value ?? undefined),
      headers: fc.record(
        {
          'accept-language': fc.constantFrom('fr', 'en', 'de', '\u0000', 'en;q=garbage'),
          'x-moderator-name': fc.oneof(hostileString.map(percentEncoded), fc.constantFrom('%', '%E0%A4%A', '%00', '%ZZ')),
        },
        { requiredKeys: [] },
      ),
    })
    .map((c): HttpCase => {
      // Only callers without a right there: the operator may do anything anywhere, the organiser may renew links.
      const ending = c.target === 'reference' || (c.target === 'playground' && ENDS_PLAYGROUND.has(key))
      if (ending && c.caller === 'operator') return { ...c, caller: 'forged' }
      if (ending && c.caller === 'organiser' && c.target === 'playground') return { ...c, caller: 'moderator' }
      return c
    })
}

describe('fuzzing every route and socket action', () => {
  it('finds no 5xx, no unstable error, no crash, and no change to an event by those without the right', async () => {
    expectTypeOf<Exclude<keyof ClientToServerEvents, SocketEvent>>().toEqualTypeOf<never>()
    const started = performance.now()
    const before = await referenceState()
    const statuses = new Map<number, number>()
    const acks = new Map<string, number>()

    const runHttp = async (c: HttpCase): Promise<boolean> => {
      const slug = c.target === 'unknown' ? 'nowhere-0' : c.target === 'reference' ? reference : playground
      // A stranger to the reference event presents the playground's credentials (valid somewhere, not there).
      const token = tokens[playground]![c.caller]
      const response = await t.app.inject({
        method: c.op.method,
        url: urlOf(c.op, { ...c.params, slug }, c.query as Record<string, unknown>),
        headers: {
          ...c.headers,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(c.body !== undefined ? { payload: JSON.stringify(c.body) } : {}),
      })
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
      const where = `${c.op.method} ${c.op.path} as ${c.caller} on ${c.target}: ${response.statusCode} ${response.body.slice(0, 300)}`
      expect(response.statusCode, where).toBeLessThan(500)
      if (response.statusCode >= 400) {
        const body = response.json() as { code?: unknown; message?: unknown }
        expect(typeof body.code === 'string' && typeof body.message === 'string', where).toBe(true)
      }
      if (c.target === 'reference') expect(response.statusCode, where).toBeGreaterThanOrEqual(400)
      return true
    }

    const socketCase = fc.record({
      socket: fc.nat(sockets.length - 1),
      event: fc.constantFrom(...(Object.keys(SOCKET_EVENTS) as SocketEvent[])),
      shape: fc.constantFrom('one', 'one', 'one', 'one', 'none', 'extra'),
      seed: fc.nat(),
    })
    const runSocket = async (c: { socket: number; event: SocketEvent; shape: string; seed: number }): Promise<boolean> => {
      const { socket, role } = sockets[c.socket]!
      const schema = SOCKET_EVENTS[c.event] as unknown as JsonSchema
      let [payload] = fc.sample(fuzzOf(schema), { seed: c.seed, numRuns: 1 })
      // Above Socket.IO's 64 KB a client is disconnected, not answered: that limit is the transport's.
      if (Buffer.byteLength(JSON.stringify(payload ?? null)) > 40_000) payload = 'trop long'
      const args = c.shape === 'none' ? [] : c.shape === 'extra' ? [payload, 'de trop'] : [payload]
      const ack = (await socket.timeout(10_000).emitWithAck(c.event, ...args)) as {
        ok?: unknown
        error?: { code?: unknown; message?: unknown }
      }
      const where = `${c.event} as ${role} (${c.shape}): ${JSON.stringify(ack).slice(0, 300)}`
      const wellFormed =
        ack.ok === true ||
        (ack.ok === false && typeof ack.error?.code === 'string' && typeof ack.error.message === 'string' && ack.error.code !== 'internal')
      expect(wellFormed, where).toBe(true)
      if (role.startsWith('reference') && c.event !== 'sync' && c.event !== 'time.ping' && c.event !== 'screen.report')
        expect(ack.ok, where).toBe(false)
      acks.set(ack.ok === true ? 'ok' : String(ack.error?.code), (acks.get(ack.ok === true ? 'ok' : String(ack.error?.code)) ?? 0) + 1)
      return true
    }

    let httpMs = 0
    let socketMs = 0
    for (const seed of [FIXED_SEED, RANDOM_SEED]) {
      const httpStart = performance.now()
      await fc.assert(fc.asyncProperty(httpCase(), runHttp), { seed, numRuns: HTTP_CASES / 2, endOnFailure: true })
      const socketStart = performance.now()
      httpMs += socketStart - httpStart
      await fc.assert(fc.asyncProperty(socketCase, runSocket), { seed, numRuns: SOCKET_CASES / 2, endOnFailure: true })
      socketMs += performance.now() - socketStart
    }

    expect((await t.app.inject('/health')).statusCode).toBe(200)
    expect(sockets.every(({ socket }) => socket.connected)).toBe(true)
    expect(await referenceState()).toEqual(before)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const histogram = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}:${count}`)
    console.log(
      `fuzz: ${HTTP_CASES + SOCKET_CASES} cases (${HTTP_CASES} HTTP over ${ops.length} routes, ${SOCKET_CASES} socket over ` +
        `${Object.keys(SOCKET_EVENTS).length} events), seeds ${FIXED_SEED} + ${RANDOM_SEED} (FUZZ_SEED=${RANDOM_SEED} replays), ` +
        `${seconds} s (HTTP ${(httpMs / 1000).toFixed(1)} s, sockets ${(socketMs / 1000).toFixed(1)} s), statuses ${histogram.join(' ')}, acks ${[...acks.entries()].map(([k, v]) => `${k}:${v}`).join(' ')}`,
    )
  }, 300_000)
})
