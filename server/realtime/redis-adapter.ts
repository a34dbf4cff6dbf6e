// Cross-process broadcasts: with several Tribune processes behind a load balancer, Socket.IO rooms span
// them through a Redis stream. Delivery to a screen still never depends on it: screens resync by sequence number.
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'
import type { TribuneIo } from './socket.server'

export interface RedisOptions {
  url: string
  /** One stream per deployment (tests use their own). */
  streamName?: string
}

/** Attaches the adapter; returns how to disconnect from Redis once Socket.IO is closed. */
export async function useRedisAdapter(io: TribuneIo, options: RedisOptions): Promise<() => Promise<void>> {
  const client = createClient({ url: options.url })
  client.on('error', () => {
    // Reconnection is automatic; errors surface as failed broadcasts, which screens recover from by resync.
  })
  await client.connect()
  io.adapter(createAdapter(client, { streamName: options.streamName ?? 'tribune' }))
  return async () => {
    await client.quit().catch(() => client.disconnect())
  }
}
