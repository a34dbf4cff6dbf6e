// Two Tribune nodes on one database with Redis between them, and the default event: two real server processes on
// PostgreSQL (as a deployment runs them), or two app instances in this process on one PGlite (which only one
// process may open). Everything both write to their logs is kept.
import { Writable } from 'node:stream'
import { type Database, openDatabase } from '../../db/connect'
import { defaultEvent } from '../../server/events/default-event'
import { EventsRepository } from '../../server/events/events.repository'
import { NO_LIMITS, startTestApp, type TestApp } from './app'
import { testDatabase } from './db'
import { type ServerProcess, freePort, freshStore, linkFrom, startServer } from './process'

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const SLUG = defaultEvent.slug!

export interface Cluster {
  urls: [string, string]
  database: Database
  eventId: number
  moderatorToken: string
  speakerToken: string
  /** The Redis prefix (stream and keys) of this cluster. */
  prefix: string
  /** Both nodes' logs so far. */
  logs(): string
  /** The in-process apps (PGlite), to reach their services; empty with real processes. */
  apps: TestApp[]
  close(): Promise<void>
}

export interface ClusterOptions {
  label: string
  logLevel?: string
  env?: NodeJS.ProcessEnv
}

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length)

export async function startCluster({ label, logLevel = 'warn', env = {} }: ClusterOptions): Promise<Cluster> {
  const prefix = `tribune-${label}-${process.pid}-${Date.now()}`
  if (process.env.DATABASE_URL) {
    const store = await freshStore('postgres', label)
    const nodeEnv = { ...store.env, REDIS_URL, REDIS_PREFIX: prefix, RATE_LIMITS: 'off', LOG_LEVEL: logLevel, ...env }
    const servers: ServerProcess[] = []
    const urls: string[] = []
    try {
      for (let i = 0; i < 2; i++) {
        const port = await freePort()
        servers.push(await startServer({ ...nodeEnv, PORT: String(port) }))
        urls.push(`http://127.0.0.1:${port}`)
      }
    } catch (error) {
      for (const server of servers) await server.stop('SIGKILL')
      throw error
    }
    const database = await openDatabase({ kind: 'postgres', url: store.env.DATABASE_URL! })
    const event = await new EventsRepository(database.db).findBySlug(SLUG)
    return {
      urls: urls as [string, string],
      database,
      eventId: event!.id,
      moderatorToken: tokenOf(linkFrom(servers[0]!.output, 'Moderator')),
      speakerToken: tokenOf(linkFrom(servers[0]!.output, 'Speaker')),
      prefix,
      logs: () => servers.map((s) => s.output).join('\n'),
      apps: [],
      async close() {
        for (const server of servers) await server.stop('SIGKILL')
        await database.close()
        store.cleanup()
      },
    }
  }
  const database = await testDatabase()
  let logs = ''
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString()
      done()
    },
  })
  const apps: TestApp[] = []
  for (let i = 0; i < 2; i++) {
    apps.push(
      await startTestApp({
        listen: true,
        database,
        redis: { url: REDIS_URL, streamName: prefix },
        limits: NO_LIMITS,
        logLevel,
        logStream: sink,
      }),
    )
  }
  const created = await apps[0]!.services.events.create({ ...defaultEvent })
  const event = await new EventsRepository(database.db).findBySlug(SLUG)
  return {
    urls: [apps[0]!.url, apps[1]!.url],
    database,
    eventId: event!.id,
    moderatorToken: tokenOf(created.links.moderator),
    speakerToken: tokenOf(created.links.speaker),
    prefix,
    logs: () => logs,
    apps,
    async close() {
      for (const app of apps) await app.close()
      await database.close()
    },
  }
}
