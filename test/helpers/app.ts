// Starts the real application on a test database, optionally listening on a free loopback port.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from '../../db/connect'
import type { Config } from '../../server/config'
import { type App, type AppOptions, buildApp } from '../../server/app'
import type { CreateEventInput, CreateEventResult } from '../../server/contract/schemas'
import type { Limits } from '../../server/limits/rate-limiter'
import { testDatabase } from './db'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
/** For tests about something else than rate limits, which send many requests from one address. */
export const NO_LIMITS: Limits = {
  question: { perAttendee: 1e9, perAddress: 1e9 },
  vote: { perAttendee: 1e9, perAddress: 1e9 },
  join: { perAddress: 1e9 },
  connect: { perAddress: 1e9 },
  socketsPerToken: 1e9,
  registration: { perAddress: 1e9 },
  revision: { perAttendee: 1e9, perAddress: 1e9 },
}
export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/client')

export interface TestApp extends App {
  database: Database
  url: string
  close(): Promise<void>
}

export async function startTestApp(
  options: {
    listen?: boolean
    /** With listen: this port rather than any free one (a PUBLIC_URL or a proxy that names it). */
    port?: number
    database?: Database
    serveClient?: boolean
    x?: AppOptions['x']
    limits?: Limits
    redis?: AppOptions['redis']
    clock?: AppOptions['clock']
    /** TRUST_PROXY's entries or hop count (none by default, as in production). */
    trustProxy?: readonly string[] | number
    /** PUBLIC_URL; its scheme decides the security headers. */
    publicUrl?: string
    frameAncestors?: readonly string[]
    logLevel?: string
    logStream?: NodeJS.WritableStream
    mail?: AppOptions['mail']
    now?: AppOptions['now']
    /** METRICS_TOKEN (none by default: /metrics for loopback callers). */
    metricsToken?: string
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await testDatabase())
  const built = await buildApp({
    config: {
      publicUrl: options.publicUrl ?? 'http://tribune.test',
      frameAncestors: options.frameAncestors,
      adminToken: ADMIN_TOKEN,
      logLevel: (options.logLevel ?? 'silent') as Config['logLevel'],
      limits: options.limits,
      trustProxy: options.trustProxy,
      metricsToken: options.metricsToken ?? null,
    },
    logStream: options.logStream,
    database,
    clientDir: options.serveClient ? CLIENT_DIR : null,
    redis: options.redis ?? null,
    x: options.x,
    clock: options.clock,
    mail: options.mail ?? testMailOptions(),
    now: options.now,
  })
  let url = 'http://tribune.test'
  if (options.listen) {
    await built.app.listen({ port: options.port ?? 0, host: '127.0.0.1' })
    const address = built.app.server.address()
    if (!address || typeof address === 'string') throw new Error('no address')
    url = `http://127.0.0.1:${address.port}`
  }
  return {
    ...built,
    database,
    url,
    close: async () => {
      await built.app.close()
      if (!options.database) await database.close()
    },
  }
}

let counter = 0

/** An outbox in a fresh temporary folder: e-mails written as files, one folder per test app. */
export function testMailOptions(): NonNullable<AppOptions['mail']> {
  return { smtpUrl: null, from: 'Tribune <webinaire@tribune.test>', outboxDir: mkdtempSync(path.join(os.tmpdir(), 'tribune-outbox-')) }
}

/** A small two-segment event with a unique slug, created through the operator API. */
export async function createEvent(
  app: App,
  overrides: Partial<CreateEventInput> = {},
): Promise<CreateEventResult & { moderatorToken: string; speakerToken: string; organiserToken: string }> {
  counter += 1
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: {
      slug: `test-${process.pid}-${counter}`,
      title: 'Webinaire de test',
      timeZone: 'Europe/Paris',
      date: '2020-05-19',
      segments: [
        { title: 'Ouverture', start: '15:00', end: '15:30' },
        { title: 'Questions-réponses', kind: 'qa', start: '15:30', end: '16:00' },
      ],
      ...overrides,
    },
  })
  if (response.statusCode !== 201) throw new Error(`create event: ${response.statusCode} ${response.body}`)
  const result = response.json() as CreateEventResult
  return {
    ...result,
    moderatorToken: tokenOf(result.links.moderator),
    speakerToken: tokenOf(result.links.speaker),
    organiserToken: tokenOf(result.links.organiser),
  }
}

export function tokenOf(link: string): string {
  const token = new URL(link).hash.replace(/^#token=/, '')
  if (!token) throw new Error(`no token in ${link}`)
  return token
}

export async function joinAsAttendee(app: App, slug: string): Promise<{ attendeeId: string; token: string }> {
  const response = await app.app.inject({ method: 'POST', url: `/api/events/${slug}/attendees`, payload: {} })
  if (response.statusCode !== 201) throw new Error(`join: ${response.statusCode} ${response.body}`)
  return response.json()
}
