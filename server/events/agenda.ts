// Turns an agenda written in local wall-clock times into planned instants (pure).
import type { OverrunPolicy, SegmentInput, SegmentKind } from '../contract/schemas'
import { zonedToInstant } from './zoned-time'

export interface PlannedSegment {
  position: number
  title: string
  kind: SegmentKind
  plannedStart: Date
  durationSeconds: number
  speakers: string[]
  wrapUpSeconds: number[]
  overrun: OverrunPolicy
  minDurationSeconds: number
}

const DEFAULT_WRAP_UP_SECONDS = [300, 60]

/**
 * Segments follow each other on the event's date; a start earlier than the previous one,
 * or an end not after its start, means the agenda crossed midnight.
 */
export function planSegments(date: string, timeZone: string, input: SegmentInput[]): PlannedSegment[] {
  let day = 0
  let previousStart = -1
  return input.map((segment, position) => {
    const startMinutes = minutesOf(segment.start)
    if (startMinutes < previousStart) day += 1
    previousStart = startMinutes
    const endDay = minutesOf(segment.end) <= startMinutes ? day + 1 : day
    const start = zonedToInstant(date, segment.start, timeZone, day)
    const end = zonedToInstant(date, segment.end, timeZone, endDay)
    const kind = segment.kind ?? 'talk'
    return {
      position,
      title: segment.title.trim(),
      kind,
      plannedStart: new Date(start),
      durationSeconds: Math.round((end - start) / 1000),
      speakers: (segment.speakers ?? []).map((s) => s.trim()).filter(Boolean),
      wrapUpSeconds: segment.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS,
      overrun: segment.overrun ?? (kind === 'qa' ? 'absorb' : 'push'),
      minDurationSeconds: (segment.minDurationMinutes ?? 0) * 60,
    }
  })
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}
