// npm run bench:clock — 200 simulated screens against a real Tribune server over Socket.IO, each with its
// own wrong clock and injected asymmetric latency and jitter. Prints how far their offset estimates are
// from the truth: Tribune's estimator (quickest probes of 12) against a baseline measured in the same
// run (one probe, what a page gets from reading a server timestamp once).
import { io, type Socket } from 'socket.io-client'
import { openDatabase } from '../../db/connect'
import { buildApp } from '../../server/app'
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../server/contract/realtime'
import { ClockSync, offsetOf, type Probe } from '../../client/src/lib/clock-sync'
import { defaultEvent } from '../../server/events/default-event'

const SCREENS = Number(process.env.SCREENS ?? 200)
const ROUNDS = 2

/** A small seeded generator so two runs inject the same network. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    return seed / 2_147_483_648
  }
}
const rand = random(19_052_020)
const exponential = (mean: number) => -mean * Math.log(1 - rand())
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

interface Network {
  name: string
  leg(base: number, share: number): number
}

const NETWORKS: Network[] = [
  { name: 'loopback, no injected delay', leg: () => 0 },
  {
    name: 'injected: 5–40 ms one way, up to 3:1 asymmetric, exp. jitter (mean 8 ms), 5% spikes of 100–300 ms',
    leg: (base, share) => base * share + exponential(8) + (rand() < 0.05 ? 100 + rand() * 200 : 0),
  },
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function summary(errors: number[]) {
  const sorted = errors.map(Math.abs).sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)! }
}

async function main(): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir: null })
  const { app, services } = await buildApp({
    config: { publicUrl: 'http://bench', adminToken: null, logLevel: 'silent' },
    database,
    clientDir: null,
  })
  await services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []
  for (let i = 0; i < SCREENS; i++) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`http://127.0.0.1:${port}`, {
      auth: { slug: defaultEvent.slug! },
      transports: ['websocket'],
      forceNew: true,
    })
    sockets.push(socket)
  }
  await Promise.all(sockets.map((s) => new Promise((resolve) => (s.connected ? resolve(null) : s.once('connect', () => resolve(null))))))

  console.log(`Clock sync: ${SCREENS} screens over Socket.IO to one server on 127.0.0.1, ${ROUNDS} rounds of 6 probes each\n`)
  for (const network of NETWORKS) {
    const tribune: number[] = []
    const baseline: number[] = []
    await Promise.all(
      sockets.map(async (socket) => {
        // This screen's clock is wrong by up to ±30 s; its network has its own base latency and asymmetry.
        const skew = (rand() - 0.5) * 60_000
        const base = 5 + rand() * 35
        const upShare = 0.5 + rand() * 1.0
        const now = () => Date.now() - skew
        const probes: Probe[] = []
        const sync = new ClockSync({
          now,
          sleep,
          ping: async (t0) => {
            await sleep(network.leg(base, upShare))
            const ack = (await socket.timeout(5000).emitWithAck('time.ping', { t0 })) as Ack<{ serverNow: number }>
            if (!ack.ok) throw new Error(ack.error.code)
            await sleep(network.leg(base, 2 - upShare))
            probes.push({ t0, serverNow: ack.value.serverNow, t3: now() })
            return ack.value.serverNow
          },
        })
        for (let r = 0; r < ROUNDS; r++) await sync.round()
        tribune.push(sync.current!.offsetMs - skew)
        baseline.push(offsetOf(probes[0]!) - skew)
      }),
    )
    const t = summary(tribune)
    const b = summary(baseline)
    const fmt = (n: number) => n.toFixed(1).padStart(7)
    console.log(network.name)
    console.log('                     p50 ms   p95 ms   max ms')
    console.log(`  Tribune (12 probes)${fmt(t.p50)}  ${fmt(t.p95)}  ${fmt(t.max)}`)
    console.log(`  baseline (1 probe) ${fmt(b.p50)}  ${fmt(b.p95)}  ${fmt(b.max)}`)
    console.log(
      `  p95 ratio baseline/Tribune: ${(b.p95 / Math.max(t.p95, 0.001)).toFixed(1)}×   target p95 ≤ 20 ms: ${t.p95 <= 20 ? 'met' : 'NOT met'}\n`,
    )
  }

  for (const s of sockets) s.close()
  await app.close()
  await database.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
