// Turns an agenda written in local wall-clock times into planned instants (pure), or says which time is wrong.
//
// The rules (README « Heures locales », OpenAPI descriptions of `date`, `start` and `end`):
// - `date` must be a day of the calendar (2026-02-30 is refused).
// - Segments follow each other on the event's date; a start earlier than the previous one, or an end before
//   its start, means the agenda crossed midnight (the next day).
// - A local time the clocks jump over (02:30 on the spring-forward night in Paris, 02:00 → 03:00) is refused: it
//   names no instant, and any guess would give the segment a length the operator did not write. The minute they
//   jump from (02:00) is the instant of the jump, so « 01:00–02:00 » that night is one real hour.
// - A local time the clocks repeat (02:30 on the fall-back night) means its first occurrence, under the
//   offset in force before the change (02:30 CEST, not 02:30 CET). Durations are real time.
// - A segment must last: an end equal to its start, or any real duration ≤ 0, is refused.
import type { OverrunPolicy, SegmentInput, SegmentKind } from '../contract/schemas'
import { isCalendarDate, resolveLocal } from './zoned-time'
import { cleanText } from '../contract/text'

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

/** What is wrong with an agenda, for a 400 naming the field (`segments.1.start`) and the local time. */
type AgendaProblem =
  | { field: 'date'; rule: 'not_a_date'; detail: string }
  | { field: string; rule: 'nonexistent_time'; time: string; date: string; gapFrom: string; gapTo: string; timeZone: string }
  | { field: string; rule: 'empty_segment'; start: string; end: string; date: string; minutes: number }

export type AgendaPlan = { ok: true; segments: PlannedSegment[] } | { ok: false; problem: AgendaProblem }

const DEFAULT_WRAP_UP_SECONDS = [300, 60]

export function planAgenda(date: string, timeZone: string, input: readonly SegmentInput[]): AgendaPlan {
  if (!isCalendarDate(date)) return { ok: false, problem: { field: 'date', rule: 'not_a_date', detail: date } }
  const segments: PlannedSegment[] = []
  let day = 0
  let previousStart = -1
  for (const [position, segment] of input.entries()) {
    const startMinutes = minutesOf(segment.start)
    if (startMinutes < previousStart) day += 1
    previousStart = startMinutes
    const endDay = minutesOf(segment.end) < startMinutes ? day + 1 : day
    const start = instantOf(date, day, segment.start, timeZone, `segments.${position}.start`)
    if (!start.ok) return start
    const end = instantOf(date, endDay, segment.end, timeZone, `segments.${position}.end`)
    if (!end.ok) return end
    const durationSeconds = Math.round((end.at - start.at) / 1000)
    if (durationSeconds <= 0) {
      const problem: AgendaProblem = {
        field: `segments.${position}.end`,
        rule: 'empty_segment',
        start: segment.start,
        end: segment.end,
        date: dayOf(date, day),
        minutes: Math.round(durationSeconds / 60),
      }
      return { ok: false, problem }
    }
    const kind = segment.kind ?? 'talk'
    segments.push({
      position,
      title: cleanText(segment.title, { max: 300 }),
      kind,
      plannedStart: new Date(start.at),
      durationSeconds,
      speakers: (segment.speakers ?? []).map((s) => cleanText(s, { max: 120 })).filter(Boolean),
      wrapUpSeconds: segment.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS,
      overrun: segment.overrun ?? (kind === 'qa' ? 'absorb' : 'push'),
      minDurationSeconds: (segment.minDurationMinutes ?? 0) * 60,
    })
  }
  return { ok: true, segments }
}

/** The plan of an agenda known to be valid (the default event, tests); throws on a problem. */
export function planSegments(date: string, timeZone: string, input: readonly SegmentInput[]): PlannedSegment[] {
  const plan = planAgenda(date, timeZone, input)
  if (!plan.ok) throw new RangeError(`invalid agenda: ${JSON.stringify(plan.problem)}`)
  return plan.segments
}

type Resolved = { ok: true; at: number } | { ok: false; problem: AgendaProblem }

function instantOf(date: string, plusDays: number, time: string, timeZone: string, field: string): Resolved {
  const local = resolveLocal(date, time, timeZone, plusDays)
  switch (local.kind) {
    case 'unique':
      return { ok: true, at: local.at }
    case 'repeated':
      return { ok: true, at: local.first }
    case 'skipped':
      return {
        ok: false,
        problem: {
          field,
          rule: 'nonexistent_time',
          time,
          date: dayOf(date, plusDays),
          gapFrom: local.gap.from,
          gapTo: local.gap.to,
          timeZone,
        },
      }
    default:
      local satisfies never
      throw new TypeError('unknown local time')
  }
}

/** `date` plus `days`, as YYYY-MM-DD. */
function dayOf(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10)
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}
