// Several Tribune processes share Redis: Socket.IO's adapter (presence across processes, the doorbell) and the
// rate limits. Delivery of changes never depends on it: every process reads the stored stream itself.
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient, type RedisClientType } from 'redis'
import type { TribuneIo } from './socket.server'

export interface RedisOptions {
  url: string
  /** Names this deployment's stream and keys (tests use their own). */
  streamName?: string
}

/** Connects; errors are reported (reconnection is automatic) rather than thrown at the process. */
export async function connectRedis(options: RedisOptions, onError: (error: unknown) => void): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url: options.url })
  client.on('error', onError)
  await client.connect()
  return client
}

/** Attaches the adapter; returns how to stop it and disconnect once Socket.IO is closed. */
export function useRedisAdapter(io: TribuneIo, client: RedisClientType, options: RedisOptions): () => Promise<void> {
  io.adapter(createAdapter(client, { streamName: options.streamName ?? 'tribune' }))
  return async () => {
    await io.of('/').adapter.close()
    await client.quit().catch(() => client.disconnect())
  }
}
