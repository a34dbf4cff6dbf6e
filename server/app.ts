// Builds the whole application as a Fastify instance without listening: tests call inject() on it.
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Database } from '../db/connect'
import { clockRoutes } from './clock/clock.routes'
import type { Config } from './config'
import { eventsRoutes } from './events/events.routes'
import { healthRoutes } from './health/health.routes'
import { registerErrorHandling } from './http/errors.plugin'
import { pagesRoutes } from './http/pages.routes'
import { messagesRoutes } from './messages/messages.routes'
import { questionsRoutes } from './questions/questions.routes'
import { SocketBroadcaster } from './realtime/socket.broadcaster'
import { createSocketServer, registerSocketHandlers, type TribuneIo } from './realtime/socket.server'
import { createServices, type Services } from './services'

export interface AppOptions {
  config: Pick<Config, 'publicUrl' | 'adminToken' | 'logLevel'>
  database: Database
  /** Folder of the Vite build; null serves the API only. */
  clientDir: string | null
}

export interface App {
  app: FastifyInstance
  io: TribuneIo
  services: Services
}

export async function buildApp({ config, database, clientDir }: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: 64 * 1024,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  })
  const io = createSocketServer(app.server)
  const services = createServices(database, new SocketBroadcaster(io), config.publicUrl)

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
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  healthRoutes(app, database)
  eventsRoutes(app, services, config.adminToken)
  questionsRoutes(app, services)
  clockRoutes(app, services)
  messagesRoutes(app, services)
  if (clientDir) await pagesRoutes(app, clientDir)

  registerSocketHandlers(io, services, app.log)
  // Sockets are upgraded connections the HTTP server would wait for forever: end them first.
  app.addHook('preClose', async () => {
    io.disconnectSockets(true)
    io.engine.close()
  })
  return { app, io, services }
}
