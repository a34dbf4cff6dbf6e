// Where instant t falls in the *planned* agenda, and how countdowns read. Pure: time is passed in.
import type { SegmentView } from '../../../server/contract/schemas'

export type AgendaPosition =
  | { kind: 'empty' }
  | { kind: 'before'; next: SegmentView; untilMs: number }
  | { kind: 'during'; index: number; segment: SegmentView; elapsedMs: number; remainingMs: number; next: SegmentView | null }
  | { kind: 'between'; previous: SegmentView; next: SegmentView; untilMs: number }
  | { kind: 'after'; last: SegmentView; sinceMs: number }

const startOf = (segment: SegmentView) => Date.parse(segment.plannedStart)
const endOf = (segment: SegmentView) => Date.parse(segment.plannedEnd)

/** Segments in agenda order. */
export function orderedSegments(segments: readonly SegmentView[]): SegmentView[] {
  return [...segments].sort((a, b) => a.position - b.position || startOf(a) - startOf(b))
}

/**
 * The planned position at `nowMs`. A segment runs over [start, end); when planned segments overlap, the one
 * that started last wins, as a speaker taking the floor ends the previous slot.
 */
export function agendaPosition(segments: readonly SegmentView[], nowMs: number): AgendaPosition {
  const ordered = orderedSegments(segments)
  const first = ordered[0]
  const last = ordered[ordered.length - 1]
  if (!first || !last) return { kind: 'empty' }

  let current = -1
  ordered.forEach((segment, index) => {
    if (startOf(segment) <= nowMs && nowMs < endOf(segment)) current = index
  })
  const segment = ordered[current]
  if (segment) {
    return {
      kind: 'during',
      index: current,
      segment,
      elapsedMs: nowMs - startOf(segment),
      remainingMs: endOf(segment) - nowMs,
      next: ordered[current + 1] ?? null,
    }
  }
  if (nowMs < startOf(first)) return { kind: 'before', next: first, untilMs: startOf(first) - nowMs }

  const nextIndex = ordered.findIndex((candidate) => startOf(candidate) > nowMs)
  const next = ordered[nextIndex]
  const previous = ordered[nextIndex - 1]
  if (next && previous) return { kind: 'between', previous, next, untilMs: startOf(next) - nowMs }
  return { kind: 'after', last, sinceMs: nowMs - endOf(last) }
}

/**
 * How many wrap-up thresholds have been crossed: 0 none, then 1, 2… as time left drops to each threshold
 * (thresholds in seconds, in any order).
 */
export function wrapUpLevel(segment: SegmentView, remainingMs: number): number {
  return segment.wrapUpSeconds.filter((seconds) => remainingMs <= seconds * 1000).length
}

const MINUS = '\u2212'
const pad = (value: number) => String(value).padStart(2, '0')

/**
 * A timer reading: "mm:ss" under one hour, "h:mm:ss" from one hour. Time left is rounded up (00:01 until the
 * very end), overtime rounded down with a minus sign, so 00:00 lasts exactly one second.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = ms >= 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const sign = ms < 0 && totalSeconds > 0 ? MINUS : ''
  return hours > 0 ? `${sign}${hours}:${pad(minutes)}:${pad(seconds)}` : `${sign}${pad(minutes)}:${pad(seconds)}`
}
