// One event's changes delivered to this process's screens, in sequence order, from the stored stream.
// A local commit offers its changes (delivered from memory when they are next in line); anything else —
// another process's commit, a doorbell, the safety poll — makes the feed read the stream after its cursor.
import { ChannelTracker, type Routed } from './channels'
import type { StoredChange } from './projection'

/** Where a feed sends what it routes; the Socket.IO adapter in production, a recorder in tests. */
export interface FeedSink {
  deliver(eventId: number, routed: Routed): void
  /** Credentials changed: drop the screens that joined with ones no longer valid, before anything after it. */
  revoke(eventId: number, attendeeId: string | null): Promise<void>
}

export interface FeedSource {
  after(eventId: number, seq: number, limit: number): Promise<StoredChange[]>
}

/** How many stored changes one read takes; a feed far behind catches up in several reads. */
const READ_BATCH = 500
const RETRY_MS = 1000

export class EventFeed {
  private cursor: number
  private readonly tracker: ChannelTracker
  /** Changes offered by local commits, by number, until the cursor reaches them. */
  private readonly offered = new Map<number, StoredChange>()
  private running = false
  /** Something may be in the stream that this feed has not read. */
  private dirty = false
  private retry: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    readonly eventId: number,
    start: number,
    private readonly source: FeedSource,
    private readonly sink: FeedSink,
    private readonly onError: (error: unknown) => void,
  ) {
    this.cursor = start
    this.tracker = new ChannelTracker(start)
  }

  /** The last number delivered. */
  get delivered(): number {
    return this.cursor
  }

  /** Committed changes from this process. */
  offer(changes: readonly StoredChange[]): void {
    for (const change of changes) {
      if (change.seq <= this.cursor) continue
      this.offered.set(change.seq, change)
      // A later number arrived first: the ones before it are committed (numbers follow commits), read them.
      if (!this.offered.has(this.cursor + 1)) this.dirty = true
    }
    this.pump()
  }

  /** Something may have been committed elsewhere. */
  wake(): void {
    this.dirty = true
    this.pump()
  }

  close(): void {
    this.closed = true
    clearTimeout(this.retry)
  }

  private pump(): void {
    if (this.running || this.closed) return
    this.running = true
    this.drain().then(
      () => {
        this.running = false
        // Offered or woken while the last step was finishing.
        if (this.dirty || this.offered.has(this.cursor + 1)) this.pump()
      },
      (error: unknown) => {
        this.running = false
        this.onError(error)
        // The cursor stays where delivery stopped: the next attempt reads from there.
        this.dirty = true
        clearTimeout(this.retry)
        this.retry = setTimeout(() => this.pump(), RETRY_MS)
        this.retry.unref()
      },
    )
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const next = this.offered.get(this.cursor + 1)
      if (next) {
        await this.deliver([next])
        continue
      }
      if (!this.dirty) return
      this.dirty = false
      const batch = await this.source.after(this.eventId, this.cursor, READ_BATCH)
      if (batch.length === 0) return
      await this.deliver(batch)
      if (batch.length === READ_BATCH) this.dirty = true
    }
  }

  private async deliver(batch: readonly StoredChange[]): Promise<void> {
    for (const change of batch) {
      if (change.seq !== this.cursor + 1)
        throw new Error(`stream of event ${this.eventId}: expected ${this.cursor + 1}, read ${change.seq}`)
      if (change.type === 'access') await this.sink.revoke(this.eventId, change.attendeeId)
      this.sink.deliver(this.eventId, this.tracker.route(change))
      this.cursor = change.seq
      this.offered.delete(change.seq)
    }
  }
}
