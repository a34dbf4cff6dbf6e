// The integration feed's messages from what the speaker sees (pure): the same projection, order and timer digits
// as the stage, so a studio overlay never disagrees with the speaker's screen.
import type { ClockLog } from '../contract/clock'
import { FEED_VERSION, type FeedClock, type FeedHello, type FeedOnAir, type FeedPublished, type FeedQuestion } from '../contract/feed'
import type { EventView, ItemView } from '../contract/schemas'
import { clockAt } from '../clock/clock.wire'
import { toClockView } from '../clock/clock.view'
import { formatOvertime, formatRemaining } from '../clock/timer-text'
import { inLaneOrder } from '../moderation/lane-order'

const FEED_TYPES = ['hello', 'clock', 'on_air', 'published'] as const

export function helloMessage(event: EventView): FeedHello {
  return {
    v: FEED_VERSION,
    type: 'hello',
    event: {
      slug: event.slug,
      title: event.title,
      organiser: event.organiser,
      timeZone: event.timeZone,
      date: event.date,
      segments: event.segments.map(({ position, title, kind, plannedStart, plannedEnd }) => ({
        position,
        title,
        kind,
        plannedStart,
        plannedEnd,
      })),
    },
    types: [...FEED_TYPES],
  }
}

export function clockMessage(event: EventView, log: ClockLog, nowMs: number): FeedClock {
  const clock = toClockView(clockAt(event.segments, log, nowMs), event, log)
  const current = clock.current
  const counting = current !== null && clock.phase !== 'ended'
  const overtime = counting && current.overtimeMs > 0
  return {
    v: FEED_VERSION,
    type: 'clock',
    clock,
    timer: {
      text: !counting ? '' : overtime ? formatOvertime(current.overtimeMs) : formatRemaining(current.remainingMs),
      overtime,
      segmentTitle: counting ? current.title : null,
    },
  }
}

function question(item: ItemView): FeedQuestion {
  const anonymous = item.author.anonymous
  return {
    id: item.id,
    text: item.text,
    source: item.source,
    name: anonymous ? null : item.author.name,
    organisation: anonymous ? null : item.author.organisation,
    xHandle: anonymous ? null : item.author.xHandle,
    votes: item.votes,
    askedBy: 1 + item.coAskers.length,
    onAirAt: item.onAirAt,
  }
}

export function onAirMessage(items: readonly ItemView[]): FeedOnAir {
  const [onAir] = inLaneOrder(items, 'on_air')
  return { v: FEED_VERSION, type: 'on_air', question: onAir ? question(onAir) : null }
}

export function publishedMessage(items: readonly ItemView[]): FeedPublished {
  return { v: FEED_VERSION, type: 'published', questions: inLaneOrder(items, 'approved').map(question) }
}
