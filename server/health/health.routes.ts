// Liveness: the process answers and its database does too.
import { sql } from 'drizzle-orm'
import type { Api } from '../http/api'
import Type from 'typebox'
import type { Database } from '../../db/connect'

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
})

export function healthRoutes(app: Api, database: Database): void {
  app.get(
    '/health',
    { schema: { summary: 'Liveness, and which database this process uses', tags: ['health'], response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      try {
        await database.db.execute(sql`select 1`)
        return { status: 'ok' as const, database: database.kind }
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database: database.kind })
      }
    },
  )
}
