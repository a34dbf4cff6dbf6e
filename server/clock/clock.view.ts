// The clock state as the HTTP API shows it (pure).
import type { ClockLog, ClockView } from '../contract/clock'
import type { EventView } from '../contract/schemas'
import { toZonedIso } from '../events/zoned-time'
import type { ClockState } from './clock'

export function toClockView(state: ClockState, event: EventView, log: ClockLog): ClockView {
  const iso = (ms: number) => toZonedIso(ms, event.timeZone)
  const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))
  const current = state.current
  return {
    serverNow: iso(state.now),
    phase: state.phase,
    speed: state.speed,
    current: current && {
      position: current.position,
      title: event.segments[current.index]?.title ?? '',
      elapsedMs: current.elapsedMs,
      allottedMs: current.allottedMs,
      remainingMs: current.remainingMs,
      overtimeMs: current.overtimeMs,
      wrapUp: current.wrapUp.level,
    },
    scheduleDeltaMs: state.scheduleDeltaMs,
    endDeltaMs: state.endDeltaMs,
    plannedEnd: iso(state.plannedEnd),
    projectedEnd: iso(state.projectedEnd),
    segments: state.segments.map((s) => ({
      position: s.position,
      status: s.status,
      plannedStart: iso(s.plannedStart),
      plannedEnd: iso(s.plannedEnd),
      actualStart: isoOrNull(s.actualStart),
      actualEnd: isoOrNull(s.actualEnd),
      projectedStart: isoOrNull(s.projectedStart),
      projectedEnd: isoOrNull(s.projectedEnd),
    })),
    log,
  }
}
