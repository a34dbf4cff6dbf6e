// What `npm run bench` (test/bench/scale.ts) asks of its load generators (test/bench/scale-load.ts) over the
// child-process channel, and the figures both sides compute.

/** Source addresses the clients bind to: one address gives ~28,000 ports towards one server port. */
export const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`)

export type LoadRequest =
  /** Joins attendees over HTTP and keeps their tokens for the next `connect`. */
  | { op: 'join'; url: string; slug: string; count: number }
  /** Connects `count` attendees (Tribune: token, then a first sync as the page does) or raw `ws` clients (baseline). */
  | { op: 'connect'; target: 'tribune' | 'baseline'; url: string; slug: string; count: number }
  /** How many clients have received each key (an item id for Tribune, a round for the baseline). */
  | { op: 'received'; keys: string[] }
  /** The arrival instants per key (ms, `performance.timeOrigin + performance.now()`), then forgets them. */
  | { op: 'arrivals'; keys: string[] }
  /** Every connected attendee supports `itemId`, spread evenly over `spreadMs`. */
  | { op: 'vote'; itemId: string; spreadMs: number }
  /** New attendees join and connect and sync, spread evenly over `spreadMs`. */
  | { op: 'joinStorm'; url: string; slug: string; count: number; spreadMs: number }
  /** The connected attendees ask `perSecond` questions a second (round robin) for `seconds`. */
  | { op: 'ingest'; perSecond: number; seconds: number; tag: string }
  | { op: 'cpuStart' }
  | { op: 'cpuStop' }
  | { op: 'closeAll' }

export interface CpuWindow {
  cpuMs: number
  wallMs: number
  /** Share of one core used over the window. */
  share: number
}

export interface VoteOutcome {
  acked: number
  /** Acks saying this attendee's support is counted. */
  counted: number
  failed: number
  errors: string[]
  ackMs: number[]
}

export interface IngestOutcome {
  acked: number
  failed: number
  errors: string[]
  ackMs: number[]
  /** When each acknowledged question was sent (ms, `now()`), by its id. */
  sentAt: Record<string, number>
}

export interface StormOutcome {
  usable: number
  failed: number
  errors: string[]
  /** From the join request to the snapshot applied, per attendee. */
  readyMs: number[]
}

export type LoadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }

/** The instant used on both sides of a measurement: comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now()

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
