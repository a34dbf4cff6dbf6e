// The integration feed: read-only JSON for studio tools, over plain WebSockets and their HTTP twins. It follows the
// speakers' channel of this process's ordered delivery: when that channel carries a change, the event's state is
// read again and only the messages that differ are sent, so a tool sees each state once and never an older one.
import { type Access, requireRole } from '../auth/access'
import type { ClockLog } from '../contract/clock'
import { FEED_VERSION, type FeedMessage, type FeedState } from '../contract/feed'
import type { EventView, ItemView } from '../contract/schemas'
import type { EventContext } from '../events/events.service'
import type { Routed } from '../realtime/channels'
import type { FeedSink } from '../realtime/event-feed'
import type { Services } from '../services'
import { clockMessage, helloMessage, onAirMessage, publishedMessage } from './feed.view'

/** One open feed, whatever carries it (a `ws` socket in production). */
export interface FeedConnection {
  send(text: string): void
  close(code: number, reason: string): void
  /** Bytes queued and not yet sent: a tool that stops reading is dropped rather than buffered forever. */
  readonly bufferedAmount: number
}

/** Close codes in the application range (4000–4999), documented in README. */
const FEED_CLOSE = { revoked: 4403, tooSlow: 4408 } as const

/** A connection that has this much unsent is not reading: it is closed. */
const MAX_BUFFERED = 1024 * 1024
/** Changes that arrive together are read once. */
const COALESCE_MS = 50
/** While the clock runs, the timer's state is sent this often (the anchors let a tool count in between). */
const TICK_MS = 1000

interface Member {
  connection: FeedConnection
  /** SHA-256 of the key it opened with, checked again when the event's links change. */
  credential: string
}

interface Live {
  slug: string
  members: Set<Member>
  /** Opened, waiting for the next read to send them everything. */
  joining: Set<Member>
  /** The last text sent of each message type but the clock, to send only what changed. */
  sent: Map<FeedMessage['type'], string>
  view: EventView
  log: ClockLog
  /** The clock's anchors as last sent: a change of them is sent at once, not at the next tick. */
  anchors: string
  reading: Promise<void> | null
  again: boolean
  coalesce: NodeJS.Timeout | null
  ticker: NodeJS.Timeout
}

export class IntegrationFeeds implements FeedSink {
  private readonly live = new Map<number, Live>()

  constructor(
    private readonly services: Services,
    /** Starts this process's ordered delivery of the event (before the first read, so nothing falls between). */
    private readonly attach: (eventId: number) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Who may read the feed: the speakers' key (or the moderators'); the audience's links are not enough. */
  async authorise(slug: string, credential: string | null, ip: string | null): Promise<{ context: EventContext; access: Access }> {
    const context = await this.services.events.load(slug)
    const access = await this.services.access.resolveHash(context.event, credential, { ip })
    requireRole(access, 'speaker', 'moderator')
    return { context, access }
  }

  /** The whole state now: the HTTP twin, and what a new connection receives first. */
  async state(context: EventContext): Promise<FeedState> {
    const { items, log } = await this.read(context)
    return this.stateOf(context.view, items, log)
  }

  /**
   * A new connection (already authorised): counted against the caller's address like any screen, then fed. It gets
   * the whole state from the event's next read, the same read whose differences the others get, so no message it
   * receives is older than one it already has.
   */
  async open(context: EventContext, connection: FeedConnection, credential: string, ip: string | null): Promise<void> {
    await this.services.limiter.take('connect', null, ip)
    const eventId = context.event.id
    await this.attach(eventId)
    const live = this.live.get(eventId) ?? this.start(eventId, context)
    live.joining.add({ connection, credential })
    await this.refresh(eventId, live)
  }

  /** The connection closed (by the tool, the network or this server). */
  close(eventId: number, connection: FeedConnection): void {
    const live = this.live.get(eventId)
    if (!live) return
    for (const set of [live.members, live.joining]) for (const member of set) if (member.connection === connection) set.delete(member)
    if (live.members.size + live.joining.size === 0) this.stop(eventId, live)
  }

  has(eventId: number): boolean {
    return this.live.has(eventId)
  }

  // ---- FeedSink: this process's ordered delivery ----

  deliver(eventId: number, routed: Routed): void {
    const live = this.live.get(eventId)
    if (!live || !routed.main.some((entry) => entry.channel === 'speakers')) return
    live.coalesce ??= setTimeout(() => {
      live.coalesce = null
      void this.refresh(eventId, live)
    }, COALESCE_MS)
  }

  /** The event's links changed: a feed opened with a key that no longer opens it is closed. */
  async revoke(eventId: number): Promise<void> {
    const live = this.live.get(eventId)
    if (!live) return
    const event = await this.services.events.findById(eventId)
    for (const member of [...live.members, ...live.joining]) {
      const allowed =
        event !== null &&
        (await this.services.access.resolveHash(event, member.credential).then(
          (access) => access.role === 'speaker' || access.role === 'moderator',
          () => false,
        ))
      if (!allowed) this.drop(live, member, FEED_CLOSE.revoked, 'revoked')
    }
    if (live.members.size + live.joining.size === 0) this.stop(eventId, live)
  }

  closeAll(): void {
    for (const [eventId, live] of this.live) {
      for (const member of [...live.members, ...live.joining]) member.connection.close(1001, 'server shutting down')
      this.stop(eventId, live)
    }
  }

  // ---- internals ----

  private start(eventId: number, context: EventContext): Live {
    const live: Live = {
      slug: context.event.slug,
      members: new Set(),
      joining: new Set(),
      sent: new Map(),
      view: context.view,
      log: { speed: 1, commands: [] },
      anchors: '',
      reading: null,
      again: false,
      coalesce: null,
      ticker: setInterval(() => this.tick(live), TICK_MS),
    }
    live.ticker.unref()
    this.live.set(eventId, live)
    return live
  }

  private stop(eventId: number, live: Live): void {
    clearInterval(live.ticker)
    if (live.coalesce) clearTimeout(live.coalesce)
    if (this.live.get(eventId) === live) this.live.delete(eventId)
  }

  private async read(context: EventContext): Promise<{ items: ItemView[]; log: ClockLog }> {
    const speaker: Access = { role: 'speaker', attendeeId: null, actor: 'integration' }
    const [items, log] = await Promise.all([
      this.services.questions.list(context.event, speaker),
      this.services.clock.log(context.event.id),
    ])
    return { items, log }
  }

  private stateOf(view: EventView, items: readonly ItemView[], log: ClockLog): FeedState {
    return {
      v: FEED_VERSION,
      hello: helloMessage(view),
      clock: clockMessage(view, log, this.services.serverClock.now()),
      onAir: onAirMessage(items),
      published: publishedMessage(items),
    }
  }

  /** One read at a time per event; changes during a read make one more read after it. */
  private refresh(eventId: number, live: Live): Promise<void> {
    if (live.reading) {
      live.again = true
      return live.reading
    }
    live.reading = (async () => {
      do {
        live.again = false
        try {
          const context = await this.services.events.load(live.slug)
          const { items, log } = await this.read(context)
          this.publish(live, context.view, items, log)
        } catch (error) {
          // Those waiting for their first state are told to come back; the others keep what they have until the
          // next change or tick.
          this.onError(error)
          for (const member of live.joining) this.drop(live, member, 1011, 'unavailable, try again')
          break
        }
      } while ((live.again || live.joining.size > 0) && this.live.get(eventId) === live)
      live.reading = null
    })()
    return live.reading
  }

  private publish(live: Live, view: EventView, items: readonly ItemView[], log: ClockLog): void {
    live.view = view
    live.log = log
    const state = this.stateOf(view, items, log)
    for (const message of [state.hello, state.onAir, state.published]) {
      const text = JSON.stringify(message)
      if (live.sent.get(message.type) === text) continue
      live.sent.set(message.type, text)
      this.broadcast(live, text)
    }
    const anchors = JSON.stringify([view.segments, log])
    if (anchors !== live.anchors) {
      live.anchors = anchors
      this.broadcast(live, JSON.stringify(state.clock))
    }
    // Those who just opened: everything, in the order a tool reads it.
    for (const member of live.joining) {
      live.joining.delete(member)
      live.members.add(member)
      for (const message of [state.hello, state.clock, state.onAir, state.published]) this.send(live, member, JSON.stringify(message))
    }
  }

  private tick(live: Live): void {
    if (live.members.size === 0 || live.anchors === '') return
    const message = clockMessage(live.view, live.log, this.services.serverClock.now())
    if (message.clock.phase === 'running') this.broadcast(live, JSON.stringify(message))
  }

  private broadcast(live: Live, text: string): void {
    for (const member of live.members) this.send(live, member, text)
  }

  private send(live: Live, member: Member, text: string): void {
    if (member.connection.bufferedAmount > MAX_BUFFERED) return this.drop(live, member, FEED_CLOSE.tooSlow, 'not reading')
    try {
      member.connection.send(text)
    } catch (error) {
      this.onError(error)
      this.drop(live, member, 1011, 'send failed')
    }
  }

  private drop(live: Live, member: Member, code: number, reason: string): void {
    live.members.delete(member)
    live.joining.delete(member)
    member.connection.close(code, reason)
  }
}
