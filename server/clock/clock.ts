// The agenda clock: a pure fold of the event's segments and its command log. No Date.now(), no I/O;
// the instant to read the clock at is always a parameter, so a restart or a report replays the log.
//
// Decisions (what a moderator used to Ontime / Stagetimer expects):
// - Segments are addressed by index in agenda order (segments sorted by `position`); `goto` takes that index.
// - Moving (next / previous / goto) starts the target segment from zero elapsed and keeps the paused
//   flag: moving while paused cues the next segment without starting it; `resume` starts it.
//   `goto` the current segment restarts it.
// - A segment's actual start is its first entry; its actual end is its latest exit (null while on air).
// - `adjust` is per segment and survives moving away and back. It can remove at most what is allotted.
// - Overrun: `push` segments keep their planned length, so overruns shift everything after them.
//   An `absorb` segment's length is fixed when it starts: clamp(planned end − actual start, min, planned)
//   + adjustments; it shrinks to keep the hard end, never below its minimum, and never grows past its plan.
// - Speed (rehearsal): running time = wall time × speed. Durations (elapsed, remaining, allotted, deltas)
//   are running time; instants (actual, projected) are wall time. At speed 1 the plan is the real
//   schedule; at any other speed the plan replays from the actual start, compressed by the speed.
// - Time never runs backwards: a command stamped before the previous one takes effect at the previous
//   one's instant (clock skew between server processes), and reading before the last command reads at it.
// - `fold` reads the clock at `now`: commands stamped after `now` have not happened yet. Illegal commands
//   in a stored log (e.g. two moderators racing to pause) are skipped and listed in `ignored`.
import { type ClockState, baseAllotment, elapsedAt, view } from './clock.schedule'
import { type Duration, type Instant, ZERO, duration, latest } from './time'

export type { Instant } from './time'
export type { ClockState, SegmentTimes } from './clock.schedule'

export interface ClockSegment {
  position: number
  plannedStart: Instant
  durationMs: Duration
  kind: 'talk' | 'qa'
  overrun: 'push' | 'absorb'
  /** Only for `absorb`: how far it may shrink. */
  minDurationMs: Duration
  /** Remaining-time thresholds that colour the speaker's countdown, e.g. 5 min and 1 min. */
  wrapUpMs: readonly Duration[]
}

type Bare<T extends string> = { type: T; at: Instant }
export type ClockCommand =
  | Bare<'start'>
  | Bare<'next'>
  | Bare<'previous'>
  | (Bare<'goto'> & { /** index in agenda order, 0-based */ segment: number })
  | Bare<'pause'>
  | Bare<'resume'>
  | (Bare<'adjust'> & { /** running-time seconds; positive gives the current segment more time */ seconds: number })
  | Bare<'end'>
type ClockCommandType = ClockCommand['type']

export const CLOCK_ERROR_CODES = [
  'not_started',
  'already_started',
  'already_ended',
  'not_paused',
  'already_paused',
  'no_next_segment',
  'no_previous_segment',
  'unknown_segment', // bad input (400): goto out of range
  'bad_adjust', // bad input (400): not a number, or removes more than is allotted
] as const
export type ClockErrorCode = (typeof CLOCK_ERROR_CODES)[number]

interface ClockError {
  code: ClockErrorCode
  command: ClockCommandType
  /** Values a message may quote: the segment count, the allotted time… */
  params?: Readonly<Record<string, number>>
}

export type ClockResult = { ok: true; state: ClockState } | { ok: false; error: ClockError }

type ClockPhase = 'idle' | 'running' | 'paused' | 'ended'

/** What the commands alone determine; the clock's reading at an instant is derived from it. */
export interface ClockLogState {
  segments: readonly ClockSegment[]
  speed: number
  phase: ClockPhase
  /** Index of the segment on air (0 while idle). */
  current: number
  /** Effective instant of the last applied command. */
  lastAt: Instant | null
  startedAt: Instant | null
  endedAt: Instant | null
  /** When the current segment was last entered. */
  enteredAt: Instant | null
  /** Running time accrued in the current segment up to `runningSince` (or in total, when stopped). */
  accruedMs: Duration
  runningSince: Instant | null
  pausedSince: Instant | null
  /** The current segment's allotted time before adjustments, fixed when it was entered. */
  baseMs: Duration
  adjustMs: readonly Duration[]
  actualStart: readonly (Instant | null)[]
  actualEnd: readonly (Instant | null)[]
}

export interface IgnoredCommand {
  /** Position in the log. */
  index: number
  command: ClockCommand
  error: ClockError
}

/** The clock before `start`, read at `now`. */
export function initialState(segments: readonly ClockSegment[], now: Instant, speed = 1): ClockState {
  return view(initialLog(segments, speed), [], now)
}

/** The clock at `now`: every command stamped up to `now`, in log order. */
export function fold(segments: readonly ClockSegment[], commands: readonly ClockCommand[], now: Instant, speed = 1): ClockState {
  const { log, ignored } = replay(segments, commands, speed, now)
  return view(log, ignored, now)
}

/** One command on a state: the new state read at the command's instant, or why it is illegal. */
export function apply(state: ClockState, command: ClockCommand): ClockResult {
  const result = step(state.log, command)
  if (!result.ok) return result
  return { ok: true, state: view(result.log, state.ignored, result.log.lastAt ?? command.at) }
}

/** Whether `command` may be appended to the whole stored `log`, and the state it would lead to. */
export function validate(segments: readonly ClockSegment[], log: readonly ClockCommand[], command: ClockCommand, speed = 1): ClockResult {
  const replayed = replay(segments, log, speed, Number.POSITIVE_INFINITY as Instant)
  return apply(view(replayed.log, replayed.ignored, replayed.log.lastAt ?? command.at), command)
}

/** The same state read at another instant (never before its last command). */
export function advance(state: ClockState, now: Instant): ClockState {
  return view(state.log, state.ignored, now)
}

function initialLog(unordered: readonly ClockSegment[], speed: number): ClockLogState {
  if (unordered.length === 0) throw new RangeError('a clock needs at least one segment')
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`bad clock speed: ${speed}`)
  const segments = [...unordered].sort((a, b) => a.position - b.position)
  return {
    segments,
    speed,
    phase: 'idle',
    current: 0,
    lastAt: null,
    startedAt: null,
    endedAt: null,
    enteredAt: null,
    accruedMs: ZERO,
    runningSince: null,
    pausedSince: null,
    baseMs: ZERO,
    adjustMs: segments.map(() => ZERO),
    actualStart: segments.map(() => null),
    actualEnd: segments.map(() => null),
  }
}

function replay(segments: readonly ClockSegment[], commands: readonly ClockCommand[], speed: number, until: Instant) {
  let log = initialLog(segments, speed)
  const ignored: IgnoredCommand[] = []
  for (const [index, command] of commands.entries()) {
    if (effectiveAt(log, command) > until) break // effective instants never decrease: the rest is later too
    const result = step(log, command)
    if (result.ok) log = result.log
    else ignored.push({ index, command, error: result.error })
  }
  return { log, ignored }
}

const effectiveAt = (log: ClockLogState, command: ClockCommand): Instant =>
  log.lastAt === null ? command.at : latest(command.at, log.lastAt)

type Step = { ok: true; log: ClockLogState } | { ok: false; error: ClockError }

function step(log: ClockLogState, command: ClockCommand): Step {
  const at = effectiveAt(log, command)
  const fail = (code: ClockErrorCode, params?: Record<string, number>): Step => ({
    ok: false,
    error: params ? { code, command: command.type, params } : { code, command: command.type },
  })
  const ok = (next: Partial<ClockLogState>): Step => ({ ok: true, log: { ...log, ...next, lastAt: at } })
  const count = log.segments.length

  if (log.phase === 'ended') return fail('already_ended')
  if (log.phase === 'idle') {
    if (command.type !== 'start') return fail('not_started')
    const started: ClockLogState = { ...log, phase: 'running', startedAt: at, lastAt: at }
    return { ok: true, log: enter(started, 0, at) }
  }
  const moveTo = (index: number): Step => ({ ok: true, log: enter(leave({ ...log, lastAt: at }, at), index, at) })

  switch (command.type) {
    case 'start':
      return fail('already_started')
    case 'pause':
      if (log.phase === 'paused') return fail('already_paused')
      return ok({ phase: 'paused', accruedMs: elapsedAt(log, at), runningSince: null, pausedSince: at })
    case 'resume':
      if (log.phase !== 'paused') return fail('not_paused')
      return ok({ phase: 'running', runningSince: at, pausedSince: null })
    case 'next':
      if (log.current >= count - 1) return fail('no_next_segment', { segments: count })
      return moveTo(log.current + 1)
    case 'previous':
      if (log.current === 0) return fail('no_previous_segment')
      return moveTo(log.current - 1)
    case 'goto': {
      const target = command.segment
      if (!Number.isInteger(target) || target < 0 || target >= count) return fail('unknown_segment', { segments: count })
      return moveTo(target)
    }
    case 'adjust': {
      const allotted = Math.max(0, log.baseMs + adjustmentOf(log, log.current))
      const change = command.seconds * 1000
      if (!Number.isFinite(change)) return fail('bad_adjust', { allottedMs: allotted })
      if (allotted + change < 0) return fail('bad_adjust', { allottedMs: allotted, seconds: command.seconds })
      // Stored so that allotted = base + adjustment; a clamped (shrunk to nothing) allotment restarts from 0.
      return ok({ adjustMs: log.adjustMs.with(log.current, duration(allotted + change - log.baseMs)) })
    }
    case 'end':
      return ok({
        phase: 'ended',
        accruedMs: elapsedAt(log, at),
        runningSince: null,
        pausedSince: null,
        endedAt: at,
        actualEnd: log.actualEnd.with(log.current, at),
      })
    default:
      command satisfies never
      throw new TypeError(`unknown clock command: ${String((command as { type: unknown }).type)}`)
  }
}

const adjustmentOf = (log: ClockLogState, index: number): Duration => log.adjustMs[index] ?? ZERO

/** Close the current segment at `at`. */
function leave(log: ClockLogState, at: Instant): ClockLogState {
  return { ...log, actualEnd: log.actualEnd.with(log.current, at) }
}

/** Put segment `index` on air at `at`, from zero elapsed, keeping the paused flag. */
function enter(log: ClockLogState, index: number, at: Instant): ClockLogState {
  const paused = log.phase === 'paused'
  return {
    ...log,
    current: index,
    enteredAt: at,
    accruedMs: ZERO,
    runningSince: paused ? null : at,
    baseMs: baseAllotment(log, index, at, at),
    actualStart: log.actualStart.with(index, log.actualStart[index] ?? at),
    actualEnd: log.actualEnd.with(index, null),
  }
}
