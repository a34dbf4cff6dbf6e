// What the report page draws (pure): the agenda's planned and actual bars on one time axis, durations in words.
import type { ReportSegment } from '../../../server/contract/report'

interface TimelineBar {
  position: number
  title: string
  /** Percentages of the axis. */
  planned: { left: number; width: number }
  actual: { left: number; width: number } | null
}

export interface Timeline {
  startMs: number
  endMs: number
  bars: TimelineBar[]
  /** Whole and half hours on the axis, as instants and percentages. */
  ticks: { at: number; left: number }[]
}

export function timeline(segments: readonly ReportSegment[]): Timeline | null {
  if (segments.length === 0) return null
  const instants = segments
    .flatMap((s) => [s.plannedStart, s.plannedEnd, s.actualStart, s.actualEnd])
    .flatMap((i) => (i ? [Date.parse(i)] : []))
  const startMs = Math.min(...instants)
  const endMs = Math.max(...instants)
  const span = Math.max(endMs - startMs, 60_000)
  const place = (from: string, to: string) => ({
    left: ((Date.parse(from) - startMs) / span) * 100,
    width: Math.max(((Date.parse(to) - Date.parse(from)) / span) * 100, 0.5),
  })
  const ticks: { at: number; left: number }[] = []
  const step = span > 4 * 3600_000 ? 3600_000 : 1800_000
  for (let at = Math.ceil(startMs / step) * step; at <= endMs; at += step) ticks.push({ at, left: ((at - startMs) / span) * 100 })
  return {
    startMs,
    endMs,
    ticks,
    bars: segments.map((s) => ({
      position: s.position,
      title: s.title,
      planned: place(s.plannedStart, s.plannedEnd),
      actual: s.actualStart && s.actualEnd ? place(s.actualStart, s.actualEnd) : null,
    })),
  }
}

/** Signed minutes, one decimal, for overruns and delays: +3, −7, +0.5. */
export function signedMinutes(seconds: number | null): string | null {
  if (seconds === null) return null
  const minutes = Math.round(seconds / 6) / 10
  return `${minutes > 0 ? '+' : minutes < 0 ? '−' : '±'}${Math.abs(minutes)}`
}
