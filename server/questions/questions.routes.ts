// HTTP twins of the socket actions: ask, list, moderate. Same schemas, same service calls.
import type { Api } from '../http/api'
import Type from 'typebox'
import { AskInput, ErrorResponse, ItemView, ModerateInput, ReviseInput, VoteResult, WithdrawInput } from '../contract/schemas'
import { callerOf } from '../http/context'
import type { Services } from '../services'
import { ERROR_RESPONSES, ItemParams, SlugParams } from '../http/route-schemas'

export function questionsRoutes(app: Api, services: Services): void {
  app.post(
    '/api/events/:slug/questions',
    {
      schema: {
        'x-roles': ['attendee'],
        summary: 'Ask a question (attendee); a retry with the same idempotencyKey returns the first one',
        tags: ['questions'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: AskInput,
        response: { 201: ItemView, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return reply.status(201).send(await services.questions.ask(event, access, request.body))
    },
  )

  app.get(
    '/api/events/:slug/questions',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Questions the caller may see: all for moderators, published plus their own for others',
        tags: ['questions'],
        params: SlugParams,
        response: { 200: Type.Array(ItemView), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.questions.list(event, access)
    },
  )

  const voteRoutes = [
    { method: 'POST', up: true, summary: 'Upvote a published question (attendee); idempotent' },
    { method: 'DELETE', up: false, summary: 'Remove one’s upvote (attendee); idempotent' },
  ] as const
  for (const { method, up, summary } of voteRoutes) {
    app.route({
      method,
      url: '/api/events/:slug/questions/:id/vote',
      schema: {
        'x-roles': ['attendee'],
        summary,
        tags: ['votes'],
        security: [{ bearer: [] }],
        params: ItemParams,
        response: { 200: VoteResult, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { event, access } = await callerOf(services, request, request.params.slug)
        return services.votes.vote(event, access, request.params.id, up)
      },
    })
  }

  // The asker's own question, while it awaits moderation: reword it, or take it back.
  app.post(
    '/api/events/:slug/questions/:id/revision',
    {
      schema: {
        'x-roles': ['attendee'],
        summary: 'Reword one’s own question while it awaits moderation (attendee); 409 once the régie has handled it',
        tags: ['questions'],
        security: [{ bearer: [] }],
        params: ItemParams,
        body: ReviseInput,
        response: {
          200: ItemView,
          ...ERROR_RESPONSES,
          409: Type.Object({ ...ErrorResponse.properties, current: Type.Optional(ItemView) }),
        },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.questions.revise(event, access, request.params.id, request.body)
    },
  )

  app.post(
    '/api/events/:slug/questions/:id/withdrawal',
    {
      schema: {
        'x-roles': ['attendee'],
        summary: 'Withdraw one’s own question while it awaits moderation (attendee); 409 once the régie has handled it',
        tags: ['questions'],
        security: [{ bearer: [] }],
        params: ItemParams,
        body: WithdrawInput,
        response: {
          200: ItemView,
          ...ERROR_RESPONSES,
          409: Type.Object({ ...ErrorResponse.properties, current: Type.Optional(ItemView) }),
        },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.questions.withdraw(event, access, request.params.id, request.body)
    },
  )

  app.post(
    '/api/events/:slug/questions/:id/moderation',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'A moderation transition (moderator); 409 with the current item when `version` is stale',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: ItemParams,
        body: ModerateInput,
        response: {
          200: ItemView,
          ...ERROR_RESPONSES,
          409: Type.Object({ ...ErrorResponse.properties, current: Type.Optional(ItemView) }),
        },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.moderation.moderate(event, access, request.params.id, request.body)
    },
  )
}
