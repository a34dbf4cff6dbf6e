// Real socket.io-client connections to a listening test server, recording everything they receive.
import { io, type Socket } from 'socket.io-client'
import type { Ack, Change, ClientToServerEvents, HandshakeAuth, ServerToClientEvents, SyncResult } from '../../server/contract/realtime'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface Screen {
  socket: ClientSocket
  /** Every change received, in order. */
  received: Change[]
  /** Only the question changes (upserts and removals). */
  readonly items: Change[]
  close(): void
}

export async function connectScreen(url: string, auth: HandshakeAuth): Promise<Screen> {
  const socket: ClientSocket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  const received: Change[] = []
  socket.on('change', (change) => received.push(change))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', reject)
  })
  return {
    socket,
    received,
    get items() {
      return received.filter((c) => c.type === 'item.upsert' || c.type === 'item.remove')
    },
    close: () => socket.close(),
  }
}

export async function connectError(url: string, auth: HandshakeAuth): Promise<{ message: string; data: unknown }> {
  const socket: ClientSocket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected, expected a refusal')))
      socket.once('connect_error', (error) => resolve({ message: error.message, data: (error as Error & { data?: unknown }).data }))
    })
  } finally {
    socket.close()
  }
}

export function sync(screen: Screen, lastSeq: number | null): Promise<Ack<SyncResult>> {
  return screen.socket.timeout(5000).emitWithAck('sync', { lastSeq }) as Promise<Ack<SyncResult>>
}
