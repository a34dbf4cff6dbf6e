// One screen's live connection: Socket.IO with the shared contract, resumed from the last applied sequence number.
import { io, type Socket } from 'socket.io-client'
import type { Ack, Change, ClientToServerEvents, HandshakeAuth, ServerToClientEvents, SyncResult } from '../../../server/contract/realtime'
import type {
  AskInput,
  BulkModerateInput,
  BulkResult,
  ItemView,
  Lang,
  SocketEditInput,
  SocketModerateInput,
  VoteInput,
  VoteResult,
} from '../../../server/contract/schemas'
import { isErrorBody, type ClientErrorCode } from './api'
import { translate } from './i18n'
import { applyChange, applyItem, applySync, applyVote, emptyQueue, type QueueState, resumeFrom, verdict } from './queue'

// Agenda clock, speaker messages and presence (clock issue).
import type { ClockCommandInput, ClockLog, ClockView, ScreenInfo, ScreenReport } from '../../../server/contract/clock'
import type { SpeakerMessage } from '../../../server/contract/messages'
import { localNow } from './local-clock'
import type { XStatus } from '../../../server/contract/x'

type TribuneSocket = Socket<ServerToClientEvents, ClientToServerEvents>
type TimedSocket = ReturnType<TribuneSocket['timeout']>

export interface ClientError {
  code: ClientErrorCode | 'timeout'
  message: string
}

/** The contract's Ack, widened with the failures only the client can see (no answer in time). */
export type StreamAck<T> = { ok: true; value: T } | { ok: false; error: ClientError }

/** connecting: first attempt or catching up; online: live and in sync; offline: lost, socket.io is retrying; refused: the server said no. */
export type StreamStatus = 'connecting' | 'online' | 'offline' | 'refused'

export interface StreamOptions {
  slug: string
  lang: Lang
  token?: string | null
  /** Moderators: a name for the moderation log (handshake `auth.name`). */
  name?: string | null
  ackTimeoutMs?: number
  /** Called when the server refuses the handshake (bad token, unknown event…); socket.io does not retry then. */
  onRefused?: (error: ClientError) => void
}

const SYNC_RETRY_MS = [1000, 2000, 5000, 10000, 30000]

export class EventStream {
  /** How many times a gap in the stream made this screen catch up (shown to nobody; tests and diagnostics). */
  resyncs = 0
  /** Connected and caught up: the socket is open and this connection's first sync has been applied. */
  connected = $state(false)
  status = $state<StreamStatus>('connecting')
  /** Why the server refused the connection or the last sync failed; null while all is well. */
  error = $state<ClientError | null>(null)
  #queue = $state.raw<QueueState>(emptyQueue())

  readonly #socket: TribuneSocket
  readonly #auth: HandshakeAuth
  readonly #ackTimeoutMs: number
  readonly #onRefused: ((error: ClientError) => void) | undefined
  /** Live changes received while a sync is in flight, applied once it lands. */
  #buffer: Change[] = []
  #syncing = false
  /** Incremented on every connect, so the answer to a previous connection's sync is dropped. */
  #connection = 0
  #syncAttempts = 0
  #syncRetry: ReturnType<typeof setTimeout> | undefined
  #inFlight = 0
  #reconnectWhenIdle = false

  constructor(options: StreamOptions) {
    this.#auth = { slug: options.slug, lang: options.lang }
    if (options.token) this.#auth.token = options.token
    if (options.name) this.#auth.name = options.name
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000
    this.#onRefused = options.onRefused
    // auth as a callback: a new token or language is sent on the next (re)connection.
    this.#socket = io({ autoConnect: false, auth: (send) => send({ ...this.#auth }) })
    this.#socket.on('connect', () => this.#handleConnect())
    this.#socket.on('disconnect', (reason) => this.#handleDisconnect(reason))
    this.#socket.on('connect_error', (err) => this.#handleConnectError(err))
    this.#socket.on('change', (change) => this.#handleChange(change))
    this.#socket.on('screens', (screens) => (this.screens = screens))
    // Any packet from the server (ack, change, pong, heartbeat) proves the link is alive.
    this.#socket.io.on('packet', () => (this.lastContactAt = localNow()))
    this.#socket.io.on('ping', () => (this.lastContactAt = localNow()))
  }

  get event() {
    return this.#queue.event
  }
  get items() {
    return this.#queue.items
  }
  get role() {
    return this.#queue.role
  }
  get attendeeId() {
    return this.#queue.attendeeId
  }
  get lastSeq() {
    return this.#queue.seq
  }
  get serverOffsetMs() {
    return this.#queue.serverOffsetMs
  }
  get queue(): QueueState {
    return this.#queue
  }

  start(): void {
    this.status = this.status === 'refused' ? 'connecting' : this.status
    this.#socket.connect()
  }

  stop(): void {
    clearTimeout(this.#syncRetry)
    this.#socket.disconnect()
  }

  setToken(token: string | null): void {
    if (token) this.#auth.token = token
    else delete this.#auth.token
  }

  /** Server messages (acks, errors) come in the handshake's language, so a new language means a new handshake. */
  setLang(lang: Lang): void {
    if (this.#auth.lang === lang) return
    this.#auth.lang = lang
    if (!this.#socket.connected) return
    if (this.#inFlight > 0) this.#reconnectWhenIdle = true
    else this.#reconnect()
  }

  /** The moderator's name is read at the handshake: a new name means a new handshake (as for the language). */
  setName(name: string | null): void {
    const next = name?.trim() || undefined
    if (this.#auth.name === next) return
    if (next) this.#auth.name = next
    else delete this.#auth.name
    if (!this.#socket.connected) return
    if (this.#inFlight > 0) this.#reconnectWhenIdle = true
    else this.#reconnect()
  }

  async vote(input: VoteInput): Promise<StreamAck<VoteResult>> {
    const ack = await this.#withAck<VoteResult>((socket, done) => socket.emit('question.vote', input, done))
    if (ack.ok) this.#queue = applyVote(this.#queue, ack.value)
    return ack
  }

  async edit(input: SocketEditInput): Promise<StreamAck<ItemView>> {
    const ack = await this.#withAck<ItemView>((socket, done) => socket.emit('question.edit', input, done))
    if (ack.ok) this.#queue = applyItem(this.#queue, ack.value)
    return ack
  }

  async bulk(input: BulkModerateInput): Promise<StreamAck<BulkResult>> {
    const ack = await this.#withAck<BulkResult>((socket, done) => socket.emit('question.bulk', input, done))
    if (ack.ok) for (const item of ack.value.done) this.#queue = applyItem(this.#queue, item)
    return ack
  }

  async ask(input: AskInput): Promise<StreamAck<ItemView>> {
    const ack = await this.#withAck<ItemView>((socket, done) => socket.emit('question.ask', input, done))
    if (ack.ok) this.#queue = applyItem(this.#queue, ack.value)
    return ack
  }

  async moderate(input: SocketModerateInput): Promise<StreamAck<ItemView>> {
    const ack = await this.#withAck<ItemView>((socket, done) => socket.emit('question.moderate', input, done))
    if (ack.ok) this.#queue = applyItem(this.#queue, ack.value)
    return ack
  }

  #reconnect(): void {
    this.#reconnectWhenIdle = false
    this.#socket.disconnect()
    this.#socket.connect()
  }

  #withAck<T>(send: (socket: TimedSocket, done: (err: Error | null, result: Ack<T>) => void) => void): Promise<StreamAck<T>> {
    this.#inFlight += 1
    return new Promise<StreamAck<T>>((resolve) => {
      send(this.#socket.timeout(this.#ackTimeoutMs), (err, result) => {
        if (err) resolve({ ok: false, error: { code: 'timeout', message: translate(this.#lang, 'error.timeout') } })
        else resolve(result)
      })
    }).finally(() => {
      this.#inFlight -= 1
      if (this.#inFlight === 0 && this.#reconnectWhenIdle) this.#reconnect()
    })
  }

  get #lang(): Lang {
    return this.#auth.lang ?? 'fr'
  }

  #handleConnect(): void {
    this.#connection += 1
    this.#buffer = []
    this.error = null
    this.#syncAttempts = 0
    void this.#sync(this.#connection)
  }

  #handleDisconnect(reason: string): void {
    this.connected = false
    this.#syncing = false
    clearTimeout(this.#syncRetry)
    if (this.status !== 'refused') this.status = reason === 'io client disconnect' ? 'connecting' : 'offline'
    // socket.io retries by itself except when the server closed the socket: ask again (a revoked link is then refused).
    if (reason === 'io server disconnect') this.#socket.connect()
  }

  #handleConnectError(err: Error & { data?: unknown }): void {
    this.connected = false
    if (this.#socket.active) {
      // A transport failure: socket.io keeps trying on its own.
      this.status = this.#connection === 0 ? 'connecting' : 'offline'
      return
    }
    const error: ClientError = isErrorBody(err.data)
      ? { code: err.data.code, message: err.data.message }
      : { code: 'internal', message: err.message || translate(this.#lang, 'error.unexpected') }
    this.status = 'refused'
    this.error = error
    this.#onRefused?.(error)
  }

  #handleChange(change: Change): void {
    if (this.#syncing || this.#queue.seq === null) {
      this.#buffer.push(change)
      return
    }
    const next = verdict(this.#queue, change)
    if (next === 'apply') this.#queue = applyChange(this.#queue, change)
    else if (next === 'gap') this.#resync(change)
  }

  /** The channel carried something this screen missed: catch up from where it stands, keeping what arrives meanwhile. */
  #resync(pending: Change): void {
    this.resyncs += 1
    this.#buffer = [pending]
    void this.#sync(this.#connection)
  }

  /** Applies what arrived during a sync, in order; another gap (a change lost on the way) means another sync. */
  #applyBuffered(connection: number): boolean {
    const buffered = this.#buffer.sort((a, b) => a.seq - b.seq || Number(a.own ?? false) - Number(b.own ?? false))
    this.#buffer = []
    for (const [index, change] of buffered.entries()) {
      const next = verdict(this.#queue, change)
      if (next === 'apply') this.#queue = applyChange(this.#queue, change)
      else if (next === 'gap') {
        this.resyncs += 1
        this.#buffer = buffered.slice(index)
        void this.#sync(connection)
        return false
      }
    }
    return true
  }

  async #sync(connection: number): Promise<void> {
    this.#syncing = true
    const ack = await this.#withAck<SyncResult>((socket, done) => socket.emit('sync', { lastSeq: resumeFrom(this.#queue) }, done))
    if (connection !== this.#connection || !this.#socket.connected) return
    if (ack.ok) {
      const synced = applySync(this.#queue, ack.value)
      if (synced.seq !== null) {
        this.#queue = synced
        this.#syncing = false
        if (!this.#applyBuffered(connection)) return
        this.error = null
        this.connected = true
        this.status = 'online'
        return
      }
    } else {
      this.error = ack.error
    }
    // No usable answer: ask again, backing off, while this connection lasts.
    const delay = SYNC_RETRY_MS[Math.min(this.#syncAttempts, SYNC_RETRY_MS.length - 1)] ?? 30000
    this.#syncAttempts += 1
    this.#syncRetry = setTimeout(() => {
      if (connection === this.#connection && this.#socket.connected) void this.#sync(connection)
    }, delay)
  }

  // ---- Agenda clock, speaker messages and presence ----

  /** Moderators: every connected screen's clock report (presence, not sequenced). */
  screens = $state.raw<ScreenInfo[]>([])
  /** The local clock (localNow) when the server was last heard from. */
  lastContactAt = $state(localNow())

  /** The clock's command log since the last reset; null until the first snapshot. */
  get clock(): ClockLog | null {
    return this.#queue.clock
  }

  /** Messages from the régie to the stage, oldest first (moderators and speakers only). */
  get messages(): readonly SpeakerMessage[] {
    return this.#queue.messages
  }

  /** One NTP-style probe: the server's time when it answered. Rejects on timeout or refusal. */
  ping(t0: number, timeoutMs = 3000): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#socket.timeout(timeoutMs).emit('time.ping', { t0 }, (err, result) => {
        if (err) reject(err)
        else if (!result.ok) reject(new Error(result.error.message))
        else resolve(result.value.serverNow)
      })
    })
  }

  report(report: ScreenReport): Promise<StreamAck<null>> {
    return this.#withAck<null>((socket, done) => socket.emit('screen.report', report, done))
  }

  clockCommand(input: ClockCommandInput): Promise<StreamAck<ClockView>> {
    return this.#withAck<ClockView>((socket, done) => socket.emit('clock.command', input, done))
  }

  sendMessage(text: string): Promise<StreamAck<SpeakerMessage>> {
    return this.#withAck<SpeakerMessage>((socket, done) => socket.emit('message.send', { text }, done))
  }

  acknowledgeMessage(id: string): Promise<StreamAck<SpeakerMessage>> {
    return this.#withAck<SpeakerMessage>((socket, done) => socket.emit('message.acknowledge', { id }, done))
  }

  // ---- X source (moderators) ----

  /** The X source's status as the server pushes it when it changes; returns the unsubscribe. Not sequenced: the panel GETs it on each connection. */
  onXStatus(listener: (status: XStatus) => void): () => void {
    this.#socket.on('x.status', listener)
    return () => void this.#socket.off('x.status', listener)
  }
}
