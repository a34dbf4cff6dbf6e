// HTTP: the report after the event (JSON and CSV) and the « suivi écrit » export (organiser).
import { bearerToken } from '../auth/secrets'
import { Report } from '../contract/report'
import type { Api } from '../http/api'
import { requestLang } from '../http/errors.plugin'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'
import type { Services } from '../services'
import Type from 'typebox'

const organiser = { tags: ['report'], security: [{ bearer: [] }] }

export function reportRoutes(app: Api, services: Services): void {
  const token = (request: { headers: { authorization?: string } }) => bearerToken(request.headers.authorization)
  const event = (slug: string) => services.events.find(slug)
  const csv = (filename: string, body: string) => ({ filename, body })

  app.get(
    '/api/events/:slug/report',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'The report: agenda planned vs actual, questions, attendance (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: Report, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.report.report(await event(request.params.slug), token(request)),
  )

  for (const [suffix, make] of [
    [
      'report.csv',
      async (slug: string, t: string | null, lang: 'fr' | 'en') =>
        csv(`${slug}-bilan.csv`, await services.report.csv(await event(slug), t, lang)),
    ],
    [
      'follow-up.csv',
      async (slug: string, t: string | null, lang: 'fr' | 'en') =>
        csv(`${slug}-suivi-ecrit.csv`, await services.report.followUp(await event(slug), t, lang)),
    ],
  ] as const) {
    app.get(
      `/api/events/:slug/${suffix}`,
      {
        schema: {
          'x-roles': ['organiser', 'operator'],
          summary:
            suffix === 'report.csv'
              ? 'The report as CSV, in sections (organiser)'
              : '« Suivi écrit »: unanswered published questions, with the e-mails of askers who registered and agreed (organiser)',
          ...organiser,
          params: SlugParams,
          response: { 200: Type.String({ description: 'text/csv; semicolons and a byte-order mark' }), ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const file = await make(request.params.slug, token(request), requestLang(request))
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body)
      },
    )
  }
}
