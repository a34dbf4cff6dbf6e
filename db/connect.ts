// Opens the database: embedded PGlite in a data folder by default, PostgreSQL through postgres-js when a URL is given.
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
  close(): Promise<void>
}

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
    const client = postgres(target.url, { max: 10, onnotice: () => {} })
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
    return { db: db as unknown as Db, kind: 'postgres', notifications, close: () => client.end({ timeout: 5 }) }
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true })
  const client = await PGlite.create(target.dataDir ?? undefined)
  const db = drizzlePglite(client, { schema })
  await migratePglite(db, { migrationsFolder })
  return { db: db as unknown as Db, kind: 'pglite', notifications: null, close: () => client.close() }
}
