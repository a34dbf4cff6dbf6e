// `npm start`: configuration, client build, database, default event, then listen.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../db/connect'
import { buildApp } from './app'
import { ensureClientBuild } from './client-build'
import { ConfigError, loadConfig, type Config } from './config'
import { defaultEvent } from './events/default-event'
import { ensureDefaultEvent } from './events/ensure-default'
import { printLinks } from './cli/print-links'
import { writeLocalOperatorToken } from './auth/operator'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const clientDir = path.join(root, 'dist', 'client')

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(2)
    }
    throw error
  }

  await ensureClientBuild(root, clientDir, (line) => console.log(line))
  const database = await openDatabase(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir },
  )
  const localOperatorToken = writeLocalOperatorToken(config.dataDir)
  const { app, services, x, mail, presence } = await buildApp({
    config: { ...config, localOperatorToken },
    database,
    clientDir,
    homeSlug: defaultEvent.slug!,
    redis: config.redisUrl ? { url: config.redisUrl, streamName: config.redisPrefix } : null,
    x: config.x,
    mail: config.mail,
  })

  const created = await ensureDefaultEvent(services)
  await app.listen({ port: config.port, host: config.host })
  x.startPolling()
  mail.start()
  presence.start()

  console.log(
    `\nTribune is running on ${config.publicUrl} (database: ${database.kind}${database.kind === 'pglite' ? `, ${config.dataDir}` : ''})`,
  )
  if (created) {
    printLinks(defaultEvent.title, created.links)
  } else {
    console.log(
      `Default event: ${config.publicUrl}/e/${defaultEvent.slug} (links were printed at first start; new ones: npm run links -- ${defaultEvent.slug})`,
    )
  }
  console.log(
    config.x.bearerToken
      ? `X source: on${config.x.apiBaseUrl ? ` (API at ${config.x.apiBaseUrl})` : ''}`
      : 'X source: off (set X_BEARER_TOKEN to read X)',
  )
  console.log(
    config.mail.smtpUrl
      ? `E-mail: through ${new URL(config.mail.smtpUrl).host}`
      : `E-mail: written to ${config.mail.outboxDir} (set SMTP_URL to send)`,
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error('Tribune failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
