// Socket.IO on Fastify's own HTTP server: handshake auth, rooms, and the client actions.
import type { Server as HttpServer } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import { Server, type Socket } from 'socket.io'
import { Compile } from 'typebox/compile'
import type { Access, CallerInfo } from '../auth/access'
import { ClockCommandInput, type ScreenInfo, type ScreenReport, TimePing } from '../contract/clock'
import type { Ack, ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../contract/realtime'
import { ScreenReport as ScreenReportSchema } from '../contract/clock'
import { AcknowledgeMessageInput, SendMessageInput } from '../contract/messages'
import { AskInput, BulkModerateInput, type Lang, SocketEditInput, SocketModerateInput, SyncInput, VoteInput } from '../contract/schemas'
import { AppError, toErrorBody } from '../errors'
import { validationError } from '../http/validation'
import { pickLang } from '../i18n/messages'
import type { Services } from '../services'
import { rooms } from './rooms'

export type TribuneIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
type TribuneSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

interface SocketData {
  eventId: number
  slug: string
  report: (ScreenReport & { reportedAt: number }) | null
  caller: CallerInfo
  token: string | null
  lang: Lang
  access: Access
}

export function createSocketServer(httpServer: HttpServer): TribuneIo {
  return new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 })
}

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
const checkReport = Compile(ScreenReportSchema)

/** Moderators get the list of screens at most this often per event, however many report. */
const SCREENS_PUSH_MS = 1000

export function registerSocketHandlers(io: TribuneIo, services: Services, log: FastifyBaseLogger): void {
  io.use((socket, next) => void admit(socket, next))
  async function admit(socket: TribuneSocket, next: (error?: Error) => void): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>
    const lang = pickLang(typeof auth.lang === 'string' ? auth.lang : socket.handshake.headers['accept-language'])
    try {
      if (typeof auth.slug !== 'string') throw new AppError('invalid_input', { field: 'slug' })
      const token = typeof auth.token === 'string' && auth.token !== '' ? auth.token : null
      const event = await services.events.find(auth.slug)
      const access = await services.access.resolve(event, token, callerOf(socket, auth))
      socket.data = { eventId: event.id, slug: event.slug, token, lang, access, report: null, caller: callerOf(socket, auth) }
      const room = rooms(event.id)
      const audienceRoom = access.role === 'moderator' ? room.moderators : access.role === 'speaker' ? room.speakers : room.audience
      await socket.join([room.all, audienceRoom])
      if (access.attendeeId) await socket.join(room.attendee(access.attendeeId))
      next()
    } catch (error) {
      next(rejection(error, lang, log))
    }
  }

  io.on('connection', (socket) => {
    handle(socket, 'sync', checkSync, async (input) => {
      const context = await services.events.load(socket.data.slug)
      return services.stream.sync(context, socket.data.access, input.lastSeq)
    })
    handle(socket, 'question.ask', checkAsk, async (input) => {
      const { event, access } = await current(socket)
      return services.questions.ask(event, access, input)
    })
    handle(socket, 'question.moderate', checkModerate, async ({ id, ...input }) => {
      const { event, access } = await current(socket)
      return services.moderation.moderate(event, access, id, input)
    })
    handle(socket, 'question.edit', checkEdit, async ({ id, ...input }) => {
      const { event, access } = await current(socket)
      return services.moderation.edit(event, access, id, input)
    })
    handle(socket, 'question.bulk', checkBulk, async (input) => {
      const { event, access } = await current(socket)
      return services.moderation.bulk(event, access, input, socket.data.lang)
    })
    handle(socket, 'question.vote', checkVote, async ({ id, up }) => {
      const { event, access } = await current(socket)
      return services.votes.vote(event, access, id, up)
    })
    handle(socket, 'clock.command', checkClock, async (input) => {
      const { access } = await current(socket)
      return services.clock.command(await services.events.load(socket.data.slug), access, input)
    })
    handle(socket, 'message.send', checkSend, async ({ text }) => {
      const { event, access } = await current(socket)
      return services.messages.send(event, access, text)
    })
    handle(socket, 'message.acknowledge', checkAcknowledge, async ({ id }) => {
      const { event, access } = await current(socket)
      return services.messages.acknowledge(event, access, id)
    })
    // Sub-millisecond server time: Date.now() alone would add up to 1 ms of rounding to every probe.
    handle(socket, 'time.ping', checkPing, ({ t0 }) => ({ t0, serverNow: services.serverClock.now() }))
    handle(socket, 'screen.report', checkReport, (report) => {
      socket.data.report = { ...report, reportedAt: Date.now() }
      screensChanged(socket.data.eventId)
      return null
    })
    socket.on('disconnect', () => {
      if (socket.data.report) screensChanged(socket.data.eventId)
    })
    if (socket.data.access.role === 'moderator') screensChanged(socket.data.eventId)
  })

  const pendingPush = new Map<number, NodeJS.Timeout>()
  /** Coalesces presence updates: one list to the moderators per second at most. */
  function screensChanged(eventId: number): void {
    if (pendingPush.has(eventId)) return
    pendingPush.set(
      eventId,
      setTimeout(() => {
        pendingPush.delete(eventId)
        void pushScreens(eventId).catch((error: unknown) => log.warn({ err: error }, 'screens push failed'))
      }, SCREENS_PUSH_MS).unref(),
    )
  }

  async function pushScreens(eventId: number): Promise<void> {
    const room = rooms(eventId)
    const sockets = await io.in(room.all).fetchSockets()
    const screens: ScreenInfo[] = sockets.flatMap((s) => (s.data.report ? [{ id: s.id, role: s.data.access.role, ...s.data.report }] : []))
    io.to(room.moderators).emit('screens', screens)
  }

  /** The event and access as they are now: a rotated link stops working for sockets already open. */
  async function current(socket: TribuneSocket) {
    const event = await services.events.find(socket.data.slug)
    return { event, access: await services.access.resolve(event, socket.data.token, socket.data.caller) }
  }

  function handle<I, O>(
    socket: TribuneSocket,
    name: keyof ClientToServerEvents,
    check: {
      Check(value: unknown): value is I
      Errors(value: unknown): Iterable<{ keyword: string; instancePath: string; params: Record<string, unknown> }>
    },
    run: (input: I) => O | Promise<O>,
  ): void {
    // Payloads are untrusted: a bad one gets an error acknowledgement and the connection stays up.
    ;(socket as unknown as Socket).on(name, async (input: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return
      const reply = ack as (result: Ack<O>) => void
      if (!check.Check(input)) {
        const first = [...check.Errors(input)][0]
        const error = validationError(first)
        return reply({ ok: false, error: toErrorBody(error, socket.data.lang) })
      }
      try {
        reply({ ok: true, value: await run(input) })
      } catch (error) {
        if (!(error instanceof AppError)) log.error({ err: error, action: name }, 'socket action failed')
        reply({ ok: false, error: toErrorBody(error instanceof AppError ? error : new AppError('internal'), socket.data.lang) })
      }
    })
  }
}

function rejection(error: unknown, lang: Lang, log: FastifyBaseLogger): Error & { data?: unknown } {
  const appError = error instanceof AppError ? error : new AppError('internal')
  if (!(error instanceof AppError)) log.error({ err: error }, 'socket handshake failed')
  const rejected: Error & { data?: unknown } = new Error(appError.code)
  rejected.data = toErrorBody(appError, lang)
  return rejected
}

function callerOf(
  socket: { handshake: { address: string; headers: Record<string, string | string[] | undefined> } },
  auth: Partial<HandshakeAuth>,
): CallerInfo {
  // Behind a proxy the client's address is the first X-Forwarded-For entry, as Fastify's trustProxy reads it.
  const forwarded = socket.handshake.headers['x-forwarded-for']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  return { ip: first || socket.handshake.address, name: typeof auth.name === 'string' ? auth.name : null }
}
