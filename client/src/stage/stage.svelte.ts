// The speaker screen's state: its live clock, what it announces, and the « Vu » on the control room's messages.
import { untrack } from 'svelte'
import {
  announcementFor,
  freshMessages,
  milestoneOf,
  pendingMessages,
  sameMilestone,
  type Announcement,
  type Milestone,
} from '../lib/clock-announce'
import { clockDisplay, type ClockDisplay } from '../lib/clock-display'
import { i18n } from '../lib/i18n.svelte'
import { LiveClock } from '../lib/live-clock.svelte'
import type { EventStream } from '../lib/stream.svelte'
import { keepScreenAwake } from '../lib/wake-lock'

/** Ping the server after this long without news, so a dead link is noticed within the 5 s allowed. */
const HEARTBEAT_MS = 2000

export class Stage {
  readonly clock: LiveClock
  /** The last announcements, with a counter so that saying the same words again is heard again. */
  announcements = $state.raw<{ n: number; items: Announcement[] }>({ n: 0, items: [] })
  /** Messages whose « Vu » is on its way. */
  acknowledging = $state<Record<string, boolean>>({})
  ackError = $state<string | null>(null)
  #milestone: Milestone | null = null
  #knownMessages: Set<string> | null = null
  #contactLost = false
  #release: (() => void) | null = null

  constructor(
    readonly stream: EventStream,
    label: string | null,
  ) {
    this.clock = new LiveClock(stream, { page: 'stage', report: true, label, heartbeatMs: HEARTBEAT_MS })
  }

  get display(): ClockDisplay | null {
    const event = this.stream.event
    return event ? clockDisplay(event.segments, this.stream.clock, this.clock.serverNow) : null
  }

  /** Pending messages, newest first: the latest instruction is the one to read. */
  get messages() {
    return pendingMessages(this.stream.messages).reverse()
  }

  /** Only the speaker link may acknowledge (a moderator previewing the stage reads only). */
  get canAcknowledge(): boolean {
    return this.stream.role === 'speaker'
  }

  start(): void {
    this.clock.start()
    this.#release = keepScreenAwake()
  }

  stop(): void {
    this.clock.stop()
    this.#release?.()
    this.#release = null
  }

  /** Called on every frame: announces thresholds, segment changes, new messages and a lost link, nothing else. */
  observe(display: ClockDisplay | null): void {
    const said: Announcement[] = []
    if (display) {
      const milestone = milestoneOf(display)
      if (!sameMilestone(this.#milestone, milestone)) {
        const announcement = announcementFor(this.#milestone, display)
        if (announcement) said.push(announcement)
        this.#milestone = milestone
      }
    }
    if (this.stream.lastSeq !== null) {
      const messages = this.stream.messages
      for (const message of freshMessages(this.#knownMessages, messages)) {
        said.push({ key: 'clock.announce.message', params: { text: message.text } })
      }
      // A bookkeeping set compared on each update, never rendered.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.#knownMessages = new Set(messages.map((message) => message.id))
    }
    const lost = this.clock.contactLost
    if (lost && !this.#contactLost) said.push({ key: 'clock.connectionLost' }, { key: 'clock.connectionLostHint' })
    this.#contactLost = lost
    if (said.length > 0) this.announcements = { n: untrack(() => this.announcements.n) + 1, items: said }
  }

  async acknowledge(id: string): Promise<void> {
    if (this.acknowledging[id]) return
    this.acknowledging[id] = true
    const ack = await this.stream.acknowledgeMessage(id)
    delete this.acknowledging[id]
    // On success the acknowledged message comes back as a change, which takes it off the screen.
    this.ackError = ack.ok ? null : ack.error.message
  }

  get announcementText(): string {
    return this.announcements.items.map((a) => i18n.t(a.key, a.params)).join(' ')
  }
}
