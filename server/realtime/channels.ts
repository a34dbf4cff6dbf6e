// Which channel carries a change to whom, with the `prev` numbers screens check for gaps (pure).
// Live delivery and replay both route stored changes through here, so they cannot disagree.
import { type Access, PUBLIC_ACCESS } from '../auth/access'
import type { Change } from '../contract/realtime'
import { ownerOf, projectChange, type StoredChange } from './projection'

/** Moderators see everything, speakers the stage's share, the audience (attendees and public screens) the public share. */
export type Channel = 'moderators' | 'speakers' | 'audience'

const CHANNELS: readonly Channel[] = ['moderators', 'speakers', 'audience']

const VIEWER: Record<Channel, Access> = {
  moderators: { role: 'moderator', attendeeId: null, actor: 'moderator' },
  speakers: { role: 'speaker', attendeeId: null, actor: 'speaker' },
  audience: PUBLIC_ACCESS,
}

export function channelOf(access: Access): Channel {
  return access.role === 'moderator' ? 'moderators' : access.role === 'speaker' ? 'speakers' : 'audience'
}

export interface Routed {
  /** What each channel carries (channels that see nothing of the change are absent). */
  main: { channel: Channel; change: Change }[]
  /** The asker's own view on their private channel, when the change is about their question. */
  own: { attendeeId: string; change: Change } | null
}

/**
 * Follows the channels from a starting point: `prev` is the last number a channel carried since `start`, or
 * `start` itself. That is safe for a screen that has applied everything up to `start` (a screen behind it
 * resyncs once, which costs a replay, never a loss).
 */
export class ChannelTracker {
  private readonly last: Record<Channel, number>
  private readonly lastOwn = new Map<string, number>()

  constructor(private readonly start: number) {
    this.last = { moderators: start, speakers: start, audience: start }
  }

  route(change: StoredChange): Routed {
    const main: Routed['main'] = []
    for (const channel of CHANNELS) {
      const body = projectChange(change, VIEWER[channel])
      if (!body) continue
      main.push({ channel, change: { ...body, seq: change.seq, prev: this.last[channel] } })
      this.last[channel] = change.seq
    }
    const owner = ownerOf(change)
    if (!owner) return { main, own: null }
    const body = projectChange(change, { role: 'attendee', attendeeId: owner, actor: owner })
    if (!body) return { main, own: null }
    const prev = this.lastOwn.get(owner) ?? this.start
    this.lastOwn.set(owner, change.seq)
    return { main, own: { attendeeId: owner, change: { ...body, seq: change.seq, prev, own: true } } }
  }
}

/** The changes after `from` as one screen receives them: its channel, then its own view where the question is its own. */
export function replayFor(access: Access, changes: readonly StoredChange[], from: number): Change[] {
  const tracker = new ChannelTracker(from)
  const channel = channelOf(access)
  const result: Change[] = []
  for (const change of changes) {
    const routed = tracker.route(change)
    const main = routed.main.find((entry) => entry.channel === channel)
    if (main) result.push(main.change)
    if (routed.own && routed.own.attendeeId === access.attendeeId) result.push(routed.own.change)
  }
  return result
}
