// What a screen shows of the agenda clock at a server instant (pure). The clock itself is the server's
// pure fold (server/clock), run here on the command log: never re-implemented, never driven by ticks.
import type { ClockLog } from '../../../server/contract/clock'
import type { SegmentView } from '../../../server/contract/schemas'
import type { ClockState, SegmentTimes } from '../../../server/clock/clock'
import { type ClockOutlook, clockOutlook } from '../../../server/clock/clock.outlook'
import { clockAt } from '../../../server/clock/clock.wire'
import { orderedSegments } from './agenda'
import { formatOvertime, formatRemaining } from './clock-format'
import type { MessageKey } from './i18n'

export type ClockPhase = ClockState['phase']
type WrapUpLevel = 'none' | 'warning' | 'overtime'
/** calm, then amber at the first wrap-up threshold, orange at the tightest, red in overtime. */
export type Tone = 'calm' | 'amber' | 'orange' | 'red'
/** untilStart: counting down to the planned start; waiting: planned start passed, not started. */
type TimerMode = 'untilStart' | 'waiting' | 'remaining' | 'overtime' | 'ended'

export interface ClockDisplay {
  phase: ClockPhase
  speed: number
  rehearsal: boolean
  /** Agenda order: the clock's segment indexes point into this list. */
  segments: readonly SegmentView[]
  times: readonly SegmentTimes[]
  index: number | null
  segment: SegmentView | null
  next: SegmentView | null
  /** When the next segment should start (wall time, projected), or null. */
  nextStart: number | null
  mode: TimerMode
  /** Integer milliseconds the timer shows: rounded up while counting down, down while counting overtime. */
  timerMs: number
  timerText: string
  remainingMs: number
  overtimeMs: number
  allottedMs: number
  wrapUp: WrapUpLevel
  /** 0: none; 1…n: wrap-up thresholds crossed; n + 1: overtime. Only ever compared within a segment. */
  urgency: number
  /** The tightest wrap-up threshold crossed, ms; null outside wrap-up. */
  thresholdMs: number | null
  tone: Tone
  /** The word beside the timer (never colour alone). */
  labelKey: MessageKey
  /** Ahead/behind, the end against the plan and overtime, from this same reading: word it with outlookWords(). */
  outlook: ClockOutlook
  scheduleDeltaMs: number
  endDeltaMs: number
  plannedStart: number
  plannedEnd: number
  projectedEnd: number
  endedAt: number | null
}

/** Wrap-up thresholds in ms, tightest last, zero and duplicates dropped (time up is overtime, not a threshold). */
export function thresholdsOf(segment: SegmentView): number[] {
  return [...new Set(segment.wrapUpSeconds.filter((s) => s > 0).map((s) => s * 1000))].sort((a, b) => b - a)
}

export function urgencyOf(segment: SegmentView, remainingMs: number): number {
  const thresholds = thresholdsOf(segment)
  if (remainingMs <= 0) return thresholds.length + 1
  return thresholds.filter((t) => remainingMs <= t).length
}

export function toneOf(segment: SegmentView | null, urgency: number): Tone {
  if (!segment || urgency === 0) return 'calm'
  const count = thresholdsOf(segment).length
  if (urgency > count) return 'red'
  return count >= 2 && urgency === count ? 'orange' : 'amber'
}

function labelKeyOf(mode: TimerMode, wrapUp: WrapUpLevel): MessageKey {
  switch (mode) {
    case 'untilStart':
      return 'clock.startsIn'
    case 'waiting':
      return 'clock.waiting'
    case 'ended':
      return 'clock.ended'
    case 'overtime':
      return 'clock.overtime'
    case 'remaining':
      return wrapUp === 'warning' ? 'clock.wrapUp' : 'clock.remaining'
    default:
      mode satisfies never
      return 'clock.remaining'
  }
}

const EMPTY_LOG: ClockLog = { speed: 1, commands: [] }

export function clockDisplay(segmentViews: readonly SegmentView[], log: ClockLog | null, serverNow: number): ClockDisplay | null {
  if (segmentViews.length === 0) return null
  const segments = orderedSegments(segmentViews)
  const state = clockAt(segments, log ?? EMPTY_LOG, serverNow)
  const current = state.current
  const index = current ? current.index : null
  const segment = index === null ? null : (segments[index] ?? null)
  const nextIndex = index === null ? 0 : index + 1
  const next = state.phase === 'ended' ? null : (segments[nextIndex] ?? null)
  const nextStart = next ? (state.segments[nextIndex]?.projectedStart ?? null) : null

  let mode: TimerMode
  let timerMs: number
  let remainingMs: number
  let overtimeMs = 0
  let urgency = 0
  let wrapUp: WrapUpLevel = 'none'
  if (current === null) {
    const until = Math.ceil(state.plannedStart - serverNow)
    mode = until > 0 ? 'untilStart' : 'waiting'
    timerMs = Math.max(0, until)
    remainingMs = timerMs
  } else {
    remainingMs = Math.ceil(current.remainingMs)
    overtimeMs = Math.floor(current.overtimeMs)
    if (state.phase === 'ended') mode = 'ended'
    else {
      mode = current.wrapUp.level === 'overtime' ? 'overtime' : 'remaining'
      wrapUp = current.wrapUp.level
      urgency = segment ? urgencyOf(segment, current.remainingMs) : 0
    }
    timerMs = mode === 'overtime' ? overtimeMs : remainingMs
  }
  const thresholds = segment ? thresholdsOf(segment) : []
  const timerText = mode === 'ended' ? '' : mode === 'overtime' ? formatOvertime(timerMs) : formatRemaining(timerMs)
  return {
    phase: state.phase,
    speed: state.speed,
    rehearsal: state.speed !== 1,
    segments,
    times: state.segments,
    index,
    segment,
    next,
    nextStart,
    mode,
    timerMs,
    timerText,
    remainingMs,
    overtimeMs,
    allottedMs: current ? current.allottedMs : 0,
    wrapUp,
    urgency,
    thresholdMs: wrapUp === 'warning' && urgency > 0 ? (thresholds[urgency - 1] ?? null) : null,
    tone: toneOf(segment, urgency),
    labelKey: labelKeyOf(mode, wrapUp),
    outlook: clockOutlook(state),
    scheduleDeltaMs: state.scheduleDeltaMs,
    endDeltaMs: state.endDeltaMs,
    plannedStart: state.plannedStart,
    plannedEnd: state.plannedEnd,
    projectedEnd: state.projectedEnd,
    endedAt: state.endedAt,
  }
}

/**
 * The segment on air by the clock (running or paused), or null: what the attendee's agenda marks « en cours »,
 * the same segment the stage and the régie show, not the one the planned times would suggest.
 */
export function onAirSegmentId(segmentViews: readonly SegmentView[], log: ClockLog | null, serverNow: number): number | null {
  const display = clockDisplay(segmentViews, log, serverNow)
  return display && (display.phase === 'running' || display.phase === 'paused') ? (display.segment?.id ?? null) : null
}
