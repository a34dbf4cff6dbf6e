// Database rows -> the public event view (pure).
import type { EventView, SegmentView } from '../contract/schemas'
import type { EventRow, SegmentRow } from './events.repository'
import { DEFAULT_SETTINGS } from './events.settings'
import { toZonedIso } from './zoned-time'

function toSegmentView(row: SegmentRow, timeZone: string): SegmentView {
  const start = row.plannedStart.getTime()
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    kind: row.kind,
    plannedStart: toZonedIso(start, timeZone),
    plannedEnd: toZonedIso(start + row.durationSeconds * 1000, timeZone),
    durationSeconds: row.durationSeconds,
    speakers: row.speakers,
    wrapUpSeconds: row.wrapUpSeconds,
    overrun: row.overrun,
    minDurationSeconds: row.minDurationSeconds,
  }
}

/** The public link of an event's attendee page, the one the links printed at creation share. */
export function attendeeUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/e/${slug}`
}

export function toEventView(event: EventRow, segmentRows: SegmentRow[], publicUrl: string): EventView {
  const segmentViews = segmentRows.map((s) => toSegmentView(s, event.timeZone))
  return {
    slug: event.slug,
    title: event.title,
    organiser: event.organiser,
    timeZone: event.timeZone,
    date: event.localDate,
    plannedStart: segmentViews[0]?.plannedStart ?? '',
    plannedEnd: segmentViews.at(-1)?.plannedEnd ?? '',
    // Settings added after an event was created take their defaults.
    settings: { ...DEFAULT_SETTINGS, ...event.settings },
    segments: segmentViews,
    attendeeUrl: attendeeUrl(publicUrl, event.slug),
  }
}
