// HTTP twins of the socket actions: ask, list, moderate. Same schemas, same service calls.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AskInput, ErrorResponse, ItemView, ModerateInput, Slug, VoteResult } from '../contract/schemas'
import { callerOf } from '../http/context'
import type { Services } from '../services'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }
const SlugParams = Type.Object({ slug: Slug })
const ItemParams = Type.Object({ slug: Slug, id: Type.String({ format: 'uuid' }) })

export function questionsRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Params: { slug: string }; Body: AskInput }>(
    '/api/events/:slug/questions',
    {
      schema: {
        summary: 'Ask a question (attendee); a retry with the same idempotencyKey returns the first one',
        tags: ['questions'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: AskInput,
        response: { 201: ItemView, ...errors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return reply.status(201).send(await services.questions.ask(event, access, request.body))
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/api/events/:slug/questions',
    {
      schema: {
        summary: 'Questions the caller may see: all for moderators, published plus their own for others',
        tags: ['questions'],
        params: SlugParams,
        response: { 200: Type.Array(ItemView), ...errors },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.questions.list(event, access)
    },
  )

  app.post<{ Params: { slug: string; id: string } }>(
    '/api/events/:slug/questions/:id/vote',
    {
      schema: {
        summary: 'Upvote a published question (attendee); idempotent',
        tags: ['votes'],
        security: [{ bearer: [] }],
        params: ItemParams,
        response: { 200: VoteResult, ...errors, 429: ErrorResponse },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.votes.vote(event, access, request.params.id, true)
    },
  )

  app.delete<{ Params: { slug: string; id: string } }>(
    '/api/events/:slug/questions/:id/vote',
    {
      schema: {
        summary: 'Remove one’s upvote (attendee); idempotent',
        tags: ['votes'],
        security: [{ bearer: [] }],
        params: ItemParams,
        response: { 200: VoteResult, ...errors, 429: ErrorResponse },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.votes.vote(event, access, request.params.id, false)
    },
  )

  app.post<{ Params: { slug: string; id: string }; Body: ModerateInput }>(
    '/api/events/:slug/questions/:id/moderation',
    {
      schema: {
        summary: 'A moderation transition (moderator); 409 with the current item when `version` is stale',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: ItemParams,
        body: ModerateInput,
        response: { 200: ItemView, ...errors, 409: Type.Object({ ...ErrorResponse.properties, current: Type.Optional(ItemView) }) },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.moderation.moderate(event, access, request.params.id, request.body)
    },
  )
}
