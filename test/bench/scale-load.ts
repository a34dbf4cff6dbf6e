// A load generator of `npm run bench`, forked by test/bench/scale.ts: raw `ws` clients (speaking Socket.IO's
// protocol to Tribune, raw-socket.ts, and nothing to the baseline) bound to several loopback source addresses,
// answering the requests of scale-protocol.ts. It exits with its parent, so a run always stops by itself.
import http from 'node:http'
import WebSocket from 'ws'
import type { Ack, Change, SyncResult } from '../../server/contract/realtime'
import type { ItemView, JoinResult, VoteResult } from '../../server/contract/schemas'
import {
  type CpuWindow,
  type IngestOutcome,
  type LoadReply,
  type LoadRequest,
  SOURCE_ADDRESSES,
  type StormOutcome,
  type VoteOutcome,
  now,
  percentile,
} from './scale-protocol'
import { RawSocket } from './raw-socket'

type TribuneSocket = RawSocket

const ACK_TIMEOUT_MS = 30_000
const CONNECT_CONCURRENCY = 100

const tokens: string[] = []
let tribune: TribuneSocket[] = []
let baseline: WebSocket[] = []
let stormSockets: TribuneSocket[] = []
const arrivals = new Map<string, number[]>()
let cpuFrom: { cpu: NodeJS.CpuUsage; at: number } | null = null
let nextAddress = 0

const sourceAddress = () => SOURCE_ADDRESSES[nextAddress++ % SOURCE_ADDRESSES.length]!

function arrive(key: string): void {
  const at = now()
  const list = arrivals.get(key)
  if (list) list.push(at)
  else arrivals.set(key, [at])
}

interface AckTally {
  acked: number
  failed: number
  errors: string[]
  ackMs: number[]
}

/** Counts one answer: its wait, and whether it was an acknowledgement or a refusal (the first few kept). */
function acknowledged<T>(tally: AckTally, sentAt: number, ack: Ack<T>): ack is Extract<Ack<T>, { ok: true }> {
  tally.ackMs.push(now() - sentAt)
  if (ack.ok) tally.acked++
  else failedWith(tally, ack.error.code)
  return ack.ok
}

function failedWith(tally: AckTally, error: string): void {
  tally.failed++
  if (tally.errors.length < 5) tally.errors.push(error)
}

/** Runs `task` for 0..count-1 with at most `limit` at once. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++)
    }),
  )
}

function join(url: string, slug: string, agent: http.Agent | false): Promise<JoinResult> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/api/events/${slug}/attendees`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent, localAddress: sourceAddress() },
      (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => {
          if (response.statusCode === 201) resolve(JSON.parse(body) as JoinResult)
          else reject(new Error(`join: HTTP ${response.statusCode} ${body.slice(0, 200)}`))
        })
      },
    )
    request.on('error', reject)
    request.setTimeout(ACK_TIMEOUT_MS, () => request.destroy(new Error(`join: no answer in ${ACK_TIMEOUT_MS / 1000} s`)))
    request.end('{}')
  })
}

function connectTribune(url: string, slug: string, token: string): Promise<TribuneSocket> {
  return RawSocket.connect(url, { slug, token, lang: 'en' }, sourceAddress(), ACK_TIMEOUT_MS)
}

async function firstSync(socket: TribuneSocket): Promise<void> {
  const ack = (await socket.emitWithAck('sync', { lastSeq: null }, ACK_TIMEOUT_MS)) as Ack<SyncResult>
  if (!ack.ok) throw new Error(`sync: ${ack.error.code}`)
}

function onChange(payload: unknown): void {
  // The approval the scenario times: an item published to the audience, keyed by its id.
  const change = payload as Change
  if (change.type === 'item.upsert' && change.item.status === 'approved') arrive(change.item.id)
}

function connectBaseline(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { localAddress: sourceAddress(), perMessageDeflate: false, handshakeTimeout: ACK_TIMEOUT_MS })
  socket.on('message', (data) => arrive(`round-${(JSON.parse((data as Buffer).toString()) as { round: number }).round}`))
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
}

async function handle(request: LoadRequest): Promise<unknown> {
  switch (request.op) {
    case 'join': {
      let failed = 0
      const errors: string[] = []
      // Setting up, not measured: kept-alive connections, fresh for each batch (the server closes idle ones).
      const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
      await pool(request.count, 32, async () => {
        try {
          tokens.push((await join(request.url, request.slug, agent)).token)
        } catch (error) {
          failed++
          if (errors.length < 5) errors.push(String(error))
        }
      })
      agent.destroy()
      return { tokens: tokens.length, failed, errors }
    }
    case 'connect': {
      let failed = 0
      const errors: string[] = []
      // Where a Tribune client's wait goes: the handshake (token checked) and the first sync (snapshot).
      const handshakeMs: number[] = []
      const syncMs: number[] = []
      await pool(request.count, CONNECT_CONCURRENCY, async (i) => {
        try {
          if (request.target === 'baseline') {
            baseline.push(await connectBaseline(request.url))
          } else {
            const token = tokens[i]
            if (!token) throw new Error('no token left: join more attendees first')
            const startedAt = now()
            const socket = await connectTribune(request.url, request.slug, token)
            const connectedAt = now()
            socket.on('change', onChange)
            await firstSync(socket)
            handshakeMs.push(connectedAt - startedAt)
            syncMs.push(now() - connectedAt)
            tribune.push(socket)
          }
        } catch (error) {
          failed++
          if (errors.length < 5) errors.push(String(error))
        }
      })
      const p50 = (values: number[]) => percentile(values, 50)
      const connected = request.target === 'baseline' ? baseline.length : tribune.length
      return { connected, failed, errors, handshakeP50: p50(handshakeMs), syncP50: p50(syncMs) }
    }
    case 'received':
      return Object.fromEntries(request.keys.map((key) => [key, arrivals.get(key)?.length ?? 0]))
    case 'arrivals': {
      const result = Object.fromEntries(request.keys.map((key) => [key, arrivals.get(key) ?? []]))
      for (const key of request.keys) arrivals.delete(key)
      return result
    }
    case 'vote': {
      const outcome: VoteOutcome = { acked: 0, counted: 0, failed: 0, errors: [], ackMs: [] }
      const start = now()
      const gap = request.spreadMs / Math.max(1, tribune.length)
      await Promise.all(
        tribune.map(async (socket, i) => {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * gap - now())))
          const sentAt = now()
          try {
            const ack = (await socket.emitWithAck('question.vote', { id: request.itemId, up: true }, ACK_TIMEOUT_MS)) as Ack<VoteResult>
            if (acknowledged(outcome, sentAt, ack) && ack.value.voted) outcome.counted++
          } catch (error) {
            failedWith(outcome, String(error))
          }
        }),
      )
      return outcome
    }
    case 'ingest': {
      const outcome: IngestOutcome = { acked: 0, failed: 0, errors: [], ackMs: [], sentAt: {} }
      if (tribune.length === 0) throw new Error('ingest: connect attendees first')
      const start = now()
      const total = Math.round(request.perSecond * request.seconds)
      const gap = 1000 / request.perSecond
      await Promise.all(
        Array.from({ length: total }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * gap - now())))
          const socket = tribune[i % tribune.length]!
          const sentAt = now()
          try {
            const ack = (await socket.emitWithAck(
              'question.ask',
              {
                text: `Question ${request.tag}-${i}: quel calendrier pour les appels à projets de l’an prochain ?`,
                anonymous: true,
                idempotencyKey: `ingest-${request.tag}-${i}`,
              },
              ACK_TIMEOUT_MS,
            )) as Ack<ItemView>
            if (acknowledged(outcome, sentAt, ack)) outcome.sentAt[ack.value.id] = sentAt
          } catch (error) {
            failedWith(outcome, String(error))
          }
        }),
      )
      return outcome
    }
    case 'joinStorm': {
      const outcome: StormOutcome = { usable: 0, failed: 0, errors: [], readyMs: [] }
      const start = now()
      const gap = request.spreadMs / Math.max(1, request.count)
      await Promise.all(
        Array.from({ length: request.count }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * gap - now())))
          const startedAt = now()
          let step = 'join'
          try {
            // Each newcomer on its own connection, as separate phones are.
            const { token } = await join(request.url, request.slug, false)
            step = 'connect'
            const socket = await connectTribune(request.url, request.slug, token)
            stormSockets.push(socket)
            step = 'sync'
            await firstSync(socket)
            outcome.readyMs.push(now() - startedAt)
            outcome.usable++
          } catch (error) {
            outcome.failed++
            if (outcome.errors.length < 5) outcome.errors.push(`${step}: ${String(error)}`)
          }
        }),
      )
      return outcome
    }
    case 'cpuStart':
      cpuFrom = { cpu: process.cpuUsage(), at: now() }
      return null
    case 'cpuStop': {
      if (!cpuFrom) throw new Error('cpuStop without cpuStart')
      const used = process.cpuUsage(cpuFrom.cpu)
      const cpuMs = (used.user + used.system) / 1000
      const wallMs = now() - cpuFrom.at
      cpuFrom = null
      return { cpuMs, wallMs, share: cpuMs / wallMs } satisfies CpuWindow
    }
    case 'closeAll': {
      for (const socket of [...tribune, ...stormSockets]) socket.close()
      for (const socket of baseline) socket.terminate()
      tribune = []
      stormSockets = []
      baseline = []
      arrivals.clear()
      return null
    }
  }
}

process.on('message', (message: { id: number; request: LoadRequest }) => {
  handle(message.request).then(
    (result) => process.send!({ id: message.id, ok: true, result } satisfies LoadReply),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: String(error) } satisfies LoadReply),
  )
})
// The parent went away (finished, failed or killed): nothing here may outlive it.
process.on('disconnect', () => process.exit(0))
