// Who may call what, read from the OpenAPI document itself (each route's `x-roles`), checked against every kind
// of caller: every call a caller may not make is refused (401 or 403 with its code: Tribune never answers 404 to
// hide an event, whose slug is in every public link) and changes nothing; every call it may make is let through.
// The socket actions get the same treatment from the table below (a socket has no OpenAPI document).
import fc from 'fast-check'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents } from '../../server/contract/realtime'
import { ADMIN_TOKEN, NO_LIMITS, createEvent, joinAsAttendee, startTestApp, tokenOf, type TestApp } from '../helpers/app'
import { type Operation, type RouteRole, operationsOf, urlOf, validOf } from '../helpers/openapi'

type Caller =
  | 'none'
  | 'attendee'
  | 'attendee of another event'
  | 'speaker'
  | 'moderator'
  | 'moderator of another event'
  | 'organiser'
  | 'operator'
  | 'rotated moderator secret'
  | 'forged secret'

/** The role a caller holds on the event under test, if any. */
const ROLE_OF: Record<Caller, RouteRole | null> = {
  none: null,
  attendee: 'attendee',
  'attendee of another event': null,
  speaker: 'speaker',
  moderator: 'moderator',
  'moderator of another event': null,
  organiser: 'organiser',
  operator: 'operator',
  'rotated moderator secret': null,
  'forged secret': null,
}
const CALLERS = Object.keys(ROLE_OF) as Caller[]

/** Who may send each socket action (the services decide; this is what the contract promises). */
const SOCKET_ROLES: Record<keyof ClientToServerEvents, readonly RouteRole[]> = {
  sync: ['public', 'attendee', 'speaker', 'moderator'],
  'time.ping': ['public', 'attendee', 'speaker', 'moderator'],
  'screen.report': ['public', 'attendee', 'speaker', 'moderator'],
  'question.ask': ['attendee'],
  'question.vote': ['attendee'],
  'question.revise': ['attendee'],
  'question.withdraw': ['attendee'],
  'question.moderate': ['moderator'],
  'question.edit': ['moderator'],
  'question.bulk': ['moderator'],
  'clock.command': ['moderator'],
  'message.send': ['moderator'],
  'message.acknowledge': ['speaker'],
}

/** Ends the event or its links: run last among the allowed calls. */
const LAST = ['POST /api/events/{slug}/links', 'DELETE /api/events/{slug}']

let t: TestApp
let ops: Operation[]
let slug = ''
let questionId = ''
let messageId = ''
let attendeeId = ''
const tokens = {} as Record<Caller, string | null>

beforeAll(async () => {
  t = await startTestApp({ listen: true, limits: NO_LIMITS })
  ops = await operationsOf(t)
  const event = await createEvent(t, { date: '2099-05-19' })
  const other = await createEvent(t)
  slug = event.slug
  const rotated = event.moderatorToken
  const links = await t.services.events.rotateLinks(slug)
  const attendee = await joinAsAttendee(t, slug)
  attendeeId = attendee.attendeeId
  Object.assign(tokens, {
    none: null,
    attendee: attendee.token,
    'attendee of another event': (await joinAsAttendee(t, other.slug)).token,
    speaker: tokenOf(links.speaker),
    moderator: tokenOf(links.moderator),
    'moderator of another event': other.moderatorToken,
    organiser: tokenOf(links.organiser),
    operator: ADMIN_TOKEN,
    'rotated moderator secret': rotated,
    'forged secret': 'A'.repeat(43),
  })
  const asked = await call('POST', '/questions', tokens.attendee, {
    text: 'Une question ?',
    idempotencyKey: 'matrix-0001',
    anonymous: true,
  })
  questionId = asked.json().id
  messageId = (await call('POST', '/messages', tokens.moderator, { text: 'Bonjour la scène' })).json().id
}, 120_000)

afterAll(() => t?.close())

function call(method: string, path: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method: method as 'GET',
    url: `/api/events/${slug}${path}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  })
}

/** What the event holds, as its moderator, organiser and the public read it. */
async function eventState(): Promise<unknown[]> {
  const read = async (path: string, token: string | null) => (await call('GET', path, token)).json() as Record<string, unknown>
  return [
    await read('', null),
    await read('/questions', tokens.moderator),
    (await read('/clock', null)).log,
    await read('/moderation-log', tokens.moderator),
    await read('/registration', null),
    await read('/registrations', tokens.operator),
    await read('/mail', tokens.operator),
    await read('/x', tokens.moderator),
  ]
}

function requestOf(op: Operation, caller: Caller, body: unknown) {
  const params = { slug, id: op.path.includes('/messages/') ? messageId : questionId, attendeeId }
  const token = tokens[caller]
  return t.app.inject({
    method: op.method,
    url: urlOf(op, params),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  })
}

/** A body the route's schema accepts, so that what answers is the role check, not validation. */
async function acceptedBody(op: Operation): Promise<unknown> {
  if (!op.body) return undefined
  for (const [attempt, body] of fc.sample(validOf(op.body), { seed: 9, numRuns: 40 }).entries()) {
    const response = await requestOf(op, 'forged secret', body)
    if (response.statusCode !== 400) return body
    if (attempt === 39) throw new Error(`no accepted body for ${op.method} ${op.path}: ${response.body}`)
  }
}

describe('the authorization matrix', () => {
  it('every route declares its roles, refuses every caller without one, and the refusals change nothing', async () => {
    const secured = ops.filter((op) => !op.roles.includes('public'))
    for (const op of ops) expect(op.roles.length, `${op.method} ${op.path} declares no x-roles`).toBeGreaterThan(0)
    for (const op of secured) expect(op.secured, `${op.method} ${op.path} has roles but no security`).toBe(true)

    const bodies = new Map<Operation, unknown>()
    for (const op of secured) bodies.set(op, await acceptedBody(op))
    const before = await eventState()
    let refused = 0
    let allowed = 0
    for (const op of secured) {
      for (const caller of CALLERS) {
        const role = ROLE_OF[caller]
        if (role && op.roles.includes(role)) continue
        const response = await requestOf(op, caller, bodies.get(op))
        const where = `${op.method} ${op.path} as ${caller}: ${response.statusCode} ${response.body.slice(0, 200)}`
        expect([401, 403], where).toContain(response.statusCode)
        expect(['unauthorized', 'forbidden'], where).toContain(response.json().code)
        refused += 1
      }
    }
    expect(await eventState()).toEqual(before)

    // Then what each role may do goes through (a 404 for an unknown id or a 409 is an answer past the role check).
    const ordered = [...secured].sort((a, b) => LAST.indexOf(`${a.method} ${a.path}`) - LAST.indexOf(`${b.method} ${b.path}`))
    for (const op of ordered) {
      for (const caller of CALLERS) {
        const role = ROLE_OF[caller]
        if (!role || !op.roles.includes(role)) continue
        const response = await requestOf(op, caller, bodies.get(op))
        const where = `${op.method} ${op.path} as ${caller}: ${response.statusCode} ${response.body.slice(0, 200)}`
        expect([401, 403], where).not.toContain(response.statusCode)
        expect(response.statusCode, where).toBeLessThan(500)
        allowed += 1
        // Renewed links: the roles' new secrets are the ones to use from now on.
        if (op.path.endsWith('/links') && response.statusCode === 200) {
          const links = response.json() as Record<string, string>
          Object.assign(tokens, {
            moderator: tokenOf(links.moderator!),
            speaker: tokenOf(links.speaker!),
            organiser: tokenOf(links.organiser!),
          })
        }
      }
    }
    const publicRoutes = ops.length - secured.length
    console.log(
      `authorization matrix (HTTP): ${ops.length} routes × ${CALLERS.length} callers; ${publicRoutes} public routes; ` +
        `${secured.length} role-bound routes: ${refused} calls refused, ${allowed} allowed`,
    )
  }, 300_000)

  it('each socket action refuses the roles that may not send it, and connections with a bad secret are refused', async () => {
    const t2 = await startTestApp({ listen: true, limits: NO_LIMITS })
    try {
      const event = await createEvent(t2)
      const other = await createEvent(t2)
      const attendee = await joinAsAttendee(t2, event.slug)
      const rotated = event.moderatorToken
      const links = await t2.services.events.rotateLinks(event.slug)
      const inject = (path: string, token: string, payload: object) =>
        t2.app.inject({ method: 'POST', url: `/api/events/${event.slug}${path}`, headers: { authorization: `Bearer ${token}` }, payload })
      const id = (
        await inject('/questions', attendee.token, { text: 'Une question ?', idempotencyKey: 'matrix-0002', anonymous: true })
      ).json().id
      const message = (await inject('/messages', tokenOf(links.moderator), { text: 'Bonjour' })).json().id
      const payloads: Record<keyof ClientToServerEvents, unknown> = {
        sync: { lastSeq: null },
        'time.ping': { t0: 1 },
        'screen.report': { page: 'screen', offsetMs: 0, rttMs: 10, samples: 3 },
        'question.ask': { text: 'Une autre ?', idempotencyKey: 'matrix-0003', anonymous: true },
        'question.vote': { id, up: true },
        'question.revise': { id, version: 1, text: 'Reformulée ?' },
        'question.withdraw': { id, version: 1 },
        'question.moderate': { id, action: 'approve', version: 1 },
        'question.edit': { id, version: 1, tags: ['a'] },
        'question.bulk': { action: 'approve', items: [{ id, version: 1 }] },
        'clock.command': { type: 'pause' },
        'message.send': { text: 'Bonjour' },
        'message.acknowledge': { id: message },
      }
      const connect = (token: string | null) =>
        io(t2.url, {
          auth: { slug: event.slug, ...(token ? { token } : {}) },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        })

      for (const token of [rotated, other.moderatorToken, 'A'.repeat(43), (await joinAsAttendee(t2, other.slug)).token]) {
        const socket = connect(token)
        const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once('connect_error', resolve))
        socket.close()
        expect(error.data?.code).toMatch(/^(forbidden|unauthorized)$/)
      }

      const roles: [RouteRole, string | null][] = [
        ['public', null],
        ['attendee', attendee.token],
        ['speaker', tokenOf(links.speaker)],
        ['moderator', tokenOf(links.moderator)],
      ]
      const read = async (): Promise<unknown[]> => {
        const get = async (path: string): Promise<Record<string, unknown>> =>
          (
            await t2.app.inject({
              url: `/api/events/${event.slug}${path}`,
              headers: { authorization: `Bearer ${tokenOf(links.moderator)}` },
            })
          ).json<Record<string, unknown>>()
        return [await get('/questions'), (await get('/clock')).log, await get('/moderation-log')]
      }
      const before = await read()
      let refused = 0
      for (const [role, token] of roles) {
        const socket = connect(token) as Socket & { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> }
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve)
          socket.once('connect_error', reject)
        })
        try {
          for (const [name, allowedRoles] of Object.entries(SOCKET_ROLES)) {
            if (allowedRoles.includes(role)) continue
            const ack = (await socket.timeout(10_000).emitWithAck(name, payloads[name as keyof ClientToServerEvents])) as {
              ok: boolean
              error?: { code: string }
            }
            expect({ name, role, ok: ack.ok, code: ack.error?.code }).toEqual({
              name,
              role,
              ok: false,
              code: expect.stringMatching(/^(forbidden|unauthorized)$/),
            })
            refused += 1
          }
        } finally {
          socket.close()
        }
      }
      expect(await read()).toEqual(before)
      const events = Object.keys(SOCKET_ROLES).length
      console.log(
        `authorization matrix (sockets): ${events} actions × ${roles.length} roles; ${refused} refused; 4 bad secrets refused at the handshake`,
      )
    } finally {
      await t2.close()
    }
  }, 120_000)
})
