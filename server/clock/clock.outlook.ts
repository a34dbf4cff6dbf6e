// The clock's one vocabulary (pure): ahead/behind, the end against the plan, and overtime, as every screen
// words them. All come from one reading of the clock (its projected agenda), so they cannot disagree:
// - `schedule` is ahead/behind: the current segment's projected end against its planned end, overtime included
//   (before the start: the first segment's start; after the end: how the run ended);
// - `end` is the projected (or actual) end against the planned end; the difference with `schedule` is what the
//   absorb segment (the Q&A) takes up, named as such, so « 2 min behind » never sits beside a bare « on time »;
// - `overtimeMs` is the current segment's overtime, the timer's « Dépassement ».
// Minutes are rounded once, here; far from the planned date (a replay of an old agenda) there are no minutes.
import type { ClockState } from './clock'
import type { Instant } from './time'

type Drift = { kind: 'onTime' } | { kind: 'ahead' | 'behind'; minutes: number }

export interface ClockOutlook {
  phase: ClockState['phase']
  /** Run far from its planned date (a rehearsal at speed 1 of a past event): neither line quotes minutes. */
  offPlan: boolean
  /** Ahead/behind now; after the end, how the run ended. */
  schedule: Drift
  /** The projected end (the actual one once ended), and how it compares with the planned end. */
  end: { at: Instant; actual: boolean; drift: Drift }
  /** Whole minutes of `schedule`'s delay that the absorb segment takes up (0: none). */
  absorbedMinutes: number
  /** The current segment's overtime in running time (0 outside overtime). */
  overtimeMs: number
}

/** Beyond this the agenda is not being run on its planned date: ahead/behind by days means nothing. */
const OFF_PLAN_MS = 12 * 3600_000

/** Signed whole minutes (positive = late), rounded half away from zero. */
const signedMinutes = (ms: number): number => Math.sign(ms) * Math.round(Math.abs(ms) / 60_000)

function driftOf(minutes: number): Drift {
  if (minutes === 0) return { kind: 'onTime' }
  return minutes > 0 ? { kind: 'behind', minutes } : { kind: 'ahead', minutes: -minutes }
}

export function clockOutlook(state: ClockState): ClockOutlook {
  const offPlan = [state.scheduleDeltaMs, state.endDeltaMs].some((ms) => !Number.isFinite(ms) || Math.abs(ms) >= OFF_PLAN_MS)
  const schedule = offPlan ? 0 : signedMinutes(state.scheduleDeltaMs)
  // Ended, both lines say the same thing: how the run ended.
  const end = offPlan ? 0 : state.phase === 'ended' ? schedule : signedMinutes(state.endDeltaMs)
  const absorbing = state.segments.some(
    (s) => state.log.segments[s.index]?.overrun === 'absorb' && (s.status === 'current' || s.status === 'upcoming'),
  )
  return {
    phase: state.phase,
    offPlan,
    schedule: driftOf(schedule),
    end: { at: state.endedAt ?? state.projectedEnd, actual: state.endedAt !== null, drift: driftOf(end) },
    absorbedMinutes: absorbing && schedule > end && schedule > 0 ? schedule - Math.max(0, end) : 0,
    overtimeMs: state.current && state.phase !== 'ended' ? state.current.overtimeMs : 0,
  }
}
