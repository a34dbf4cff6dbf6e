// `npm run demo`: Tribune in memory, a fake X playing #CNCD posts, and simulated attendees asking questions.
// It never reads the real X: the API base URL and token are forced to the local fake's, whatever the environment says.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { io, type Socket } from 'socket.io-client'
import { openDatabase } from '../db/connect'
import { playScript } from '../test/fake-x/demo-script'
import { startFakeX } from '../test/fake-x/fake-x.server'
import { buildApp } from './app'
import { printLinks } from './cli/print-links'
import { ensureClientBuild } from './client-build'
import { ConfigError, loadConfig } from './config'
import type { Ack, ClientToServerEvents, ServerToClientEvents } from './contract/realtime'
import type { ItemView } from './contract/schemas'
import { defaultEvent } from './events/default-event'
import { ensureDefaultEvent } from './events/ensure-default'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DEMO_X_TOKEN = 'demo-fake-x-token'

/** Invented attendees and what they ask, at seconds after the start. */
const ATTENDEES = [
  {
    displayName: 'Camille',
    organisation: 'Commune de Saint-Exemple',
    questions: [{ at: 6, text: 'Les crédits de la DAECT pour 2020 seront-ils maintenus malgré l’annulation des missions ?' }],
  },
  {
    displayName: 'Nadia',
    organisation: 'Conseil départemental (démo)',
    questions: [
      { at: 15, text: 'Comment associer les diasporas à la réponse sanitaire dans nos territoires partenaires ?' },
      { at: 95, text: 'Pourra-t-on financer du matériel médical dans le cadre des appels à projets en cours ?' },
    ],
  },
  {
    displayName: null,
    organisation: null,
    questions: [{ at: 40, text: 'Existe-t-il une cartographie des actions de solidarité menées par les collectivités depuis mars ?' }],
  },
]

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function main(): Promise<void> {
  const fake = await startFakeX({ tokens: [DEMO_X_TOKEN] })
  const port = process.env.PORT?.trim() ? process.env.PORT.trim() : String(await freePort())
  let config
  try {
    // In memory, and always the fake X: a demo never writes to a real database nor reads a real X account.
    config = loadConfig({
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PORT: port,
      DATABASE_URL: '',
      X_BEARER_TOKEN: DEMO_X_TOKEN,
      X_API_BASE_URL: fake.url,
      X_POLL_INTERVAL_MS: '3000',
    })
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(2)
    }
    throw error
  }

  const clientDir = path.join(root, 'dist', 'client')
  await ensureClientBuild(root, clientDir, (line) => console.log(line))
  const database = await openDatabase({ kind: 'pglite', dataDir: null })
  const { app, services, x } = await buildApp({ config, database, clientDir, homeSlug: defaultEvent.slug!, x: config.x })
  const created = (await ensureDefaultEvent(services))!
  await app.listen({ port: config.port, host: config.host })
  x.startPolling()
  const stopScript = playScript(fake)
  const sockets = simulateAttendees(config.publicUrl.replace(/\/$/, ''), `http://127.0.0.1:${config.port}`, created.slug)

  console.log(`\nTribune demo on ${config.publicUrl} (in memory: nothing is kept after you stop it)`)
  printLinks(defaultEvent.title, created.links)
  console.log(`Fake X API: ${fake.url} — 15 #CNCD posts arrive over 3 minutes; three simulated attendees ask questions.`)
  console.log('Open the moderator link to watch the queue fill. Ctrl+C to stop.\n')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    stopScript()
    for (const socket of sockets) socket.close()
    await app.close()
    await database.close()
    await fake.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

/** Each attendee joins over HTTP, connects a real Socket.IO client and asks when their time comes. */
function simulateAttendees(publicUrl: string, serverUrl: string, slug: string): Socket<ServerToClientEvents, ClientToServerEvents>[] {
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []
  for (const attendee of ATTENDEES) {
    void (async () => {
      const joined = await fetch(`${serverUrl}/api/events/${slug}/attendees`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(attendee.displayName ? { displayName: attendee.displayName, organisation: attendee.organisation } : {}),
      })
      const { token } = (await joined.json()) as { token: string }
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(serverUrl, { auth: { slug, token }, transports: ['websocket'] })
      sockets.push(socket)
      for (const question of attendee.questions) {
        setTimeout(() => {
          const anonymous = attendee.displayName === null
          const input = {
            text: question.text,
            anonymous,
            idempotencyKey: randomUUID(),
            ...(anonymous ? {} : { displayName: attendee.displayName, organisation: attendee.organisation }),
          }
          socket
            .timeout(5000)
            .emitWithAck('question.ask', input)
            .then((ack: Ack<ItemView>) =>
              console.log(
                ack.ok
                  ? `  ${attendee.displayName ?? 'Un participant anonyme'} a posé une question.`
                  : `  Question refusée : ${ack.error.message}`,
              ),
            )
            .catch((error: unknown) =>
              console.warn('  A simulated attendee could not ask:', error instanceof Error ? error.message : error),
            )
        }, question.at * 1000)
      }
    })().catch((error: unknown) =>
      console.warn(`  A simulated attendee could not join ${publicUrl}:`, error instanceof Error ? error.message : error),
    )
  }
  return sockets
}

main().catch((error: unknown) => {
  console.error('The demo failed to start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
