// HTTP twins of the socket actions: message the speakers (moderator), acknowledge (speaker).
import type { Api } from '../http/api'
import { SendMessageInput, SpeakerMessage } from '../contract/messages'
import { callerOf } from '../http/context'
import type { Services } from '../services'
import { ERROR_RESPONSES, ItemParams, SlugParams } from '../http/route-schemas'

export function messagesRoutes(app: Api, services: Services): void {
  app.post(
    '/api/events/:slug/messages',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Send a message to the speakers’ stage screen (moderator)',
        tags: ['messages'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: SendMessageInput,
        response: { 201: SpeakerMessage, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return reply.status(201).send(await services.messages.send(event, access, request.body.text))
    },
  )

  app.post(
    '/api/events/:slug/messages/:id/acknowledgement',
    {
      schema: {
        'x-roles': ['speaker'],
        summary: 'Acknowledge a message (speaker)',
        tags: ['messages'],
        security: [{ bearer: [] }],
        params: ItemParams,
        response: { 200: SpeakerMessage, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.messages.acknowledge(event, access, request.params.id)
    },
  )
}
