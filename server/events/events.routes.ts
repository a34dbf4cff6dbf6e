// HTTP: create an event (operator), read an event, join as an attendee.
import type { Api } from '../http/api'
import Type from 'typebox'
import { bearerToken } from '../auth/secrets'
import { CreateEventInput, CreateEventResult, EventView, JoinInput, JoinResult } from '../contract/schemas'
import type { Services } from '../services'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'

export function eventsRoutes(app: Api, services: Services): void {
  app.post(
    '/api/events',
    {
      schema: {
        'x-roles': ['operator'],
        summary: 'Create an event with its agenda (operator)',
        tags: ['events'],
        security: [{ bearer: [] }],
        body: CreateEventInput,
        response: { 201: CreateEventResult, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      services.operator.require(bearerToken(request.headers.authorization))
      return reply.status(201).send(await services.events.create(request.body))
    },
  )

  app.get(
    '/api/events/:slug',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'The public event and its agenda; instants are ISO 8601 with offset',
        tags: ['events'],
        params: SlugParams,
        response: { 200: EventView, ...ERROR_RESPONSES },
      },
    },
    async (request) => (await services.events.load(request.params.slug)).view,
  )

  app.post(
    '/api/events/:slug/attendees',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Join as an attendee: returns an attendee session token',
        tags: ['attendees'],
        params: SlugParams,
        body: Type.Optional(JoinInput),
        response: { 201: JoinResult, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const event = await services.events.find(request.params.slug)
      return reply.status(201).send(await services.access.join(event, request.body ?? {}, request.ip))
    },
  )
}
