// `npm run links -- <slug>`: new moderator, speaker and organiser secrets; the old links stop working at once.
import { openDatabase } from '../../db/connect'
import { ConfigError, loadConfig } from '../config'
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
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir },
  )
  try {
    const events = new EventsService(new EventsRepository(database.db), config.publicUrl)
    const event = await events.find(slug)
    printLinks(event.title, await events.rotateLinks(slug))
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
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error)
    process.exit(error instanceof ConfigError ? 2 : 1)
  },
)
