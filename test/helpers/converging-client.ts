// A screen as the browser runs it, without the browser: Socket.IO with reconnection, the client's own pure fold
// (client/src/lib/queue.ts), a sync on every connection from where it stands, and a resync on every gap.
import { io, type Socket } from 'socket.io-client'
import { applyChange, applySync, emptyQueue, type QueueState, resumeFrom, verdict } from '../../client/src/lib/queue'
import type { Ack, Change, ClientToServerEvents, HandshakeAuth, ServerToClientEvents, SyncResult } from '../../server/contract/realtime'

export interface ConvergingClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>
  readonly state: QueueState
  /** How many syncs it made (one per connection, plus one per gap). */
  readonly syncs: number
  close(): void
}

export function convergingClient(url: string, auth: HandshakeAuth): ConvergingClient {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  })
  let state = emptyQueue()
  let buffer: Change[] = []
  let syncing = false
  let syncs = 0
  /** Bumped on every connection: the answer to an earlier connection's sync is dropped, as the page does. */
  let connection = 0

  const sync = async () => {
    const mine = connection
    syncing = true
    syncs += 1
    let ack: Ack<SyncResult>
    try {
      ack = (await socket.timeout(10_000).emitWithAck('sync', { lastSeq: resumeFrom(state) })) as Ack<SyncResult>
    } catch {
      return // disconnected meanwhile: the next connection syncs again
    }
    if (mine !== connection) return
    if (!ack.ok) throw new Error(`sync refused: ${ack.error.code}`)
    state = applySync(state, ack.value)
    syncing = false
    const pending = buffer.sort((a, b) => a.seq - b.seq || Number(a.own ?? false) - Number(b.own ?? false))
    buffer = []
    for (const change of pending) receive(change)
  }

  const receive = (change: Change) => {
    if (syncing || state.seq === null) {
      buffer.push(change)
      return
    }
    const next = verdict(state, change)
    if (next === 'apply') state = applyChange(state, change)
    else if (next === 'gap') {
      buffer.push(change)
      void sync()
    }
  }

  socket.on('connect', () => {
    connection += 1
    buffer = []
    void sync()
  })
  socket.on('change', receive)
  return {
    socket,
    get state() {
      return state
    },
    get syncs() {
      return syncs
    },
    close: () => socket.close(),
  }
}
