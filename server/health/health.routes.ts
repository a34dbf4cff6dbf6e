// Liveness: the process answers and its database does too.
import { sql } from 'drizzle-orm'
import type { Api } from '../http/api'
import Type from 'typebox'
import type { Database } from '../../db/connect'
import type { ServerClock } from '../clock/server-clock'

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  clockDriftMs: Type.Optional(
    Type.Number({
      description:
        'How far the host clock has stepped since the server clock was anchored (at start); screens stay consistent, times of day are off by this until a restart',
    }),
  ),
})

export function healthRoutes(app: Api, database: Database, clock: ServerClock): void {
  app.get(
    '/health',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Liveness, and which database this process uses',
        tags: ['health'],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      try {
        await database.db.execute(sql`select 1`)
        return { status: 'ok' as const, database: database.kind, clockDriftMs: Math.round(clock.driftMs()) }
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database: database.kind })
      }
    },
  )
}
