// What the speaker's screen says to screen readers (pure): only when something changes — a new segment,
// a wrap-up threshold crossed, overtime, pause, resume, end, reset, a new message — never the seconds.
import type { SpeakerMessage } from '../../../server/contract/messages'
import type { ClockDisplay, ClockPhase } from './clock-display'
import type { MessageKey, Params } from './i18n'

export interface Milestone {
  phase: ClockPhase
  index: number | null
  urgency: number
}

export interface Announcement {
  key: MessageKey
  params?: Params
}

export function milestoneOf(display: ClockDisplay): Milestone {
  return { phase: display.phase, index: display.index, urgency: display.urgency }
}

export function sameMilestone(a: Milestone | null, b: Milestone): boolean {
  return a !== null && a.phase === b.phase && a.index === b.index && a.urgency === b.urgency
}

/**
 * The announcement for going from `previous` to the display's milestone, or null. The first reading (page
 * load) says nothing: it is not a change. Less urgency (time added) says nothing either; crossing the
 * threshold again later does.
 */
export function announcementFor(previous: Milestone | null, display: ClockDisplay): Announcement | null {
  if (previous === null) return null
  const next = milestoneOf(display)
  const segment = (): Announcement | null =>
    display.segment ? { key: 'clock.announce.segment', params: { title: display.segment.title } } : null

  if (previous.phase !== next.phase) {
    switch (next.phase) {
      case 'idle':
        return { key: 'clock.announce.reset' }
      case 'ended':
        return { key: 'clock.announce.ended' }
      case 'paused':
        return previous.phase === 'running' && previous.index === next.index ? { key: 'clock.announce.paused' } : segment()
      case 'running':
        return previous.phase === 'paused' && previous.index === next.index ? { key: 'clock.announce.resumed' } : segment()
      default:
        next.phase satisfies never
        return null
    }
  }
  if (next.phase === 'idle' || next.phase === 'ended') return null
  if (previous.index !== next.index) return segment()
  if (next.urgency <= previous.urgency) return null
  if (display.wrapUp === 'overtime' || display.mode === 'overtime') return { key: 'clock.announce.overtime' }
  const threshold = display.thresholdMs
  if (threshold === null) return null
  return threshold % 60_000 === 0
    ? { key: 'clock.announce.wrapUpMinutes', params: { minutes: threshold / 60_000 } }
    : { key: 'clock.announce.wrapUpSeconds', params: { seconds: Math.round(threshold / 1000) } }
}

/** Messages waiting for the speaker's « Vu », oldest first. */
export function pendingMessages(messages: readonly SpeakerMessage[]): SpeakerMessage[] {
  return messages.filter((message) => message.acknowledgedAt === null)
}

/** Pending messages not seen before (`known` null: the first reading, which announces nothing). */
export function freshMessages(known: ReadonlySet<string> | null, messages: readonly SpeakerMessage[]): SpeakerMessage[] {
  if (known === null) return []
  return pendingMessages(messages).filter((message) => !known.has(message.id))
}
