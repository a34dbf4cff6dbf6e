// The answer-session budget as the régie shows it (pure): which Q&A segment, how much time it has left,
// and which queued questions fit — the server's own pure functions, read with the live clock log.
import type { ClockLog } from '../../../server/contract/clock'
import type { EventView, ItemView, SegmentView } from '../../../server/contract/schemas'
import { clockAt } from '../../../server/clock/clock.wire'
import { answerBudget } from '../../../server/moderation/budget'
import { itemsByStatus } from './queue'

/**
 * live: the Q&A segment is on air (its remaining time counts down); upcoming: it has not started (its projected
 * length); none: no Q&A segment is left in the agenda, so every queued question gets a written answer.
 */
type BudgetPhase = 'live' | 'upcoming' | 'none'

export interface BudgetView {
  phase: BudgetPhase
  segment: SegmentView | null
  /** Running time left in (or projected for) the Q&A segment. */
  remainingMs: number
  averageMs: number
  /** How many answered questions the average was learned from (0: the two-minute default). */
  learnedFrom: number
  /** Queued questions that fit (at most the queue's length). */
  fits: number
  /** Questions the time left would hold, queued or not. */
  capacity: number
  queueSize: number
  /** Queued questions past the cut: « réponse écrite après la séance ». */
  followUp: ReadonlySet<string>
}

interface QaSegment {
  segment: SegmentView
  phase: 'live' | 'upcoming'
  remainingMs: number
}

/** The Q&A segment the queue is answered in: the one on air, else the next one; with its time. */
export function qaSegmentAt(event: Pick<EventView, 'segments'>, clock: ClockLog | null, nowMs: number): QaSegment | null {
  if (event.segments.length === 0) return null
  const state = clockAt(event.segments, clock ?? { speed: 1, commands: [] }, nowMs)
  const byPosition = new Map(event.segments.map((segment) => [segment.position, segment]))
  const current = state.current
  if (current && current.kind === 'qa' && (state.phase === 'running' || state.phase === 'paused')) {
    const segment = byPosition.get(current.position)
    if (segment) return { segment, phase: 'live', remainingMs: current.remainingMs }
  }
  if (state.phase === 'ended') return null
  for (const times of state.segments) {
    if (times.kind !== 'qa' || times.status !== 'upcoming') continue
    const segment = byPosition.get(times.position)
    if (!segment) continue
    // Projected instants are wall time; the budget counts running time, like the clock itself.
    const projected =
      times.projectedStart && times.projectedEnd
        ? (times.projectedEnd - times.projectedStart) * state.speed
        : segment.durationSeconds * 1000
    return { segment, phase: 'upcoming', remainingMs: Math.max(0, projected) }
  }
  return null
}

/**
 * The budget at `nowMs` (server time). The queue is the answer queue in answer order, less the questions
 * assigned to another segment; the average answer time is learned from every answered question.
 */
export function budgetView(
  event: Pick<EventView, 'segments'>,
  clock: ClockLog | null,
  nowMs: number,
  items: ReadonlyMap<string, ItemView>,
): BudgetView {
  const qa = qaSegmentAt(event, clock, nowMs)
  const queue = itemsByStatus(items, 'approved').filter((item) => !qa || item.segmentId === null || item.segmentId === qa.segment.id)
  const history = itemsByStatus(items, 'answered')
  const budget = answerBudget(qa?.remainingMs ?? 0, queue, history)
  return {
    phase: qa?.phase ?? 'none',
    segment: qa?.segment ?? null,
    remainingMs: qa?.remainingMs ?? 0,
    averageMs: budget.averageMs,
    learnedFrom: budget.learnedFrom,
    fits: Math.min(budget.fits, queue.length),
    capacity: budget.fits,
    queueSize: queue.length,
    followUp: new Set(budget.followUp),
  }
}

/** Whole minutes, rounded up so that 30 s left reads « 1 min » and nothing left reads « 0 min ». */
export function minutesOf(ms: number): number {
  return Math.max(0, Math.ceil(ms / 60_000))
}

/** What the budget panel says, as dictionary keys and numbers (the component only translates). */
export interface BudgetDisplay {
  /** « N questions tiennent dans le temps restant ». */
  fits: number
  detailKey: 'moderate.budget.live' | 'moderate.budget.upcoming' | 'moderate.budget.none'
  detailParams: { minutes: number; segment: string }
  /** The average answer time, and how many answers it was learned from (0: the two-minute default). */
  average: DurationParts
  learnedFrom: number
  /** Questions that will get a written answer after the session; 0 when everything fits. */
  followUp: number
  over: boolean
}

export interface DurationParts {
  minutes: number
  seconds: number
}

/** « 2 min 5 s », split for the dictionary: whole minutes and the seconds left, rounded to the second. */
export function durationParts(ms: number): DurationParts {
  const total = Math.max(0, Math.round(ms / 1000))
  return { minutes: Math.floor(total / 60), seconds: total % 60 }
}

export function budgetDisplay(view: BudgetView): BudgetDisplay {
  return {
    fits: view.fits,
    detailKey:
      view.phase === 'live' ? 'moderate.budget.live' : view.phase === 'upcoming' ? 'moderate.budget.upcoming' : 'moderate.budget.none',
    detailParams: { minutes: minutesOf(view.remainingMs), segment: view.segment?.title ?? '' },
    average: durationParts(view.averageMs),
    learnedFrom: view.learnedFrom,
    followUp: view.followUp.size,
    over: view.followUp.size > 0,
  }
}
