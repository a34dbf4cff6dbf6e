// Export at any time, also while live (moderator): CSV for spreadsheets, JSON for archives.
import Type from 'typebox'
import type { Api } from '../http/api'
import { requireRole } from '../auth/access'
import { Lang } from '../contract/schemas'
import { callerOf } from '../http/context'
import { requestLang } from '../http/errors.plugin'
import type { Services } from '../services'
import { toCsv, zoned, zonedItem } from './export'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'

const ExportQuery = Type.Object(
  { lang: Type.Optional(Lang) },
  { additionalProperties: false, description: 'lang: the CSV’s headers and words; default from Accept-Language, French first' },
)

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
        'x-roles': ['moderator'],
        summary: 'All questions as CSV (moderator): times in the event’s zone with their offset, headers in French or English',
        tags: ['export'],
        security: [{ bearer: [] }],
        params: SlugParams,
        querystring: ExportQuery,
        response: { 200: Type.String({ description: 'text/csv; semicolons and a byte-order mark' }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { context, items } = await load(request, request.params.slug)
      const lang = request.query.lang ?? requestLang(request)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-language', lang)
        .header('content-disposition', `attachment; filename="${request.params.slug}-questions.csv"`)
        .send(toCsv(items, { lang, event: context.view }))
    },
  )

  app.get(
    '/api/events/:slug/export.json',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'The event, its clock and all questions as JSON (moderator): stable codes, times in the event’s zone',
        tags: ['export'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: {
          200: Type.String({ description: 'application/json: { exportedAt, timeZone, event, clock, stats, questions }' }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { context, items } = await load(request, request.params.slug)
      const timeZone = context.view.timeZone
      const body = {
        exportedAt: zoned(new Date().toISOString(), timeZone),
        timeZone,
        event: context.view,
        clock: await services.clock.view(context),
        stats: await services.tally.stats(context.event.id),
        questions: items.map((item) => zonedItem(item, timeZone)),
      }
      return reply
        .header('content-disposition', `attachment; filename="${request.params.slug}-questions.json"`)
        .type('application/json')
        .send(JSON.stringify(body, null, 2))
    },
  )
}
