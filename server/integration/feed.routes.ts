// The integration feed on the network: a plain WebSocket at /api/events/:slug/feed (@fastify/websocket), the same
// URL answering a plain GET with the whole state, and one GET per message type for tools that poll.
import type { EventEmitter } from 'node:events'
import websocket from '@fastify/websocket'
import type { FastifyRequest } from 'fastify'
import type { Access } from '../auth/access'
import { bearerToken, hashSecret } from '../auth/secrets'
import { FeedClock, FeedOnAir, FeedPublished, FeedQuery, FeedState } from '../contract/feed'
import type { EventContext } from '../events/events.service'
import type { Api } from '../http/api'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'
import type { IntegrationFeeds } from './feed.service'

/** A feed that sends no pong for this long is gone (a laptop closed, a cable pulled): it is ended. */
const HEARTBEAT_MS = 30_000

interface Authorised {
  context: EventContext
  access: Access
  credential: string
}

/** The feed's path, for the upgrade dispatcher (the query string is not part of it). */
export const FEED_PATH = /^\/api\/events\/[^/?#]+\/feed(?:\?|$)/

export async function feedRoutes(app: Api, feeds: IntegrationFeeds, upgrades: EventEmitter): Promise<void> {
  // Upgrades reach the plugin only for the feed's path (see app.ts): Socket.IO keeps its own.
  await app.register(websocket, { options: { server: upgrades as never, maxPayload: 1024, perMessageDeflate: false } })

  const authorised = new WeakMap<FastifyRequest, Authorised>()
  // The key as the tool can send it: an Authorization header, or `?key=` where it cannot (browsers' WebSocket,
  // vMix data sources). The query's key is blanked out of the logs (app.ts).
  async function authorise(request: FastifyRequest<{ Params: { slug: string }; Querystring: { key?: string } }>): Promise<void> {
    const key = bearerToken(request.headers.authorization) ?? request.query.key ?? null
    const credential = key ? hashSecret(key) : null
    const { context, access } = await feeds.authorise(request.params.slug, credential, request.ip)
    authorised.set(request, { context, access, credential: credential! })
  }
  const callerOf = (request: FastifyRequest): Authorised => authorised.get(request)!

  const common = {
    'x-roles': ['speaker', 'moderator'],
    tags: ['integration'],
    security: [{ bearer: [] }],
    params: SlugParams,
    querystring: FeedQuery,
  }

  app.route({
    method: 'GET',
    url: '/api/events/:slug/feed',
    schema: {
      ...common,
      summary:
        'Integration feed (speaker key): a WebSocket of JSON messages (hello, clock, on_air, published); a plain GET returns them all',
      response: { 200: FeedState, ...ERROR_RESPONSES },
    },
    preHandler: authorise,
    handler: async (request) => feeds.state(callerOf(request).context),
    wsHandler: (socket, request) => {
      const { context, credential } = callerOf(request)
      const connection = {
        send: (text: string) => socket.send(text),
        close: (code: number, reason: string) => socket.close(code, reason),
        get bufferedAmount() {
          return socket.bufferedAmount
        },
      }
      // Read-only: anything a tool sends is ignored (the size limit above closes a connection that floods).
      socket.on('message', () => {})
      let alive = true
      socket.on('pong', () => (alive = true))
      const heartbeat = setInterval(() => {
        if (!alive) return socket.terminate()
        alive = false
        socket.ping()
      }, HEARTBEAT_MS)
      heartbeat.unref()
      socket.on('close', () => {
        clearInterval(heartbeat)
        feeds.close(context.event.id, connection)
      })
      feeds.open(context, connection, credential, request.ip).catch((error: unknown) => {
        // Refused after the upgrade (too many connections from this address): said in the close frame.
        const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'internal'
        socket.close(code === 'rate_limited' ? 4429 : 1011, code)
      })
    },
  })

  app.get(
    '/api/events/:slug/feed/clock',
    {
      schema: { ...common, summary: 'The feed’s clock message now (speaker key)', response: { 200: FeedClock, ...ERROR_RESPONSES } },
      preHandler: authorise,
    },
    async (request) => (await feeds.state(callerOf(request).context)).clock,
  )
  app.get(
    '/api/events/:slug/feed/on-air',
    {
      schema: { ...common, summary: 'The feed’s on_air message now (speaker key)', response: { 200: FeedOnAir, ...ERROR_RESPONSES } },
      preHandler: authorise,
    },
    async (request) => (await feeds.state(callerOf(request).context)).onAir,
  )
  app.get(
    '/api/events/:slug/feed/published',
    {
      schema: {
        ...common,
        summary: 'The feed’s published message now (speaker key)',
        response: { 200: FeedPublished, ...ERROR_RESPONSES },
      },
      preHandler: authorise,
    },
    async (request) => (await feeds.state(callerOf(request).context)).published,
  )
}
