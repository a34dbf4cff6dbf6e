// This process's measures in Prometheus' text format (prom-client). One registry per app, not prom-client's global
// one: tests start several apps in one process, and each must count only its own sockets and actions.
import { timingSafeEqual, createHash } from 'node:crypto'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Role } from '../contract/schemas'
import type { LimitedAction } from '../limits/rate-limiter'
import type { XState } from '../contract/x'

/** What the metrics read when scraped: nothing is sampled between scrapes. */
export interface MetricSources {
  /** This process's admitted sockets, by role. */
  sockets(): Map<Role, number>
  /** Every event's X source and its state (read from the database: the same on every process). */
  xStates(): Promise<{ eventId: number; state: XState }[]>
  /** The database connections; null where the driver does not tell (PGlite). */
  pool(): Promise<{ inUse: number; idle: number; max: number } | null>
  databaseKind: 'pglite' | 'postgres'
}

const ROLES: readonly Role[] = ['moderator', 'speaker', 'attendee', 'public']
const X_STATES: readonly XState[] = ['off', 'polling', 'backing_off', 'rate_limited', 'budget_paused', 'usage_capped']

/** The socket actions' answer times span a cached ping (sub-millisecond) to a bulk moderation under load (seconds). */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export class Metrics {
  readonly registry = new Registry()
  private readonly delivered: Counter<'channel'>
  private readonly sends: Counter
  private readonly acks: Histogram<'event' | 'outcome'>
  private readonly refusals: Counter<'limit' | 'per'>

  constructor(private readonly sources: () => MetricSources | null) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    this.delivered = new Counter({
      name: 'tribune_changes_delivered_total',
      help: 'Changes of the ordered feed emitted to this process’s sockets, one per channel that had a socket here',
      labelNames: ['channel'],
      registers,
    })
    this.sends = new Counter({
      name: 'tribune_change_sends_total',
      help: 'Changes times the sockets of this process that were sent them',
      registers,
    })
    this.acks = new Histogram({
      name: 'tribune_socket_ack_seconds',
      help: 'Socket actions: time from receipt to acknowledgement, by action and outcome (ok or error)',
      labelNames: ['event', 'outcome'],
      buckets: ACK_BUCKETS,
      registers,
    })
    this.refusals = new Counter({
      name: 'tribune_rate_limit_refusals_total',
      help: 'Actions refused by a rate limit, by limit and by what it counts (attendee, address, token)',
      labelNames: ['limit', 'per'],
      registers,
    })
    new Gauge({
      name: 'tribune_sockets_connected',
      help: 'Sockets admitted on this process, by role',
      labelNames: ['role'],
      registers,
      collect() {
        const counts = sources()?.sockets() ?? new Map<Role, number>()
        for (const role of ROLES) this.set({ role }, counts.get(role) ?? 0)
      },
    })
    new Gauge({
      name: 'tribune_x_source_state',
      help: 'Each event’s X source: 1 for its current state, 0 for the others',
      labelNames: ['event_id', 'state'],
      registers,
      async collect() {
        this.reset()
        for (const { eventId, state } of (await sources()?.xStates()) ?? []) {
          for (const candidate of X_STATES) this.set({ event_id: String(eventId), state: candidate }, candidate === state ? 1 : 0)
        }
      },
    })
    new Gauge({
      name: 'tribune_db_connections',
      help: 'Database connections of this process’s pool by state (in_use, idle, max); PostgreSQL only',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset()
        const pool = await sources()?.pool()
        if (!pool) return
        this.set({ state: 'in_use' }, pool.inUse)
        this.set({ state: 'idle' }, pool.idle)
        this.set({ state: 'max' }, pool.max)
      },
    })
    new Gauge({
      name: 'tribune_db_info',
      help: 'Which database this process uses (1 for its kind)',
      labelNames: ['kind'],
      registers,
      collect() {
        const kind = sources()?.databaseKind
        if (kind) this.set({ kind }, 1)
      },
    })
  }

  /** One change sent to a channel's room where `sockets` of this process listen. */
  changeSent(channel: string, sockets: number): void {
    if (sockets === 0) return
    this.delivered.inc({ channel })
    this.sends.inc(sockets)
  }

  acked(event: string, ok: boolean, seconds: number): void {
    this.acks.observe({ event, outcome: ok ? 'ok' : 'error' }, seconds)
  }

  refused(limit: LimitedAction | 'sockets', per: 'attendee' | 'address' | 'token'): void {
    this.refusals.inc({ limit, per })
  }
}

/**
 * Who may read /metrics. With METRICS_TOKEN: whoever sends it as a Bearer token. Without: only a caller on this
 * machine that no proxy forwarded (a local reverse proxy would otherwise make the whole internet look local).
 */
export function metricsAllowed(
  token: string | null,
  request: { ip: string; headers: Record<string, string | string[] | undefined> },
): 'ok' | 'unauthorized' | 'forbidden' {
  if (token) {
    const header = request.headers.authorization
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null
    if (given === null) return 'unauthorized'
    // Compared as digests: equal lengths for timingSafeEqual, and no length leaked.
    return timingSafeEqual(digest(given), digest(token)) ? 'ok' : 'unauthorized'
  }
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined
  return !forwarded && isLoopback(request.ip) ? 'ok' : 'forbidden'
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.')
}
