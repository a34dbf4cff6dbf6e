// HTTP twin of the moderator's clock controls, and the public clock reading.
import type { Api } from '../http/api'
import { ClockCommandInput, ClockView } from '../contract/clock'
import { callerOf } from '../http/context'
import type { Services } from '../services'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'

export function clockRoutes(app: Api, services: Services): void {
  app.get(
    '/api/events/:slug/clock',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'The agenda clock now, with serverNow and the command log screens fold themselves',
        tags: ['clock'],
        params: SlugParams,
        response: { 200: ClockView, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.clock.view(await services.events.load(request.params.slug)),
  )

  app.post(
    '/api/events/:slug/clock',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'A clock command (moderator): start, next, previous, goto, pause, resume, adjust, end, reset',
        tags: ['clock'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: ClockCommandInput,
        response: { 200: ClockView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { access } = await callerOf(services, request, request.params.slug)
      return services.clock.command(await services.events.load(request.params.slug), access, request.body)
    },
  )
}
