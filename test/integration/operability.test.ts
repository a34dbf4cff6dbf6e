// What an operator watches during the event: /health with the database, Redis and the event loop, and /metrics with
// real sockets, real actions, a real refusal; Redis down says so (503) while the app goes on serving.
import { afterAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import type { Limits } from '../../server/limits/rate-limiter'
import { NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { expectedDatabaseKind } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { connectScreen, type Screen } from '../helpers/socket'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
/** One question a minute per attendee: the second one is refused. */
const ONE_QUESTION: Limits = { ...NO_LIMITS, question: { perAttendee: 1, perAddress: 1e9 } }

const apps: TestApp[] = []
const screens: Screen[] = []
afterAll(async () => {
  for (const screen of screens) screen.close()
  for (const app of apps) await app.close()
})

async function app(options: Parameters<typeof startTestApp>[0]): Promise<TestApp> {
  const started = await startTestApp({ listen: true, ...options })
  apps.push(started)
  return started
}

interface Health {
  status: string
  database: string
  checks: { database: { status: string; latencyMs?: number }; redis?: { status: string; error?: string } }
  eventLoopDelayMs: { p50: number; p99: number; max: number; windowMs: number }
  clockDriftMs: number
}

/** The value of one sample of the Prometheus text, by name and exact labels; 0 when the sample is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',')
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const found = (match[2] ?? '')
      .split(/,(?=\w+=")/)
      .filter(Boolean)
      .sort()
      .join(',')
    if (found === wanted) return Number(match[3])
  }
  return 0
}

const metrics = async (t: TestApp) => {
  const response = await fetch(`${t.url}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  return response.text()
}

describe('operability', () => {
  it('/health with Redis up: 200, the database and Redis answer, the event loop and the clock are measured', async () => {
    const t = await app({ redis: { url: REDIS_URL, streamName: `tribune-ops-${process.pid}-${Date.now()}` } })
    const response = await fetch(`${t.url}/health`)
    expect(response.status).toBe(200)
    const health = (await response.json()) as Health
    expect(health).toMatchObject({
      status: 'ok',
      database: expectedDatabaseKind(),
      checks: { database: { status: 'ok' }, redis: { status: 'ok' } },
      clockDriftMs: expect.any(Number),
    })
    expect(health.checks.database.latencyMs).toBeGreaterThanOrEqual(0)
    const loop = health.eventLoopDelayMs
    expect(loop.p50).toBeGreaterThanOrEqual(0)
    expect(loop.p99).toBeGreaterThanOrEqual(loop.p50)
    expect(loop.max).toBeGreaterThanOrEqual(loop.p99)
    expect(loop.windowMs).toBeGreaterThan(0)
  }, 90_000)

  it('Redis unreachable: the app starts and serves, /health says Redis failed with a 503, sockets still connect', async () => {
    const t = await app({ redis: { url: 'redis://127.0.0.1:1', streamName: `tribune-ops-down-${process.pid}` }, limits: NO_LIMITS })
    const response = await fetch(`${t.url}/health`)
    expect(response.status).toBe(503)
    const health = (await response.json()) as Health
    expect(health.status).toBe('degraded')
    expect(health.checks.database.status).toBe('ok')
    expect(health.checks.redis?.status).toBe('failed')
    // Still serving: an event is created and read, and a moderator's screen (counted per token) connects and syncs.
    const event = await createEvent(t)
    expect((await fetch(`${t.url}/api/events/${event.slug}`)).status).toBe(200)
    const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    screens.push(moderator)
    const synced = (await moderator.socket.timeout(5000).emitWithAck('sync', { lastSeq: null })) as Ack<unknown>
    expect(synced.ok).toBe(true)
  }, 90_000)

  it('/metrics counts sockets by role, changes delivered, acknowledgement times and rate-limit refusals; loopback callers only', async () => {
    const t = await app({ limits: ONE_QUESTION })
    const event = await createEvent(t)
    const { token } = await joinAsAttendee(t, event.slug)
    const before = await metrics(t)
    const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    const attendee = await connectScreen(t.url, { slug: event.slug, token })
    screens.push(moderator, attendee)

    const ask = (key: string) =>
      attendee.socket
        .timeout(5000)
        .emitWithAck('question.ask', { text: `Une question ${key}`, displayName: 'Camille', idempotencyKey: key }) as Promise<Ack<ItemView>>
    const asked = await ask('first-question-1')
    expect(asked.ok).toBe(true)
    // The moderators' channel gets the new question: a change delivered to a socket of this process.
    await eventually(() => expect(moderator.items.length).toBeGreaterThan(0))
    const refused = await ask('second-question')
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } })

    // The control room opens the X panel: the event gets its X source, off without a token.
    const panel = await t.app.inject({ url: `/api/events/${event.slug}/x`, headers: { authorization: `Bearer ${event.moderatorToken}` } })
    expect(panel.statusCode).toBe(200)

    const eventId = String((await t.services.events.find(event.slug)).id)

    const after = await metrics(t)
    expect(sample(after, 'tribune_x_source_state', { event_id: eventId, state: 'off' })).toBe(1)
    expect(sample(after, 'tribune_x_source_state', { event_id: eventId, state: 'polling' })).toBe(0)
    expect(sample(after, 'tribune_sockets_connected', { role: 'moderator' })).toBe(1)
    expect(sample(after, 'tribune_sockets_connected', { role: 'attendee' })).toBe(1)
    expect(sample(after, 'tribune_sockets_connected', { role: 'speaker' })).toBe(0)
    const delivered = (text: string) => sample(text, 'tribune_changes_delivered_total', { channel: 'moderators' })
    expect(delivered(after)).toBeGreaterThan(delivered(before))
    expect(sample(after, 'tribune_change_sends_total')).toBeGreaterThan(sample(before, 'tribune_change_sends_total'))
    expect(sample(after, 'tribune_socket_ack_seconds_count', { event: 'question.ask', outcome: 'ok' })).toBe(1)
    expect(sample(after, 'tribune_socket_ack_seconds_count', { event: 'question.ask', outcome: 'error' })).toBe(1)
    expect(sample(after, 'tribune_socket_ack_seconds_bucket', { event: 'question.ask', outcome: 'ok', le: '+Inf' })).toBe(1)
    expect(sample(after, 'tribune_rate_limit_refusals_total', { limit: 'question', per: 'attendee' })).toBe(1)
    expect(sample(after, 'tribune_db_info', { kind: expectedDatabaseKind() })).toBe(1)
    if (expectedDatabaseKind() === 'postgres') {
      expect(sample(after, 'tribune_db_connections', { state: 'max' })).toBe(10)
      expect(sample(after, 'tribune_db_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1)
    } else {
      // PGlite keeps its one connection's queue private: no pool series rather than made-up ones.
      expect(after).not.toMatch(/^tribune_db_connections\{/m)
    }
    // The default process metrics are there too, event loop lag included.
    expect(after).toMatch(/^nodejs_eventloop_lag_p99_seconds /m)
    expect(after).toMatch(/^process_resident_memory_bytes /m)

    // A screen that leaves is no longer counted.
    attendee.close()
    await eventually(async () => expect(sample(await metrics(t), 'tribune_sockets_connected', { role: 'attendee' })).toBe(0))

    // Without METRICS_TOKEN: refused to a remote caller, and to anything a proxy forwarded (a local proxy would
    // otherwise make every caller look local).
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '192.0.2.10' })
    expect(remote.statusCode).toBe(403)
    expect(remote.json()).toMatchObject({ code: 'forbidden' })
    const forwarded = await fetch(`${t.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })
    expect(forwarded.status).toBe(403)
  }, 90_000)

  it('/metrics with METRICS_TOKEN: only with the Bearer token, from anywhere', async () => {
    const secret = 'metrics-token-0123456789'
    const t = await app({ metricsToken: secret })
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401)
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '192.0.2.10', headers: { authorization: `Bearer ${secret}` } })
    expect(remote.statusCode).toBe(200)
    expect(remote.body).toMatch(/^# HELP tribune_sockets_connected /m)
  }, 90_000)
})
