// Once per run: build the client for browser and start-up tests, and, with DATABASE_URL, a template
// database that every test file clones. All databases made for the run are dropped at the end.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../db/connect'
import { ensureClientBuild } from '../../server/client-build'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null
    pgPrefix: string | null
  }
}

export default async function setup(project: TestProject) {
  await ensureClientBuild(root, path.join(root, 'dist', 'client'), (line) => console.log(line))
  const url = process.env.DATABASE_URL
  if (!url) {
    project.provide('pgTemplate', null)
    project.provide('pgPrefix', null)
    return
  }
  const prefix = `tribune_t${Date.now().toString(36)}_${process.pid}`
  const template = `${prefix}_template`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${template}`)
  const migrated = await openDatabase({ kind: 'postgres', url: withDatabase(url, template) })
  await migrated.close()
  project.provide('pgTemplate', template)
  project.provide('pgPrefix', prefix)

  return async () => {
    const rows = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix}%`}`
    for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    await admin.end()
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
