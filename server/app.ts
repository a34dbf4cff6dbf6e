// Builds the whole application as a Fastify instance without listening: tests call inject() on it.
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import Fastify, { type FastifyRequest } from 'fastify'
import { trustProxy } from './http/client-address'
import { securityHeaders } from './http/security-headers'
import { cleanStrings } from './contract/text'
import { FEED_PATH, feedRoutes } from './integration/feed.routes'
import { IntegrationFeeds } from './integration/feed.service'
import type { FeedSink } from './realtime/event-feed'
import type { Api } from './http/api'
import type { Database } from '../db/connect'
import { clockRoutes } from './clock/clock.routes'
import type { Config } from './config'
import { eventsRoutes } from './events/events.routes'
import { healthRoutes } from './health/health.routes'
import { Metrics } from './health/metrics'
import type { Role } from './contract/schemas'
import { registerErrorHandling } from './http/errors.plugin'
import { pagesRoutes } from './http/pages.routes'
import { exportRoutes } from './export/export.routes'
import { messagesRoutes } from './messages/messages.routes'
import { moderationRoutes } from './moderation/moderation.routes'
import { questionsRoutes } from './questions/questions.routes'
import { Delivery } from './realtime/delivery'
import { AdapterDoorbell, PostgresDoorbell } from './realtime/doorbell'
import { createSocketServer, registerSocketHandlers, type SocketIdentities, socketSink, type TribuneIo } from './realtime/socket.server'
import { StreamRepository } from './realtime/stream.repository'
import { rooms } from './realtime/rooms'
import type { Limits } from './limits/rate-limiter'
import { type RedisOptions, connectRedis, useRedisAdapter } from './realtime/redis-adapter'
import { DEFAULT_LIMITS, type LimitStore } from './limits/rate-limiter'
import { createServices, type Services } from './services'
import { registerX, socketXStatusPublisher, type XModule } from './x/x.module'
import type { XOptions } from './x/x.service'
import type { ServerClock } from './clock/server-clock'

/** How long a shutdown waits for socket actions in flight. */
const SHUTDOWN_DRAIN_MS = 10_000
/** How long a shutdown waits for the connections to write what they still buffer. */
const SHUTDOWN_FLUSH_MS = 2_000
import type { MailOptions } from './mail/mail.service'
import type { MailWorker } from './mail/mail.worker'
import { organiserRoutes } from './organiser/organiser.routes'
import { registrationRoutes } from './registration/registration.routes'
import { PresenceSampler } from './report/presence'
import { PresenceRepository } from './report/report.repository'
import { reportRoutes } from './report/report.routes'

export interface AppOptions {
  /** Where the log goes (tests keep it); standard output otherwise. */
  logStream?: NodeJS.WritableStream
  config: Pick<Config, 'publicUrl' | 'adminToken' | 'logLevel'> & {
    /** The reverse proxies whose X-Forwarded-For is believed, or a hop count (TRUST_PROXY); none by default. */
    trustProxy?: readonly string[] | number
    /** The sites that may embed the attendee page (FRAME_ANCESTORS); none by default. */
    frameAncestors?: readonly string[]
    limits?: Limits | undefined
    /** The token `npm run links` finds in the data folder (main.ts writes it). */
    localOperatorToken?: string | null
    /** METRICS_TOKEN: /metrics for whoever sends it as a Bearer token; absent, for loopback callers only. */
    metricsToken?: string | null
  }
  database: Database
  /** Folder of the Vite build; null serves the API only. */
  clientDir: string | null
  /** Where `/` leads: the default event. */
  homeSlug?: string | null
  /** Share broadcasts with other processes through Redis (REDIS_URL); absent: this process alone. */
  redis?: RedisOptions | null
  /** The X source (token, API base URL, prices, test knobs); absent: X is off. Polling starts only with x.startPolling(). */
  x?: XOptions
  /** The server's one time source (stamps and pings); absent: monotonic, anchored to the wall clock now. */
  clock?: ServerClock
  /** E-mail delivery (SMTP_URL, MAIL_FROM, DATA_DIR/outbox). Sending starts only with mail.start(). */
  mail?: MailOptions
  /** The clock of registration windows, the e-mail schedule and the report (tests inject one). */
  now?: () => Date
}

export interface App {
  app: Api
  io: TribuneIo
  services: Services
  x: XModule
  /** Sends e-mails and runs their schedule; `npm start` starts it, tests drive it with tick(). */
  mail: MailWorker
  /** Samples connected attendees for the report; `npm start` starts it, tests call sample() and flush(). */
  presence: PresenceSampler
}

export async function buildApp({
  config,
  database,
  clientDir,
  homeSlug = null,
  redis = null,
  x: xOptions,
  clock,
  logStream,
  mail: mailOptions,
  now,
}: AppOptions): Promise<App> {
  const trust = trustProxy(config.trustProxy ?? [])
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization'],
      // The integration feed takes its key in the query where a tool cannot send a header: never logged.
      serializers: { req: (request: FastifyRequest) => ({ method: request.method, url: withoutKey(request.url), host: request.host }) },
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: 64 * 1024,
    trustProxy: trust,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  const io = createSocketServer(app.server, trust)
  // One dispatcher for WebSocket upgrades: Socket.IO answers its own path, the integration feed its own, and
  // anything else is refused at once rather than left open.
  const feedUpgrades = new EventEmitter()
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = request.url ?? ''
    if (url.startsWith('/socket.io/')) return
    if (FEED_PATH.test(url)) feedUpgrades.emit('upgrade', request, socket, head)
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  })
  const onError = (error: unknown) => app.log.error({ err: error }, 'background task failed')
  const redisError = reportRedisError(app.log)
  const redisClient = redis ? await connectRedis(redis, redisError) : null
  const disconnectRedis = redis && redisClient ? useRedisAdapter(io, redisClient, redis, redisError) : null
  const limitStore: LimitStore | null = redisClient ? { redis: redisClient, prefix: redis?.streamName ?? 'tribune' } : null
  // Each process delivers every event's changes to its own screens, in order, from the stored stream.
  const identities: SocketIdentities = new WeakMap()
  let services: Services | null = null
  let feeds: IntegrationFeeds | null = null
  const metrics = new Metrics(() =>
    services
      ? {
          sockets: () => socketsByRole(io),
          xStates: () => services!.x.states(),
          pool: () => database.pool(),
          databaseKind: database.kind,
        }
      : null,
  )
  const sink = fanOut(
    countedSink(
      socketSink(io, () => services!, identities, app.log),
      io,
      metrics,
    ),
    {
      deliver: (eventId, routed) => feeds?.deliver(eventId, routed),
      revoke: async (eventId) => feeds?.revoke(eventId),
    },
  )
  const delivery = new Delivery(new StreamRepository(database.db), sink, {
    hasScreens: (eventId) => (io.of('/').adapter.rooms.get(`e${eventId}`)?.size ?? 0) > 0 || (feeds?.has(eventId) ?? false),
    onError: (error) => app.log.error({ err: error }, 'delivery failed; retrying from the last delivered change'),
  })
  services = createServices(database, delivery, {
    publicUrl: config.publicUrl,
    delivered: (eventId) => delivery.delivered(eventId),
    operatorTokens: [config.adminToken, config.localOperatorToken ?? null],
    limits: config.limits ?? DEFAULT_LIMITS,
    limitStore,
    onRefused: (limit, per) => metrics.refused(limit, per),
    onError,
    x: xOptions,
    xStatus: socketXStatusPublisher(io),
    clock,
    adminToken: config.adminToken,
    mail: mailOptions,
    now,
  })
  // The doorbell wakes the other processes' feeds: through the adapter with Redis, else PostgreSQL's NOTIFY.
  if (redis) {
    delivery.useDoorbell(new AdapterDoorbell((eventIds) => io.serverSideEmit('stream.wake', eventIds)))
    io.on('stream.wake', (eventIds) => delivery.rung(eventIds))
  } else if (database.notifications) {
    delivery.useDoorbell(await PostgresDoorbell.open(database.notifications, (eventIds) => delivery.rung(eventIds), onError))
  }

  registerErrorHandling(app)
  // Every string that comes in loses its controls and bidi marks before validation (the services then shape each
  // stored field with the same rule): a NUL anywhere would otherwise reach PostgreSQL, which refuses it.
  app.addHook('preValidation', (request, _reply, done) => {
    request.body = cleanStrings(request.body)
    cleanStrings(request.query)
    cleanStrings(request.params)
    done()
  })
  await app.register(helmet, securityHeaders(config.publicUrl))
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tribune', version: '0.1.0', description: 'Live webinar moderation and Q&A' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())

  healthRoutes(app, { database, clock: services.serverClock, redis: redisClient, metrics, metricsToken: config.metricsToken ?? null })
  eventsRoutes(app, services)
  questionsRoutes(app, services)
  clockRoutes(app, services)
  messagesRoutes(app, services)
  moderationRoutes(app, services)
  exportRoutes(app, services)
  registrationRoutes(app, services)
  organiserRoutes(app, services)
  reportRoutes(app, services)
  feeds = new IntegrationFeeds(services, (eventId) => delivery.attach(eventId), onError)
  await feedRoutes(app, feeds, feedUpgrades)
  const x = registerX(app, services)
  const mail = services.mail.createWorker(app.log.child({ module: 'mail' }))
  // Before the database closes: a send in flight records its outcome first.
  app.addHook('onClose', async () => mail.stop())
  const presence = new PresenceSampler(io, new PresenceRepository(database.db), now ?? (() => new Date()), app.log)
  app.addHook('onClose', async () => presence.stop())
  if (clientDir) await pagesRoutes(app, clientDir, homeSlug, securityHeaders(config.publicUrl, config.frameAncestors))

  const sockets = registerSocketHandlers(io, services, delivery, identities, app.log, redis !== null, metrics)
  // Shutting down: actions in flight finish and are acknowledged; then the sockets, which the HTTP server would
  // wait for forever, are ended.
  app.addHook('preClose', async () => {
    await sockets.drain(SHUTDOWN_DRAIN_MS)
    // A connection closes once what it still buffers (the last acknowledgements) is written; the engine's own
    // close would discard it, so it comes only after them, or after a bounded wait.
    const closing = [...new Set([...io.of('/').sockets.values()].map((socket) => socket.conn))]
    io.disconnectSockets(true)
    feeds?.closeAll()
    sockets.close()
    await flushed(closing, SHUTDOWN_FLUSH_MS)
    io.engine.close()
  })
  app.addHook('onClose', async () => {
    await services.tally.drain()
    await delivery.close()
    // The adapter's heartbeat and reads stop with Socket.IO; then Redis can go.
    await disconnectRedis?.()
  })
  return { app, io, services, x, mail, presence }
}

/** Resolves when every connection has closed, or after `timeoutMs`. */
function flushed(
  connections: readonly { readyState: string; once(event: 'close', listener: () => void): unknown }[],
  timeoutMs: number,
): Promise<void> {
  const open = connections.filter((connection) => connection.readyState !== 'closed')
  if (open.length === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs)
    let left = open.length
    for (const connection of open)
      connection.once('close', () => {
        left -= 1
        if (left === 0) {
          clearTimeout(timer)
          resolve()
        }
      })
  })
}

/** Both sinks get every delivery: the screens' sockets and the integration feeds. */
function fanOut(...sinks: FeedSink[]): FeedSink {
  return {
    deliver: (eventId, routed) => sinks.forEach((sink) => sink.deliver(eventId, routed)),
    revoke: async (eventId, attendeeId) => void (await Promise.all(sinks.map((sink) => sink.revoke(eventId, attendeeId)))),
  }
}

/** The socket sink, counted: each change per channel that has sockets on this process, and the sockets it reaches. */
function countedSink(sink: FeedSink, io: TribuneIo, metrics: Metrics): FeedSink {
  const local = (room: string) => io.of('/').adapter.rooms.get(room)?.size ?? 0
  return {
    deliver(eventId, routed) {
      sink.deliver(eventId, routed)
      const room = rooms(eventId)
      for (const { channel } of routed.main) metrics.changeSent(channel, local(room[channel]))
      if (routed.own) metrics.changeSent('own', local(room.attendee(routed.own.attendeeId)))
    },
    revoke: (eventId, attendeeId) => sink.revoke(eventId, attendeeId),
  }
}

/** This process's admitted sockets by role (the adapter's rooms are local; so is this namespace's socket map). */
function socketsByRole(io: TribuneIo): Map<Role, number> {
  const counts = new Map<Role, number>()
  for (const socket of io.of('/').sockets.values()) {
    const role = socket.data.access?.role
    if (role) counts.set(role, (counts.get(role) ?? 0) + 1)
  }
  return counts
}

/** A URL with its `key` parameter blanked, for the logs. */
function withoutKey(url: string): string {
  return url.replace(/([?&]key=)[^&#]*/gi, '$1[redacted]')
}

/**
 * Redis errors (the shared client's and the adapter's own connections') are logged, at most one line every 10 s per
 * kind: a Redis outage must not flood the logs, and the line says how many of the same were left out since.
 */
function reportRedisError(log: { warn(obj: object, msg: string): void }): (error: unknown) => void {
  const seen = new Map<string, { at: number; suppressed: number }>()
  return (error) => {
    const kind = error instanceof Error ? error.message : String(error)
    const now = Date.now()
    const last = seen.get(kind)
    if (last && now - last.at < 10_000) {
      last.suppressed += 1
      return
    }
    seen.set(kind, { at: now, suppressed: 0 })
    log.warn({ err: error, suppressed: last?.suppressed ?? 0 }, 'redis error (reconnecting; limits fall back to this process)')
  }
}
