// A fresh database per test file: an in-memory PGlite, or a clone of the run's PostgreSQL template.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { inject } from 'vitest'
import { type Database, openDatabase } from '../../db/connect'
import { withDatabase } from './global-setup'

export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL
  const template = inject('pgTemplate')
  if (!url || !template) return openDatabase({ kind: 'pglite', dataDir: null })
  const name = `${inject('pgPrefix')}_${randomBytes(4).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  await admin.end()
  return openDatabase({ kind: 'postgres', url: withDatabase(url, name) })
}

export function expectedDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite'
}
