// Several Tribune processes share Redis: Socket.IO's adapter (presence across processes, the doorbell) and the
// rate limits. Delivery of changes never depends on it: every process reads the stored stream itself.
import { setTimeout as delay } from 'node:timers/promises'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient, type RedisClientType } from 'redis'
import type { TribuneIo } from './socket.server'

export interface RedisOptions {
  url: string
  /** Names this deployment's stream and keys (tests use their own). */
  streamName?: string
}

/** How long the start waits for Redis before going on without it (it keeps reconnecting). */
const CONNECT_WAIT_MS = 3000

/**
 * Connects; errors are reported (reconnection is automatic) rather than thrown at the process. A Redis that is down
 * at start does not keep the process from serving: after CONNECT_WAIT_MS it starts without it (limits fall back to
 * this process's memory, /health says Redis failed) and Redis is used as soon as it answers.
 */
export async function connectRedis(options: RedisOptions, onError: (error: unknown) => void): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url: options.url })
  client.on('error', onError)
  const connected = client.connect().then(
    () => true,
    (error: unknown) => {
      onError(error)
      return false
    },
  )
  const controller = new AbortController()
  const ready = await Promise.race([connected, delay(CONNECT_WAIT_MS, false, { signal: controller.signal }).catch(() => false)])
  controller.abort()
  if (!ready) onError(new Error(`redis unreachable after ${CONNECT_WAIT_MS} ms: starting without it, still reconnecting`))
  return client
}

/**
 * Attaches the adapter; returns how to stop it and disconnect once Socket.IO is closed. The adapter opens its own
 * connections (duplicates of `client`) and ignores their errors: they are reported through `onError` here instead.
 */
export function useRedisAdapter(
  io: TribuneIo,
  client: RedisClientType,
  options: RedisOptions,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let stopping = false
  const copies: { isOpen: boolean; isReady: boolean; destroy(): void }[] = []
  const duplicate = client.duplicate.bind(client)
  client.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const copy = duplicate(...args)
    copy.on('error', onError)
    // The adapter awaits each copy's connect() and then uses the copy with no catch. A copy stopped while Redis is
    // down settles its connect (resolved or rejected) on a closed client: the adapter would then subscribe and
    // disconnect it, each an unhandled rejection. Once stopping, a connect never settles (the adapter is closed).
    const connect = copy.connect.bind(copy)
    const never = () => new Promise<never>(() => {})
    copy.connect = () =>
      connect().then(
        (connected) => (stopping ? never() : connected),
        (error: unknown) => {
          if (stopping) return never()
          throw error
        },
      )
    copies.push(copy)
    return copy
  }) as typeof client.duplicate
  // The adapter sends its ephemeral messages (serverSideEmit: the doorbell, the screens' collection) with a PUBLISH
  // whose promise nobody awaits: a Redis that drops, or a shutdown while it is down, rejected it unhandled.
  const publish = client.publish.bind(client)
  Object.assign(client, {
    publish: (...args: Parameters<typeof publish>) => {
      const sent = publish(...args)
      sent.catch(onError)
      return sent
    },
  })
  io.adapter(createAdapter(client, { streamName: options.streamName ?? 'tribune' }))
  // serverSideEmit with an acknowledgement first counts the servers (PUBSUB NUMSUB); Socket.IO does not await it, so
  // a failed count was an unhandled rejection and the caller's acknowledgement never came. It now comes, failed.
  const adapter = io.of('/').adapter
  const serverSideEmit = adapter.serverSideEmit.bind(adapter)
  adapter.serverSideEmit = (packet: unknown[]) => {
    const ack = packet.at(-1)
    void Promise.resolve(serverSideEmit(packet)).catch((error: unknown) => {
      onError(error)
      if (typeof ack === 'function') (ack as (error: unknown, responses: unknown[]) => void)(error, [])
    })
  }
  return async () => {
    stopping = true
    await io.of('/').adapter.close()
    // Connected copies are closed by the adapter; those still reconnecting (Redis down) would retry forever.
    for (const copy of copies) if (copy.isOpen && !copy.isReady) copy.destroy()
    if (client.isReady) await client.quit().catch(() => client.destroy())
    else if (client.isOpen) client.destroy()
  }
}
