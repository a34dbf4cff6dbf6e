// Opens the database: embedded PGlite in a data folder by default, PostgreSQL through postgres-js when a URL is given.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema'

type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
type DbKind = 'pglite' | 'postgres'

export interface Database {
  db: Db
  kind: DbKind
  /** PostgreSQL's LISTEN/NOTIFY, for processes sharing one database; absent on PGlite (one process). */
  notifications: Notifications | null
  /** The pool's connections as PostgreSQL lists them; null on PGlite (one embedded connection, its queue is private). */
  pool(): Promise<PoolUse | null>
  close(): Promise<void>
}

interface PoolUse {
  inUse: number
  idle: number
  max: number
}

/** postgres-js keeps its pool's counts to itself: each pool names its connections so pg_stat_activity can count them. */
const POOL_MAX = 10

export interface Notifications {
  /** Listens on a dedicated connection; returns how to stop. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>
  notify(channel: string, payload: string): Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null }

/** Opens the database and applies the committed migrations. `dataDir: null` keeps PGlite in memory (tests). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const name = `tribune-${process.pid}-${randomBytes(4).toString('hex')}`
    const client = postgres(target.url, { max: POOL_MAX, onnotice: () => {}, connection: { application_name: name } })
    const db = drizzlePostgres(client, { schema })
    await migratePostgres(db, { migrationsFolder })
    const notifications: Notifications = {
      listen: async (channel, onMessage) => {
        const listening = await client.listen(channel, onMessage)
        return () => listening.unlisten()
      },
      notify: async (channel, payload) => {
        await client.notify(channel, payload)
      },
    }
    const pool = async (): Promise<PoolUse> => {
      const rows = await client<{ state: string | null; count: number }[]>`
        select state, count(*)::int as count from pg_stat_activity where application_name = ${name} group by state`
      const count = (state: string) => rows.find((row) => row.state === state)?.count ?? 0
      // This very query holds one connection: it is not the application's use.
      const inUse = Math.max(0, rows.reduce((sum, row) => sum + (row.state === 'idle' ? 0 : row.count), 0) - 1)
      return { inUse, idle: count('idle'), max: POOL_MAX }
    }
    return { db: db as unknown as Db, kind: 'postgres', notifications, pool, close: () => client.end({ timeout: 5 }) }
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true })
  const client = await PGlite.create(target.dataDir ?? undefined)
  const db = drizzlePglite(client, { schema })
  await migratePglite(db, { migrationsFolder })
  return { db: db as unknown as Db, kind: 'pglite', notifications: null, pool: () => Promise.resolve(null), close: () => client.close() }
}
