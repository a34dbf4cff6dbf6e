// `npm run links -- <slug>`: new moderator, speaker and organiser secrets; the old links stop working at once.
// With the server running, it asks the server (ADMIN_TOKEN, or the token the server left in DATA_DIR): every
// screen that used an old link, on every process, is disconnected at once — and PGlite, which only one process
// may open, stays with the server. With the server stopped, it changes the database itself.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase } from '../../db/connect'
import { OPERATOR_TOKEN_FILE } from '../auth/operator'
import { type Config, ConfigError, loadConfig } from '../config'
import type { EventLinks } from '../contract/schemas'
import { EventsRepository } from '../events/events.repository'
import { EventsService } from '../events/events.service'
import { AppError } from '../errors'
import { printLinks } from './print-links'

async function main(): Promise<number> {
  const slug = process.argv[2]
  if (!slug) {
    console.error('Usage: npm run links -- <event-slug>')
    return 2
  }
  const config = loadConfig()
  const viaServer = await askServer(config, slug)
  if (viaServer === 'not_found') {
    console.error(`No event with slug "${slug}".`)
    return 1
  }
  if (viaServer) {
    printLinks(viaServer.title, viaServer.links)
    console.log('The previous moderator, speaker and organiser links no longer work; screens that used them were disconnected.')
    return 0
  }
  return rotateInDatabase(config, slug)
}

/** null when no server answers on this machine's port (then the database is ours to open). */
async function askServer(config: Config, slug: string): Promise<{ title: string; links: EventLinks } | 'not_found' | null> {
  const base = `http://127.0.0.1:${config.port}`
  const tokenFile = path.join(config.dataDir, OPERATOR_TOKEN_FILE)
  const token = config.adminToken ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : null)
  let event: Response
  try {
    event = await fetch(`${base}/api/events/${slug}`)
  } catch {
    return null
  }
  if (event.status === 404) return 'not_found'
  if (!token) throw new Error(`The server on ${base} is running: set ADMIN_TOKEN, or run this where its DATA_DIR is.`)
  const rotated = await fetch(`${base}/api/events/${slug}/links`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (!rotated.ok) throw new Error(`The server on ${base} refused: ${rotated.status} ${await rotated.text()}`)
  const { title } = (await event.json()) as { title: string }
  return { title, links: (await rotated.json()) as EventLinks }
}

async function rotateInDatabase(config: Config, slug: string): Promise<number> {
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir },
  )
  try {
    const events = new EventsService(new EventsRepository(database.db), config.publicUrl)
    const event = await events.find(slug)
    printLinks(event.title, await events.rotateLinks(slug))
    // Servers on other machines (PostgreSQL) learn it from the stream within their 2 s safety poll.
    console.log('The previous moderator, speaker and organiser links no longer work.')
    return 0
  } catch (error) {
    if (error instanceof AppError && error.code === 'event_not_found') {
      console.error(`No event with slug "${slug}".`)
      return 1
    }
    throw error
  } finally {
    await database.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? error.message : error)
    process.exit(error instanceof ConfigError ? 2 : 1)
  },
)
