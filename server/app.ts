// Builds the whole application as a Fastify instance without listening: tests call inject() on it.
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import type { Api } from './http/api'
import type { Database } from '../db/connect'
import { clockRoutes } from './clock/clock.routes'
import type { Config } from './config'
import { eventsRoutes } from './events/events.routes'
import { healthRoutes } from './health/health.routes'
import { registerErrorHandling } from './http/errors.plugin'
import { pagesRoutes } from './http/pages.routes'
import { exportRoutes } from './export/export.routes'
import { messagesRoutes } from './messages/messages.routes'
import { moderationRoutes } from './moderation/moderation.routes'
import { questionsRoutes } from './questions/questions.routes'
import { SocketBroadcaster } from './realtime/socket.broadcaster'
import { createSocketServer, registerSocketHandlers, type TribuneIo } from './realtime/socket.server'
import type { Limits } from './limits/rate-limiter'
import { type RedisOptions, useRedisAdapter } from './realtime/redis-adapter'
import { createServices, type Services } from './services'
import { registerX, socketXStatusPublisher, type XModule } from './x/x.module'
import type { XOptions } from './x/x.service'
import type { MailOptions } from './mail/mail.service'
import type { MailWorker } from './mail/mail.worker'
import { organiserRoutes } from './organiser/organiser.routes'
import { registrationRoutes } from './registration/registration.routes'
import { PresenceSampler } from './report/presence'
import { PresenceRepository } from './report/report.repository'
import { reportRoutes } from './report/report.routes'

export interface AppOptions {
  config: Pick<Config, 'publicUrl' | 'adminToken' | 'logLevel'> & { limits?: Limits }
  database: Database
  /** Folder of the Vite build; null serves the API only. */
  clientDir: string | null
  /** Where `/` leads: the default event. */
  homeSlug?: string | null
  /** Share broadcasts with other processes through Redis (REDIS_URL); absent: this process alone. */
  redis?: RedisOptions | null
  /** The X source (token, API base URL, prices, test knobs); absent: X is off. Polling starts only with x.startPolling(). */
  x?: XOptions
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
  mail: mailOptions,
  now,
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: 64 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  const io = createSocketServer(app.server)
  const disconnectRedis = redis ? await useRedisAdapter(io, redis) : null
  const services = createServices(database, new SocketBroadcaster(io), {
    publicUrl: config.publicUrl,
    limits: config.limits,
    onError: (error) => app.log.error({ err: error }, 'background task failed'),
    x: xOptions,
    xStatus: socketXStatusPublisher(io),
    adminToken: config.adminToken,
    mail: mailOptions,
    now,
  })

  registerErrorHandling(app)
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tribune', version: '0.1.0', description: 'Live webinar moderation and Q&A' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())

  healthRoutes(app, database)
  eventsRoutes(app, services, config.adminToken)
  questionsRoutes(app, services)
  clockRoutes(app, services)
  messagesRoutes(app, services)
  moderationRoutes(app, services, database.db)
  exportRoutes(app, services)
  registrationRoutes(app, services)
  organiserRoutes(app, services)
  reportRoutes(app, services)
  const x = registerX(app, services)
  const mail = services.mail.createWorker(app.log.child({ module: 'mail' }))
  // Before the database closes: a send in flight records its outcome first.
  app.addHook('onClose', async () => mail.stop())
  const presence = new PresenceSampler(io, new PresenceRepository(database.db), now ?? (() => new Date()), app.log)
  app.addHook('onClose', async () => presence.stop())
  if (clientDir) await pagesRoutes(app, clientDir, homeSlug)

  registerSocketHandlers(io, services, app.log)
  // Sockets are upgraded connections the HTTP server would wait for forever: end them first.
  app.addHook('preClose', (done) => {
    io.disconnectSockets(true)
    io.engine.close()
    done()
  })
  app.addHook('onClose', async () => {
    await services.tally.drain()
    // The adapter's heartbeat and reads stop with Socket.IO; then Redis can go.
    if (disconnectRedis) {
      await io.of('/').adapter.close()
      await disconnectRedis()
    }
  })
  return { app, io, services, x, mail, presence }
}
