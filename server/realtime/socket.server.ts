// Socket.IO on Fastify's own HTTP server: handshake auth, rooms, the client actions, and this process's
// delivery sink (its screens get their changes from the ordered feed, never from the adapter).
import { type Server as HttpServer, type IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import { Server, type Socket } from 'socket.io'
import { Compile } from 'typebox/compile'
import type { Access, CallerInfo } from '../auth/access'
import { hashSecret } from '../auth/secrets'
import { clientAddress, type TrustProxy } from '../http/client-address'
import { ClockCommandInput, type ScreenInfo, ScreenReport, TimePing } from '../contract/clock'
import type { Ack, ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../contract/realtime'
import { AcknowledgeMessageInput, SendMessageInput } from '../contract/messages'
import {
  AskInput,
  BulkModerateInput,
  type Lang,
  SocketEditInput,
  SocketModerateInput,
  SocketReviseInput,
  Slug,
  SocketWithdrawInput,
  SyncInput,
  VoteInput,
} from '../contract/schemas'
import { AppError, knownError, toErrorBody } from '../errors'
import type { EventRow } from '../events/events.repository'
import { validationError } from '../http/validation'
import { pickLang } from '../i18n/messages'
import type { Services } from '../services'
import { channelOf } from './channels'
import { cleanStrings } from '../contract/text'
import type { Delivery } from './delivery'
import type { FeedSink } from './event-feed'
import { rooms } from './rooms'

interface InterServerEvents {
  /** The doorbell: these events have new changes in the stream (ids only). */
  'stream.wake': (eventIds: number[]) => void
  /** The régie's list of screens: each process answers with its own reporting screens, nothing else. */
  'screens.collect': (eventId: number, reply: (screens: ScreenInfo[]) => void) => void
}

/**
 * What a socket carries: never a secret, nor its hash. (`fetchSockets()` would ship this *and the handshake*, the
 * token included, between processes: Tribune never calls it across processes.)
 */
interface SocketData {
  eventId: number
  slug: string
  lang: Lang
  access: Omit<Access, 'ip'>
  report: (ScreenReport & { reportedAt: number }) | null
}

export type TribuneIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
type TribuneSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

/** Socket.IO on the HTTP server; other upgrade paths are app.ts's (the integration feed, or refused). */
export function createSocketServer(httpServer: HttpServer, trust: TrustProxy): TribuneIo {
  const io: TribuneIo = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024, destroyUpgrade: false })
  // The engine would keep each connection's first HTTP request (headers, socket, parser state: kilobytes) for the
  // connection's life; Socket.IO's memory guide lets it go. What Tribune needs of it is read here, once.
  io.engine.on('connection', (raw: { request: IncomingMessage | null }) => {
    if (!raw.request) return
    origins.set(raw, { ip: clientAddress(raw.request, trust), acceptLanguage: raw.request.headers['accept-language'] })
    raw.request = null
  })
  // The same request stays reachable another way on a WebSocket: engine.io wraps each upgrade in a response
  // object for its middlewares, and the TCP socket's `close` listener keeps that object, and its `req`, until the
  // connection ends (some 0.7 kB a socket). Nothing reads `req` through it once the middlewares have run, and
  // this one runs last: the upgrade itself (ws, then the engine) takes the request directly.
  io.engine.use((request: IncomingMessage, response: object, next: () => void) => {
    if (!(response instanceof ServerResponse) && 'req' in response && response.req === request) response.req = null
    next()
  })
  return io
}

/** What an admitted socket's handshake keeps: the same empty values for every socket. */
const FORGOTTEN_HANDSHAKE = { auth: Object.freeze({}), headers: Object.freeze({}), query: Object.freeze({}), time: '' }

/** What each connection's first request said about its client: its address (by TRUST_PROXY) and languages. */
const origins = new WeakMap<object, { ip: string | null; acceptLanguage: string | undefined }>()

const checkSlug = Compile(Slug)
const checkSync = Compile(SyncInput)
const checkAsk = Compile(AskInput)
const checkModerate = Compile(SocketModerateInput)
const checkClock = Compile(ClockCommandInput)
const checkEdit = Compile(SocketEditInput)
const checkBulk = Compile(BulkModerateInput)
const checkVote = Compile(VoteInput)
const checkPing = Compile(TimePing)
const checkSend = Compile(SendMessageInput)
const checkAcknowledge = Compile(AcknowledgeMessageInput)
const checkReport = Compile(ScreenReport)
const checkRevise = Compile(SocketReviseInput)
const checkWithdraw = Compile(SocketWithdrawInput)

/** Moderators get the list of screens at most this often per event, however many report. */
const SCREENS_PUSH_MS = 1000

/**
 * This process's side of a socket that stays here: the credential it joined with, and where it connects from (it
 * is its own `CallerInfo`: one object per socket rather than three).
 */
interface LocalIdentity extends CallerInfo {
  /** SHA-256 of the token presented (the stored form), or null for the public. */
  credential: string | null
  /**
   * The access this credential gave, and the event's role links it was checked against. It holds while those
   * links do; an attendee whose own access is revoked is disconnected by the feed (`socketSink.revoke`).
   */
  access: Access
  links: string
}

interface Check<I> {
  Check(value: unknown): value is I
  Errors(value: unknown): Iterable<{ keyword: string; instancePath: string; params: Record<string, unknown> }>
}

/** A client action: its payload's schema and what it does. */
interface Action {
  check: Check<unknown>
  run: (socket: TribuneSocket, input: unknown) => unknown
}

/** Kept on this process only, so nothing secret rides along when `fetchSockets()` crosses to another. */
export type SocketIdentities = WeakMap<TribuneSocket, LocalIdentity>

export interface SocketHandlers {
  /** Stops taking new actions and waits for those in flight (graceful shutdown). */
  drain(timeoutMs: number): Promise<void>
  /** Stops the presence pushes still scheduled. */
  close(): void
}

export function registerSocketHandlers(
  io: TribuneIo,
  services: Services,
  delivery: Delivery,
  local: SocketIdentities,
  log: FastifyBaseLogger,
  /** Other processes share this one's adapter (Redis). */
  clustered: boolean,
  /** Told how long each action took from receipt to acknowledgement (the metrics). */
  metrics: { acked(event: string, ok: boolean, seconds: number): void } | null = null,
): SocketHandlers {
  let inFlight = 0
  let draining = false
  let idle: (() => void) | null = null

  io.use((socket, next) => void admit(socket, next))

  async function admit(socket: TribuneSocket, next: (error?: Error) => void): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>
    const lang = pickLang(typeof auth.lang === 'string' ? auth.lang : origins.get(socket.conn)?.acceptLanguage)
    try {
      if (typeof auth.slug !== 'string' || !checkSlug.Check(auth.slug)) throw new AppError('invalid_input', { field: 'slug' })
      const credential = typeof auth.token === 'string' && auth.token !== '' ? hashSecret(auth.token) : null
      const caller = callerOf(socket, auth)
      const { event } = await services.recentEvents.load(auth.slug)
      const identity: LocalIdentity = {
        credential,
        ...caller,
        links: linksOf(event),
        access: await services.access.resolveHash(event, credential, caller),
      }
      const { ip: _ip, ...access } = identity.access
      await services.limiter.take('connect', null, caller.ip)
      local.set(socket, identity)
      socket.data = { eventId: event.id, slug: event.slug, lang, access, report: null }
      const room = rooms(event.id)
      await socket.join([room.all, room[channelOf(access)]])
      if (access.attendeeId) await socket.join(room.attendee(access.attendeeId))
      // The feed starts no later than this screen's first sync can read: nothing falls between the two.
      await delivery.attach(event.id)
      // Counted last, so that a refusal above leaves the count alone; given back when the socket goes.
      if (credential && !(await services.sockets.open(credential))) throw new AppError('rate_limited', { retryAfter: 30 })
      // A connection that closed while the checks above waited never connects, and Socket.IO then drops the socket
      // without a `disconnect`: its place is given back here (nothing can close it between here and the connect,
      // which Socket.IO runs on the next tick).
      if (socket.conn.readyState !== 'open') {
        release(socket)
        return next(new Error('closed'))
      }
      // One listener per socket, shared: it gives the count back and updates the screens' list.
      socket.on('disconnect', onDisconnect)
      // Read above, once: Socket.IO would otherwise keep the auth (the token in clear), the headers, the query and
      // a date string for the socket's life, and ship them with fetchSockets().
      Object.assign(socket.handshake, FORGOTTEN_HANDSHAKE)
      next()
    } catch (error) {
      next(rejection(error, lang, log))
    }
  }

  // The actions, defined once for every socket: one shared listener per socket (onAny) instead of a closure per
  // action and socket, which at ten thousand attendees is memory the audience's sockets do not need.
  const actions = new Map<string, Action>()
  function action<I, O>(name: keyof ClientToServerEvents, check: Check<I>, run: (socket: TribuneSocket, input: I) => O | Promise<O>) {
    actions.set(name, { check: check, run: run as Action['run'] })
  }
  action('sync', checkSync, async (socket, input) => {
    const { context, access } = await current(socket)
    return services.stream.sync(context, access, input.lastSeq)
  })
  action('question.ask', checkAsk, async (socket, input) => {
    const { event, access } = await current(socket)
    return services.questions.ask(event, access, input)
  })
  action('question.moderate', checkModerate, async (socket, { id, ...input }) => {
    const { event, access } = await current(socket)
    return services.moderation.moderate(event, access, id, input)
  })
  action('question.edit', checkEdit, async (socket, { id, ...input }) => {
    const { event, access } = await current(socket)
    return services.moderation.edit(event, access, id, input)
  })
  action('question.bulk', checkBulk, async (socket, input) => {
    const { event, access } = await current(socket)
    return services.moderation.bulk(event, access, input, socket.data.lang)
  })
  action('question.revise', checkRevise, async (socket, { id, ...input }) => {
    const { event, access } = await current(socket)
    return services.questions.revise(event, access, id, input)
  })
  action('question.withdraw', checkWithdraw, async (socket, { id, ...input }) => {
    const { event, access } = await current(socket)
    return services.questions.withdraw(event, access, id, input)
  })
  action('question.vote', checkVote, async (socket, { id, up }) => {
    const { event, access } = await current(socket)
    return services.votes.vote(event, access, id, up)
  })
  action('clock.command', checkClock, async (socket, input) => {
    const { access } = await current(socket)
    return services.clock.command(await services.events.load(socket.data.slug), access, input)
  })
  action('message.send', checkSend, async (socket, { text }) => {
    const { event, access } = await current(socket)
    return services.messages.send(event, access, text)
  })
  action('message.acknowledge', checkAcknowledge, async (socket, { id }) => {
    const { event, access } = await current(socket)
    return services.messages.acknowledge(event, access, id)
  })
  // Sub-millisecond server time: Date.now() alone would add up to 1 ms of rounding to every probe.
  action('time.ping', checkPing, (_socket, { t0 }) => ({ t0, serverNow: services.serverClock.now() }))
  action('screen.report', checkReport, async (socket, report) => {
    socket.data.report = { ...report, reportedAt: Date.now() }
    // Only reporting screens are listed: the list never walks the whole audience.
    await socket.join(rooms(socket.data.eventId).screens)
    screensChanged(socket.data.eventId)
    return null
  })

  function onAction(this: TribuneSocket, name: unknown, ...args: unknown[]): void {
    const known = typeof name === 'string' ? actions.get(name) : undefined
    if (known) perform(this, name as string, known, args)
  }
  /** Gives back the socket's place in its token's count. */
  function release(socket: TribuneSocket): void {
    const credential = local.get(socket)?.credential
    if (credential) services.sockets.close(credential).catch((error: unknown) => log.warn({ err: error }, 'socket count not released'))
  }
  function onDisconnect(this: TribuneSocket): void {
    release(this)
    if (this.data.report) screensChanged(this.data.eventId)
  }

  io.on('connection', (socket) => {
    socket.onAny(onAction)
    if (socket.data.access.role === 'moderator') screensChanged(socket.data.eventId)
  })

  const pendingPush = new Map<number, NodeJS.Timeout>()
  /** Coalesces presence updates: one list to the moderators per second at most. */
  function screensChanged(eventId: number): void {
    if (draining || pendingPush.has(eventId)) return
    pendingPush.set(
      eventId,
      setTimeout(() => {
        pendingPush.delete(eventId)
        void pushScreens(eventId).catch((error: unknown) => log.warn({ err: error }, 'screens push failed'))
      }, SCREENS_PUSH_MS).unref(),
    )
  }

  /** This process's reporting screens of an event, as the régie lists them. */
  function localScreens(eventId: number): ScreenInfo[] {
    const ids = io.of('/').adapter.rooms.get(rooms(eventId).screens) ?? new Set<string>()
    return [...ids].flatMap((id) => {
      const data = io.of('/').sockets.get(id)?.data
      return data?.report ? [{ id, role: data.access.role, ...data.report }] : []
    })
  }

  io.on('screens.collect', (eventId, reply) => reply(localScreens(eventId)))

  /** Every process's screens: asked through the adapter (with Redis), answered with the lists only. */
  async function pushScreens(eventId: number): Promise<void> {
    const others = clustered ? await io.serverSideEmitWithAck('screens.collect', eventId) : []
    io.to(rooms(eventId).moderators).emit('screens', [...localScreens(eventId), ...others.flat()])
  }

  /**
   * The event (at most a second old, and never older than the last change this process delivered) and the
   * socket's access: a rotated link stops working for sockets already open.
   */
  async function current(socket: TribuneSocket) {
    const context = await services.recentEvents.load(socket.data.slug)
    const { event } = context
    const identity = local.get(socket)
    if (!identity) throw new AppError('unauthorized')
    const links = linksOf(event)
    if (identity.links !== links) {
      const access = await services.access.resolveHash(event, identity.credential, identity)
      identity.links = links
      identity.access = access
    }
    return { context, event, access: identity.access }
  }

  /** Payloads are untrusted: whatever arrives, a caller that can be answered gets an answer, and the connection stays up. */
  function perform(socket: TribuneSocket, name: string, { check, run }: Action, args: unknown[]): void {
    const received = performance.now()
    const ack = args.at(-1)
    if (typeof ack !== 'function') return
    const reply = (result: Ack<unknown>) => {
      ;(ack as (result: Ack<unknown>) => void)(result)
      metrics?.acked(name, result.ok, (performance.now() - received) / 1000)
    }
    const payload = args.slice(0, -1)
    if (payload.length !== 1)
      return reply({
        ok: false,
        error: toErrorBody(new AppError('invalid_input', { field: 'arguments', rule: 'count' }), socket.data.lang),
      })
    const input = cleanStrings(payload[0])
    if (!check.Check(input)) {
      const error = validationError([...check.Errors(input)][0])
      return reply({ ok: false, error: toErrorBody(error, socket.data.lang) })
    }
    if (draining) return reply({ ok: false, error: toErrorBody(new AppError('unavailable'), socket.data.lang) })
    inFlight += 1
    void (async () => {
      try {
        reply({ ok: true, value: await run(socket, input) })
      } catch (error) {
        const known = knownError(error)
        if (!known) log.error({ err: error, action: name }, 'socket action failed')
        reply({ ok: false, error: toErrorBody(known ?? new AppError('internal'), socket.data.lang) })
      } finally {
        inFlight -= 1
        if (inFlight === 0) idle?.()
      }
    })()
  }

  return {
    close() {
      for (const timer of pendingPush.values()) clearTimeout(timer)
      pendingPush.clear()
    },
    async drain(timeoutMs) {
      draining = true
      if (inFlight === 0) return
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs)
        idle = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    },
  }
}

/**
 * This process's screens, as the feeds deliver to them: one packet per channel and change (Socket.IO encodes a
 * room broadcast once), only to the sockets on this process (`local`), and credentials checked at delivery.
 */
export function socketSink(io: TribuneIo, services: () => Services, local: SocketIdentities, log: FastifyBaseLogger): FeedSink {
  return {
    deliver(eventId, routed) {
      if (routed.main.some(({ change }) => change.type === 'event')) services().recentEvents.forget(eventId)
      const room = rooms(eventId)
      for (const { channel, change } of routed.main) io.local.to(room[channel]).emit('change', change)
      if (routed.own) io.local.to(room.attendee(routed.own.attendeeId)).emit('change', routed.own.change)
    },
    async revoke(eventId, attendeeId) {
      services().recentEvents.forget(eventId)
      if (attendeeId) services().access.forget(attendeeId)
      const room = rooms(eventId)
      const targets = attendeeId ? [room.attendee(attendeeId)] : [room.moderators, room.speakers]
      const sockets = await io.local.in(targets).fetchSockets()
      if (sockets.length === 0) return
      const event = await services().events.findById(eventId)
      for (const remote of sockets) {
        const socket = io.sockets.sockets.get(remote.id)
        const identity = socket ? local.get(socket) : undefined
        const still =
          event && identity
            ? await services()
                .access.resolveHash(event, identity.credential, identity)
                .catch(() => null)
            : null
        if (still?.role === remote.data.access.role && still.attendeeId === remote.data.access.attendeeId) continue
        log.info({ eventId, role: remote.data.access.role }, 'credentials revoked: screen disconnected')
        remote.disconnect(true)
      }
    },
  }
}

function rejection(error: unknown, lang: Lang, log: FastifyBaseLogger): Error & { data?: unknown } {
  const appError = error instanceof AppError ? error : new AppError('internal')
  if (!(error instanceof AppError)) log.error({ err: error }, 'socket handshake failed')
  const rejected: Error & { data?: unknown } = new Error(appError.code)
  rejected.data = toErrorBody(appError, lang)
  return rejected
}

/** The event's role links, as stored: an access checked against them holds until they change. */
function linksOf(event: EventRow): string {
  // One string per copy of the event, shared by all its sockets rather than one each.
  let links = linksByEvent.get(event)
  if (links === undefined) linksByEvent.set(event, (links = `${event.moderatorSecretHash}:${event.speakerSecretHash}`))
  return links
}
const linksByEvent = new WeakMap<EventRow, string>()

function callerOf(socket: TribuneSocket, auth: Partial<HandshakeAuth>): CallerInfo {
  // The same address as HTTP requests get: X-Forwarded-For only from the proxies TRUST_PROXY names.
  return { ip: origins.get(socket.conn)?.ip ?? null, name: typeof auth.name === 'string' ? auth.name : null }
}
