// Export at any time, also while live (moderator): CSV for spreadsheets, JSON for archives.
import Type from 'typebox'
import type { Api } from '../http/api'
import { requireRole } from '../auth/access'
import { callerOf } from '../http/context'
import type { Services } from '../services'
import { toCsv } from './export'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'

export function exportRoutes(app: Api, services: Services): void {
  const load = async (request: Parameters<typeof callerOf>[1], slug: string) => {
    const { event, access } = await callerOf(services, request, slug)
    requireRole(access, 'moderator')
    const context = await services.events.load(slug)
    return { context, items: await services.questions.list(event, access) }
  }

  app.get(
    '/api/events/:slug/export.csv',
    {
      schema: {
        summary: 'All questions as CSV (moderator)',
        tags: ['export'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: { 200: Type.String({ description: 'text/csv; semicolons and a byte-order mark' }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { items } = await load(request, request.params.slug)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.slug}-questions.csv"`)
        .send(toCsv(items))
    },
  )

  app.get(
    '/api/events/:slug/export.json',
    {
      schema: {
        summary: 'The event, its clock log and all questions as JSON (moderator)',
        tags: ['export'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: {
          200: Type.String({ description: 'application/json: { exportedAt, event, clock, stats, questions }' }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { context, items } = await load(request, request.params.slug)
      const body = {
        exportedAt: new Date().toISOString(),
        event: context.view,
        clock: await services.clock.view(context),
        stats: await services.tally.stats(context.event.id),
        questions: items,
      }
      return reply
        .header('content-disposition', `attachment; filename="${request.params.slug}-questions.json"`)
        .type('application/json')
        .send(JSON.stringify(body, null, 2))
    },
  )
}
