// Ordered delivery on this process: one feed per event that has screens here, woken by local commits, by the
// doorbell (other processes' commits) and by a slow safety poll. Services see it as the Broadcaster port.
import type { Broadcaster } from './broadcaster'
import type { Doorbell } from './doorbell'
import { EventFeed, type FeedSink, type FeedSource } from './event-feed'
import type { StoredChange } from './projection'

export interface DeliveryOptions {
  /** Reads the stream of every active event this often, in case a doorbell was lost. */
  pollMs?: number
  /** Whether this process still has screens of the event (an idle feed is dropped). */
  hasScreens: (eventId: number) => boolean
  onError: (error: unknown) => void
}

export class Delivery implements Broadcaster {
  private readonly feeds = new Map<number, Promise<EventFeed>>()
  private doorbell: Doorbell | null = null
  private readonly poll: NodeJS.Timeout

  constructor(
    private readonly source: FeedSource & { head(eventId: number): Promise<number> },
    private readonly sink: FeedSink,
    private readonly options: DeliveryOptions,
  ) {
    this.poll = setInterval(() => void this.sweep(), options.pollMs ?? 2000)
    this.poll.unref()
  }

  useDoorbell(doorbell: Doorbell): void {
    this.doorbell = doorbell
  }

  /**
   * The event's feed on this process, started at the stream's current end. Awaited before a screen's first
   * sync, so the feed never starts after what the screen is about to read.
   */
  attach(eventId: number): Promise<EventFeed> {
    let feed = this.feeds.get(eventId)
    if (!feed) {
      feed = this.source.head(eventId).then((start) => new EventFeed(eventId, start, this.source, this.sink, this.options.onError))
      // A failed start is retried by the next screen.
      feed.catch(() => this.feeds.delete(eventId))
      this.feeds.set(eventId, feed)
    }
    return feed
  }

  /** Committed changes of this process: its own feed takes them from memory; the others hear the doorbell. */
  publish(eventId: number, changes: StoredChange[]): void {
    if (changes.length === 0) return
    this.doorbell?.ring(eventId)
    void this.feeds.get(eventId)?.then((feed) => feed.offer(changes), this.options.onError)
  }

  /** Another process committed changes of these events. */
  rung(eventIds: readonly number[]): void {
    for (const eventId of eventIds) void this.feeds.get(eventId)?.then((feed) => feed.wake(), this.options.onError)
  }

  /** The last number delivered to this process's screens of an event (null without screens here). */
  async delivered(eventId: number): Promise<number | null> {
    const feed = this.feeds.get(eventId)
    return feed ? (await feed).delivered : null
  }

  async close(): Promise<void> {
    clearInterval(this.poll)
    for (const feed of this.feeds.values()) (await feed.catch(() => null))?.close()
    this.feeds.clear()
    await this.doorbell?.close()
  }

  private async sweep(): Promise<void> {
    for (const [eventId, pending] of this.feeds) {
      const feed = await pending.catch(() => null)
      if (!feed) continue
      if (this.options.hasScreens(eventId)) {
        feed.wake()
      } else {
        feed.close()
        this.feeds.delete(eventId)
      }
    }
  }
}
