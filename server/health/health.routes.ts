// Liveness and readiness: the database (a real query), Redis when configured (PING), the event loop's delay and the
// clock's drift; and /metrics for Prometheus.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import type { RedisClientType } from 'redis'
import Type from 'typebox'
import type { Database } from '../../db/connect'
import type { ServerClock } from '../clock/server-clock'
import { AppError } from '../errors'
import type { Api } from '../http/api'
import { type Metrics, metricsAllowed } from './metrics'

/** A dependency that answers slower than this is reported failed: a check must not hang the health probe. */
const CHECK_TIMEOUT_MS = 1000
/** The event loop's delay is reported over windows of this length (the last complete one). */
const LOOP_WINDOW_MS = 10_000

const Check = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('failed')]),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
})

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
    description: 'degraded (HTTP 503) when the database or the configured Redis does not answer',
  }),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  checks: Type.Object({
    database: Check,
    redis: Type.Optional(Check),
  }),
  eventLoopDelayMs: Type.Object(
    { p50: Type.Number(), p99: Type.Number(), max: Type.Number(), windowMs: Type.Number() },
    { description: 'How late timers ran over the last complete window (10 s): over ~100 ms, screens lag' },
  ),
  clockDriftMs: Type.Number({
    description:
      'How far the host clock has stepped since the server clock was anchored (at start); screens stay consistent, times of day are off by this until a restart',
  }),
})

export interface HealthParts {
  database: Database
  clock: ServerClock
  /** The shared Redis client when REDIS_URL is set; null otherwise (not checked, not reported). */
  redis: RedisClientType | null
  metrics: Metrics
  /** METRICS_TOKEN; null: /metrics answers loopback callers only. */
  metricsToken: string | null
}

export function healthRoutes(app: Api, parts: HealthParts): void {
  const loop = eventLoopWindow()

  app.get(
    '/health',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Liveness and readiness: database, Redis, event loop delay, clock drift',
        tags: ['health'],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([
        check(() => parts.database.db.execute(sql`select 1`)),
        parts.redis ? checkRedis(parts.redis) : Promise.resolve(undefined),
      ])
      const healthy = database.status === 'ok' && (redis?.status ?? 'ok') === 'ok'
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? ('ok' as const) : ('degraded' as const),
        database: parts.database.kind,
        checks: { database, ...(redis ? { redis } : {}) },
        eventLoopDelayMs: loop.read(),
        clockDriftMs: Math.round(parts.clock.driftMs()),
      })
    },
  )

  app.get(
    '/metrics',
    // Not part of the API document: an operator's endpoint with its own access rule (loopback, or METRICS_TOKEN).
    { schema: { hide: true, summary: 'Prometheus metrics of this process (loopback, or METRICS_TOKEN)', tags: ['health'] } },
    async (request, reply) => {
      const allowed = metricsAllowed(parts.metricsToken, request)
      if (allowed !== 'ok') throw new AppError(allowed)
      const text = await parts.metrics.registry.metrics()
      return reply.type(parts.metrics.registry.contentType).send(text)
    },
  )
}

type CheckResult = { status: 'ok' | 'failed'; latencyMs?: number; error?: string }

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)
      }),
    ])
    return { status: 'ok', latencyMs: round(performance.now() - started) }
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) }
  } finally {
    clearTimeout(timer)
  }
}

/** A client still reconnecting would queue the PING until Redis is back: that is a failure, said at once. */
function checkRedis(client: RedisClientType): Promise<CheckResult> {
  if (!client.isReady) return Promise.resolve({ status: 'failed', error: 'not connected (reconnecting)' })
  return check(() => client.ping())
}

type LoopDelay = { p50: number; p99: number; max: number; windowMs: number }
let processLoop: { read(): LoopDelay } | null = null

/**
 * perf_hooks' histogram of timer lateness, read and reset every window; /health shows the last complete one. One
 * per process (the event loop is the process's, and tests start several apps): it runs until the process ends.
 */
function eventLoopWindow(): { read(): LoopDelay } {
  processLoop ??= startEventLoopWindow()
  return processLoop
}

function startEventLoopWindow(): { read(): LoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  const started = performance.now()
  let last: LoopDelay | null = null
  const snapshot = (windowMs: number) => ({
    // Nanoseconds; an empty histogram (no sample yet) reads as 0 rather than its sentinel values.
    p50: histogram.count === 0 ? 0 : round(histogram.percentile(50) / 1e6),
    p99: histogram.count === 0 ? 0 : round(histogram.percentile(99) / 1e6),
    max: histogram.count === 0 ? 0 : round(histogram.max / 1e6),
    windowMs,
  })
  setInterval(() => {
    last = snapshot(LOOP_WINDOW_MS)
    histogram.reset()
  }, LOOP_WINDOW_MS).unref()
  return {
    // Before the first window closes, the time since start.
    read: () => last ?? snapshot(Math.round(performance.now() - started)),
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
