// Reading the clock at an instant: the current segment's numbers, wrap-up, ahead/behind, and the
// projected agenda (the planned-vs-actual report). Pure: the instant is a parameter.
import type { ClockLogState, ClockSegment, IgnoredCommand } from './clock'
import { type Duration, type Instant, ZERO, clamp, divide, latest, longest, minus, scale, shift, span, sum } from './time'

/** none, the tightest remaining-time threshold crossed (index into the segment's wrapUpMs), or time up. */
type WrapUp = { level: 'none' } | { level: 'warning'; index: number; thresholdMs: Duration } | { level: 'overtime' }

interface CurrentSegment {
  index: number
  position: number
  kind: ClockSegment['kind']
  overrun: ClockSegment['overrun']
  enteredAt: Instant
  elapsedMs: Duration
  /** Planned (or absorbed) length plus adjustments. */
  allottedMs: Duration
  /** Sum of adjustments, signed. */
  adjustedMs: Duration
  remainingMs: Duration
  overtimeMs: Duration
  wrapUp: WrapUp
}

type SegmentStatus = 'done' | 'current' | 'upcoming' | 'skipped'

/** One line of the planned-vs-actual report. Projected times are null only for skipped segments. */
export interface SegmentTimes {
  index: number
  position: number
  kind: ClockSegment['kind']
  status: SegmentStatus
  plannedStart: Instant
  plannedEnd: Instant
  actualStart: Instant | null
  actualEnd: Instant | null
  projectedStart: Instant | null
  projectedEnd: Instant | null
}

interface ClockReading {
  now: Instant
  speed: number
  startedAt: Instant | null
  endedAt: Instant | null
  plannedStart: Instant
  plannedEnd: Instant
  /** Ended: the actual end. */
  projectedEnd: Instant
  /** Projected end vs planned end, running time; positive = late. Ended: the actual end vs the planned end. */
  endDeltaMs: Duration
  /**
   * Ahead/behind, running time, positive = behind: when the current segment will end (projected, like every
   * other projected time) against its planned end. Before the start: the first segment's projected start against
   * its plan; after the end: the same as endDeltaMs. Overtime, adjustments and absorbed lengths all count, so it
   * never disagrees with the timer or the projected end: endDeltaMs = scheduleDeltaMs − what an absorb segment takes.
   */
  scheduleDeltaMs: Duration
  segments: readonly SegmentTimes[]
  ignored: readonly IgnoredCommand[]
  log: ClockLogState
}

export type ClockState =
  | (ClockReading & { phase: 'idle'; current: null; pausedSince: null })
  | (ClockReading & { phase: 'running'; current: CurrentSegment; pausedSince: null })
  | (ClockReading & { phase: 'paused'; current: CurrentSegment; pausedSince: Instant })
  | (ClockReading & { phase: 'ended'; current: CurrentSegment; pausedSince: null })

const plannedEnd = (segment: ClockSegment): Instant => shift(segment.plannedStart, segment.durationMs)
const toRunning = (log: ClockLogState, wall: Duration): Duration => scale(wall, log.speed)
const toWall = (log: ClockLogState, running: Duration): Duration => divide(running, log.speed)

function segmentAt(log: ClockLogState, index: number): ClockSegment {
  const segment = log.segments[index]
  if (segment === undefined) throw new RangeError(`no segment ${index}`)
  return segment
}

/**
 * Where an instant of the plan falls in wall time. Live (speed 1) that is the instant itself; in a
 * rehearsal the plan replays from the actual start (or from `now`, before it), `speed` times faster.
 */
function planWall(log: ClockLogState, planned: Instant, now: Instant): Instant {
  if (log.speed === 1) return planned
  const origin = segmentAt(log, 0).plannedStart
  return shift(log.startedAt ?? now, toWall(log, span(origin, planned)))
}

/** Running time spent in the current segment at `at`; frozen while paused or ended. */
export function elapsedAt(log: ClockLogState, at: Instant): Duration {
  if (log.runningSince === null) return log.accruedMs
  return sum(log.accruedMs, toRunning(log, span(log.runningSince, at)))
}

/**
 * Segment `index`'s allotted time before adjustments if it starts at `start`: its plan for `push`;
 * for `absorb`, the time left until its planned end, within [minimum, plan].
 */
export function baseAllotment(log: ClockLogState, index: number, start: Instant, now: Instant): Duration {
  const segment = segmentAt(log, index)
  if (segment.overrun === 'push') return segment.durationMs
  const untilPlannedEnd = toRunning(log, span(start, planWall(log, plannedEnd(segment), now)))
  return clamp(untilPlannedEnd, segment.minDurationMs, segment.durationMs)
}

function wrapUpOf(thresholds: readonly Duration[], remaining: Duration): WrapUp {
  if (remaining <= 0) return { level: 'overtime' }
  let tightest: WrapUp = { level: 'none' }
  for (const [index, thresholdMs] of thresholds.entries()) {
    const crossed = remaining <= thresholdMs
    if (crossed && (tightest.level === 'none' || (tightest.level === 'warning' && thresholdMs < tightest.thresholdMs))) {
      tightest = { level: 'warning', index, thresholdMs }
    }
  }
  return tightest
}

function currentOf(log: ClockLogState, now: Instant): CurrentSegment {
  const segment = segmentAt(log, log.current)
  const adjustedMs = log.adjustMs[log.current] ?? ZERO
  const elapsedMs = elapsedAt(log, now)
  const allottedMs = longest(ZERO, sum(log.baseMs, adjustedMs))
  const remainingMs = longest(ZERO, minus(allottedMs, elapsedMs))
  return {
    index: log.current,
    position: segment.position,
    kind: segment.kind,
    overrun: segment.overrun,
    enteredAt: log.enteredAt ?? now,
    elapsedMs,
    allottedMs,
    adjustedMs,
    remainingMs,
    overtimeMs: longest(ZERO, minus(elapsedMs, allottedMs)),
    wrapUp: wrapUpOf(segment.wrapUpMs, remainingMs),
  }
}

function statusOf(log: ClockLogState, index: number): SegmentStatus {
  if (log.phase === 'idle') return 'upcoming'
  if (index === log.current) return log.phase === 'ended' ? 'done' : 'current'
  if (index > log.current && log.phase !== 'ended') return 'upcoming'
  return log.actualStart[index] != null ? 'done' : 'skipped'
}

/** Done segments keep their actual times; the current one ends when its remaining time runs out;
 *  upcoming ones follow back to back (keeping any planned gap), absorb segments shrinking as they would. */
function agendaOf(log: ClockLogState, now: Instant, current: CurrentSegment | null): SegmentTimes[] {
  let cursor: Instant | null = null // where the previous projected segment ends
  return log.segments.map((segment, index): SegmentTimes => {
    const status = statusOf(log, index)
    const actualStart = log.actualStart[index] ?? null
    const actualEnd = log.actualEnd[index] ?? null
    let projectedStart: Instant | null = null
    let projectedEnd: Instant | null = null
    switch (status) {
      case 'done':
        projectedStart = actualStart
        projectedEnd = actualEnd
        break
      case 'current':
        projectedStart = actualStart
        projectedEnd = shift(now, toWall(log, current?.remainingMs ?? ZERO))
        break
      case 'upcoming': {
        const previous = log.segments[index - 1]
        const gap = previous === undefined ? ZERO : longest(ZERO, span(plannedEnd(previous), segment.plannedStart))
        projectedStart = cursor === null ? latest(planWall(log, segment.plannedStart, now), now) : shift(cursor, toWall(log, gap))
        const base = baseAllotment(log, index, projectedStart, now)
        const allotted = longest(ZERO, sum(base, log.adjustMs[index] ?? ZERO))
        projectedEnd = shift(projectedStart, toWall(log, allotted))
        break
      }
      case 'skipped':
        break
      default:
        status satisfies never
    }
    if (status === 'current' || status === 'upcoming') cursor = projectedEnd
    const { position, kind, plannedStart } = segment
    return {
      index,
      position,
      kind,
      status,
      plannedStart,
      plannedEnd: plannedEnd(segment),
      actualStart,
      actualEnd,
      projectedStart,
      projectedEnd,
    }
  })
}

function scheduleDeltaOf(log: ClockLogState, now: Instant, segments: readonly SegmentTimes[], endDelta: Duration): Duration {
  if (log.phase === 'ended') return endDelta
  const late = (planned: Instant, projected: Instant | null) => toRunning(log, span(planWall(log, planned, now), projected ?? now))
  if (log.phase === 'idle') {
    const first = segments[0]
    return first ? late(first.plannedStart, first.projectedStart) : ZERO
  }
  const current = segments[log.current]
  return current ? late(current.plannedEnd, current.projectedEnd) : ZERO
}

/** The clock of `log` read at `requested` (or at its last command, if earlier). */
export function view(log: ClockLogState, ignored: readonly IgnoredCommand[], requested: Instant): ClockState {
  const now = log.lastAt !== null && requested < log.lastAt ? log.lastAt : requested
  if (log.phase === 'idle') return { ...readingOf(log, ignored, now, null), phase: 'idle', current: null, pausedSince: null }
  const current = currentOf(log, now)
  const reading = readingOf(log, ignored, now, current)
  switch (log.phase) {
    case 'running':
      return { ...reading, phase: 'running', current, pausedSince: null }
    case 'paused':
      return { ...reading, phase: 'paused', current, pausedSince: log.pausedSince ?? now }
    case 'ended':
      return { ...reading, phase: 'ended', current, pausedSince: null }
    default:
      return log.phase satisfies never
  }
}

function readingOf(log: ClockLogState, ignored: readonly IgnoredCommand[], now: Instant, current: CurrentSegment | null): ClockReading {
  const segments = agendaOf(log, now, current)
  const eventEnd = plannedEnd(segmentAt(log, log.segments.length - 1))
  const projectedEnd = log.endedAt ?? segments[segments.length - 1]?.projectedEnd ?? eventEnd
  const endDeltaMs = toRunning(log, span(planWall(log, eventEnd, now), projectedEnd))
  return {
    now,
    speed: log.speed,
    startedAt: log.startedAt,
    endedAt: log.endedAt,
    plannedStart: segmentAt(log, 0).plannedStart,
    plannedEnd: eventEnd,
    projectedEnd,
    endDeltaMs,
    scheduleDeltaMs: scheduleDeltaOf(log, now, segments, endDeltaMs),
    segments,
    ignored,
    log,
  }
}
