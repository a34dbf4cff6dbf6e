import { describe, expect, it } from 'vitest'
import {
  type ClockCommand,
  type ClockErrorCode,
  type ClockSegment,
  type ClockState,
  CLOCK_ERROR_CODES,
  advance,
  apply,
  fold,
  initialState,
  validate,
} from '../../server/clock/clock'
import { type Instant, duration, instant, minutes, seconds, shift, span } from '../../server/clock/time'

// The reference webinar: Tuesday 19 May 2020, Europe/Paris (CEST, UTC+2), 15:00–17:30.
function paris(hhmmss: string): Instant {
  const [h = 0, m = 0, s = 0] = hhmmss.split(':').map(Number)
  return instant(Date.UTC(2020, 4, 19, h - 2, m, s))
}

const WRAP_UP = [seconds(300), seconds(60)]

function segment(position: number, from: string, to: string, overrun: 'push' | 'absorb' = 'push'): ClockSegment {
  return {
    position,
    plannedStart: paris(from),
    durationMs: duration(span(paris(from), paris(to))),
    kind: overrun === 'absorb' ? 'qa' : 'talk',
    overrun,
    minDurationMs: overrun === 'absorb' ? minutes(10) : minutes(0),
    wrapUpMs: WRAP_UP,
  }
}

// Positions are 1-based on purpose: commands address segments by 0-based index in agenda order.
const AGENDA: readonly ClockSegment[] = [
  segment(1, '15:00', '15:45'),
  segment(2, '15:45', '16:15'),
  segment(3, '16:15', '17:00'),
  segment(4, '17:00', '17:30', 'absorb'),
]

const cmd = {
  start: (t: string): ClockCommand => ({ type: 'start', at: paris(t) }),
  next: (t: string): ClockCommand => ({ type: 'next', at: paris(t) }),
  previous: (t: string): ClockCommand => ({ type: 'previous', at: paris(t) }),
  goto: (t: string, segment: number): ClockCommand => ({ type: 'goto', at: paris(t), segment }),
  pause: (t: string): ClockCommand => ({ type: 'pause', at: paris(t) }),
  resume: (t: string): ClockCommand => ({ type: 'resume', at: paris(t) }),
  adjust: (t: string, s: number): ClockCommand => ({ type: 'adjust', at: paris(t), seconds: s }),
  end: (t: string): ClockCommand => ({ type: 'end', at: paris(t) }),
}

const at = (log: readonly ClockCommand[], now: string, agenda: readonly ClockSegment[] = AGENDA) => fold(agenda, log, paris(now))

function errorOf(state: ClockState, command: ClockCommand): ClockErrorCode | 'ok' {
  const result = apply(state, command)
  return result.ok ? 'ok' : result.error.code
}

function applied(state: ClockState, command: ClockCommand): ClockState {
  const result = apply(state, command)
  if (!result.ok) throw new Error(`unexpected ${result.error.code}`)
  return result.state
}

const projected = (state: ClockState) => state.segments.map((s) => [s.projectedStart, s.projectedEnd])
const MIN = 60_000

/** Every segment on its planned time, ended on the dot. */
const ON_TIME = [cmd.start('15:00'), cmd.next('15:45'), cmd.next('16:15'), cmd.next('17:00'), cmd.end('17:30')]

describe('time values', () => {
  it('builds instants and durations only from finite numbers', () => {
    expect(() => instant(Number.NaN)).toThrow(RangeError)
    expect(() => duration(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(minutes(2)).toBe(120_000)
    expect(shift(paris('15:00'), minutes(45))).toBe(paris('15:45'))
    expect(span(paris('15:45'), paris('15:00'))).toBe(-45 * MIN)
  })

  it('places 15:00 in Paris at 13:00Z on 19 May 2020', () => {
    expect(new Date(paris('15:00')).toISOString()).toBe('2020-05-19T13:00:00.000Z')
  })
})

describe('before start', () => {
  it('is idle with the plan as projection', () => {
    const state = at([], '14:00')
    expect(state.phase).toBe('idle')
    expect(state.current).toBeNull()
    expect(state.pausedSince).toBeNull()
    expect(state.startedAt).toBeNull()
    expect(state.segments.map((s) => s.status)).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming'])
    expect(projected(state)).toEqual(state.segments.map((s) => [s.plannedStart, s.plannedEnd]))
    expect(state.plannedStart).toBe(paris('15:00'))
    expect(state.plannedEnd).toBe(paris('17:30'))
    expect(state.projectedEnd).toBe(paris('17:30'))
    expect(state.scheduleDeltaMs).toBe(0)
    expect(state.endDeltaMs).toBe(0)
  })

  it('falls behind once the planned start passes, and the Q&A absorbs the late start', () => {
    const state = at([], '15:05')
    expect(state.scheduleDeltaMs).toBe(5 * MIN)
    expect(state.segments[0]?.projectedStart).toBe(paris('15:05'))
    expect(state.segments[2]?.projectedEnd).toBe(paris('17:05'))
    expect(state.segments[3]?.projectedStart).toBe(paris('17:05'))
    expect(state.projectedEnd).toBe(paris('17:30'))
    expect(state.endDeltaMs).toBe(0)
  })

  it('equals initialState', () => {
    expect(initialState(AGENDA, paris('14:00'))).toEqual(at([], '14:00'))
  })
})

describe('which commands are legal in which phase', () => {
  // Each phase with the clock on segment index 1, so next / previous / goto are possible by position.
  const phases: Record<string, ClockCommand[]> = {
    idle: [],
    running: [cmd.start('15:00'), cmd.next('15:45')],
    paused: [cmd.start('15:00'), cmd.next('15:45'), cmd.pause('15:50')],
    ended: [cmd.start('15:00'), cmd.next('15:45'), cmd.end('15:55')],
  }
  const t = '16:00'
  const commands: Record<string, ClockCommand> = {
    start: cmd.start(t),
    next: cmd.next(t),
    previous: cmd.previous(t),
    goto: cmd.goto(t, 2),
    pause: cmd.pause(t),
    resume: cmd.resume(t),
    adjust: cmd.adjust(t, 60),
    end: cmd.end(t),
  }
  const expected: Record<string, Record<string, ClockErrorCode | 'ok'>> = {
    idle: {
      start: 'ok',
      next: 'not_started',
      previous: 'not_started',
      goto: 'not_started',
      pause: 'not_started',
      resume: 'not_started',
      adjust: 'not_started',
      end: 'not_started',
    },
    running: {
      start: 'already_started',
      next: 'ok',
      previous: 'ok',
      goto: 'ok',
      pause: 'ok',
      resume: 'not_paused',
      adjust: 'ok',
      end: 'ok',
    },
    paused: {
      start: 'already_started',
      next: 'ok',
      previous: 'ok',
      goto: 'ok',
      pause: 'already_paused',
      resume: 'ok',
      adjust: 'ok',
      end: 'ok',
    },
    ended: {
      start: 'already_ended',
      next: 'already_ended',
      previous: 'already_ended',
      goto: 'already_ended',
      pause: 'already_ended',
      resume: 'already_ended',
      adjust: 'already_ended',
      end: 'already_ended',
    },
  }
  const cases = Object.entries(expected).flatMap(([phase, row]) =>
    Object.entries(row).map(([command, outcome]) => ({ phase, command, outcome })),
  )

  it.each(cases)('$command when $phase → $outcome', ({ phase, command, outcome }) => {
    const state = at(phases[phase] ?? [], '15:58')
    expect(state.phase).toBe(phase)
    const result = apply(state, commands[command] as ClockCommand)
    expect(result.ok ? 'ok' : result.error.code).toBe(outcome)
    if (!result.ok) expect(result.error.command).toBe(command)
  })

  it('refuses next on the last segment and previous on the first', () => {
    const first = at([cmd.start('15:00')], '15:10')
    expect(errorOf(first, cmd.previous('15:10'))).toBe('no_previous_segment')
    const last = at([cmd.start('15:00'), cmd.goto('15:01', 3)], '15:10')
    const result = apply(last, cmd.next('15:10'))
    expect(result).toEqual({ ok: false, error: { code: 'no_next_segment', command: 'next', params: { segments: 4 } } })
    expect(errorOf(last, cmd.end('15:10'))).toBe('ok')
  })

  it.each([-1, 4, 1.5, Number.NaN])('refuses goto %s', (segment) => {
    const state = at([cmd.start('15:00')], '15:10')
    const result = apply(state, cmd.goto('15:10', segment))
    expect(result).toEqual({ ok: false, error: { code: 'unknown_segment', command: 'goto', params: { segments: 4 } } })
  })

  it.each([0, 3])('allows goto %s, both ends of the agenda', (segment) => {
    const state = at([cmd.start('15:00'), cmd.next('15:30')], '15:40')
    expect(applied(state, cmd.goto('15:40', segment)).current?.index).toBe(segment)
  })

  it('lists every error code once', () => {
    expect(new Set(CLOCK_ERROR_CODES).size).toBe(9)
  })
})

describe('running', () => {
  it('starts segment 0 and counts elapsed time', () => {
    const state = at([cmd.start('15:00')], '15:10')
    expect(state.phase).toBe('running')
    expect(state.startedAt).toBe(paris('15:00'))
    expect(state.current).toMatchObject({
      index: 0,
      position: 1,
      kind: 'talk',
      overrun: 'push',
      enteredAt: paris('15:00'),
      elapsedMs: 10 * MIN,
      allottedMs: 45 * MIN,
      adjustedMs: 0,
      remainingMs: 35 * MIN,
      overtimeMs: 0,
      wrapUp: { level: 'none' },
    })
    expect(state.segments.map((s) => s.status)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming'])
    expect(state.segments[0]).toMatchObject({ actualStart: paris('15:00'), actualEnd: null, projectedEnd: paris('15:45') })
    expect(state.scheduleDeltaMs).toBe(0)
  })

  it('reports a late start as behind, and ahead when a segment is cut short', () => {
    expect(at([cmd.start('15:03')], '15:03').scheduleDeltaMs).toBe(3 * MIN)
    const early = at([cmd.start('15:00'), cmd.next('15:40')], '15:41')
    expect(early.scheduleDeltaMs).toBe(-5 * MIN)
    expect(early.segments[1]?.projectedEnd).toBe(paris('16:10'))
  })
})

describe('pause and resume', () => {
  const log = [cmd.start('15:00'), cmd.pause('15:10'), cmd.resume('15:15')]

  it('freezes elapsed while paused', () => {
    const paused = at(log.slice(0, 2), '15:12')
    expect(paused.phase).toBe('paused')
    expect(paused.pausedSince).toBe(paris('15:10'))
    expect(paused.current?.elapsedMs).toBe(10 * MIN)
    expect(at(log.slice(0, 2), '15:14:59').current?.elapsedMs).toBe(10 * MIN)
  })

  it('excludes the pause from elapsed after resuming', () => {
    const state = at(log, '15:20')
    expect(state.phase).toBe('running')
    expect(state.pausedSince).toBeNull()
    expect(state.current?.elapsedMs).toBe(15 * MIN)
    expect(state.current?.remainingMs).toBe(30 * MIN)
    expect(state.scheduleDeltaMs).toBe(5 * MIN)
  })

  it('adds up several pauses', () => {
    const twice = [...log, cmd.pause('15:20'), cmd.resume('15:22:30')]
    expect(at(twice, '15:30').current?.elapsedMs).toBe(22.5 * MIN)
  })

  it('pushes the projected end later for as long as the pause lasts', () => {
    expect(at(log.slice(0, 2), '15:12').segments[0]?.projectedEnd).toBe(paris('15:47'))
    expect(at(log.slice(0, 2), '15:14').segments[0]?.projectedEnd).toBe(paris('15:49'))
    expect(at(log.slice(0, 2), '15:14').segments[1]?.projectedStart).toBe(paris('15:49'))
  })
})

describe('adjust', () => {
  it('gives the current segment more or less time, in seconds', () => {
    const more = at([cmd.start('15:00'), cmd.adjust('15:10', 300)], '15:20')
    expect(more.current).toMatchObject({ allottedMs: 50 * MIN, adjustedMs: 5 * MIN, remainingMs: 30 * MIN })
    expect(more.segments[1]?.projectedStart).toBe(paris('15:50'))
    const less = at([cmd.start('15:00'), cmd.adjust('15:10', 300), cmd.adjust('15:11', -900)], '15:20')
    expect(less.current).toMatchObject({ allottedMs: 35 * MIN, adjustedMs: -10 * MIN, remainingMs: 15 * MIN })
  })

  it('works while paused', () => {
    const state = at([cmd.start('15:00'), cmd.pause('15:10'), cmd.adjust('15:11', 120)], '15:12')
    expect(state.phase).toBe('paused')
    expect(state.current?.remainingMs).toBe(37 * MIN)
  })

  it('may take the allotment to zero but not below', () => {
    const state = at([cmd.start('15:00')], '15:10')
    expect(apply(state, cmd.adjust('15:10', -45 * 60 - 1))).toEqual({
      ok: false,
      error: { code: 'bad_adjust', command: 'adjust', params: { allottedMs: 45 * MIN, seconds: -45 * 60 - 1 } },
    })
    const zero = applied(state, cmd.adjust('15:10', -45 * 60))
    expect(zero.current).toMatchObject({ allottedMs: 0, remainingMs: 0, overtimeMs: 10 * MIN, wrapUp: { level: 'overtime' } })
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %s seconds', (s) => {
    expect(errorOf(at([cmd.start('15:00')], '15:10'), cmd.adjust('15:10', s))).toBe('bad_adjust')
  })

  it('gives time back to a segment in overtime', () => {
    const state = at([cmd.start('15:00'), cmd.adjust('15:46', 120)], '15:46')
    expect(state.current).toMatchObject({ remainingMs: MIN, overtimeMs: 0, wrapUp: { level: 'warning', index: 1 } })
  })

  it('stays with its segment when moving away and back', () => {
    const log = [cmd.start('15:00'), cmd.adjust('15:10', 600), cmd.next('15:50'), cmd.previous('15:51')]
    expect(at(log, '15:52').current).toMatchObject({ index: 0, allottedMs: 55 * MIN, elapsedMs: MIN })
    expect(at(log.slice(0, 3), '15:52').current).toMatchObject({ index: 1, allottedMs: 30 * MIN, adjustedMs: 0 })
  })
})

describe('moving between segments', () => {
  it('next closes the current segment and starts the next from zero', () => {
    const state = at([cmd.start('15:00'), cmd.next('15:47')], '15:50')
    expect(state.current).toMatchObject({ index: 1, position: 2, enteredAt: paris('15:47'), elapsedMs: 3 * MIN })
    expect(state.segments[0]).toMatchObject({ status: 'done', actualStart: paris('15:00'), actualEnd: paris('15:47') })
    expect(state.segments[0]).toMatchObject({ projectedStart: paris('15:00'), projectedEnd: paris('15:47') })
    expect(state.segments[1]).toMatchObject({ status: 'current', actualStart: paris('15:47'), actualEnd: null })
  })

  it('previous goes back; actual starts stay the first entry, actual ends the latest exit', () => {
    const log = [cmd.start('15:00'), cmd.next('15:45'), cmd.previous('15:46'), cmd.next('15:48')]
    const back = at(log.slice(0, 3), '15:47')
    expect(back.current).toMatchObject({ index: 0, elapsedMs: MIN, enteredAt: paris('15:46') })
    expect(back.segments[0]).toMatchObject({ status: 'current', actualStart: paris('15:00'), actualEnd: null })
    expect(back.segments[1]).toMatchObject({ status: 'upcoming', actualStart: paris('15:45'), actualEnd: paris('15:46') })
    const again = at(log, '15:50')
    expect(again.segments[0]).toMatchObject({ status: 'done', actualStart: paris('15:00'), actualEnd: paris('15:48') })
    expect(again.segments[1]).toMatchObject({ status: 'current', actualStart: paris('15:45'), actualEnd: null })
    expect(again.current?.elapsedMs).toBe(2 * MIN)
  })

  it('goto jumps; segments jumped over are skipped', () => {
    const state = at([cmd.start('15:00'), cmd.goto('15:30', 2)], '15:40')
    expect(state.segments.map((s) => s.status)).toEqual(['done', 'skipped', 'current', 'upcoming'])
    expect(state.segments[1]).toMatchObject({ actualStart: null, actualEnd: null, projectedStart: null, projectedEnd: null })
    expect(state.segments[2]).toMatchObject({ actualStart: paris('15:30'), projectedEnd: paris('16:15') })
    expect(state.scheduleDeltaMs).toBe(-45 * MIN) // 10 min into a segment planned at 16:15, at 15:40
  })

  it('goto the current segment restarts it', () => {
    const state = at([cmd.start('15:00'), cmd.goto('15:20', 0)], '15:25')
    expect(state.current).toMatchObject({ index: 0, elapsedMs: 5 * MIN, enteredAt: paris('15:20') })
    expect(state.segments[0]).toMatchObject({ actualStart: paris('15:00'), actualEnd: null })
  })

  it('moving while paused cues the target at zero, still paused; resume starts it', () => {
    const log = [cmd.start('15:00'), cmd.pause('15:40'), cmd.next('15:42')]
    const cued = at(log, '15:44')
    expect(cued.phase).toBe('paused')
    expect(cued.pausedSince).toBe(paris('15:40'))
    expect(cued.current).toMatchObject({ index: 1, elapsedMs: 0, enteredAt: paris('15:42') })
    expect(cued.segments[0]?.actualEnd).toBe(paris('15:42'))
    const resumed = at([...log, cmd.resume('15:45')], '15:50')
    expect(resumed.current).toMatchObject({ index: 1, elapsedMs: 5 * MIN })
  })
})

describe('overtime and wrap-up', () => {
  const log = [cmd.start('15:00')]
  it.each([
    ['15:39:59', { level: 'none' }],
    ['15:40', { level: 'warning', index: 0, thresholdMs: 300_000 }],
    ['15:43:59', { level: 'warning', index: 0, thresholdMs: 300_000 }],
    ['15:44', { level: 'warning', index: 1, thresholdMs: 60_000 }],
    ['15:45', { level: 'overtime' }],
    ['16:00', { level: 'overtime' }],
  ])('at %s: %o', (time, wrapUp) => {
    expect(at(log, time).current?.wrapUp).toEqual(wrapUp)
  })

  it('counts overtime up once the allotted time is spent', () => {
    expect(at(log, '15:45').current).toMatchObject({ remainingMs: 0, overtimeMs: 0 })
    expect(at(log, '15:52:30').current).toMatchObject({ remainingMs: 0, overtimeMs: 7.5 * MIN, elapsedMs: 52.5 * MIN })
  })

  it('names the threshold by its index in the segment, whatever the order', () => {
    const reversed = AGENDA.map((s) => ({ ...s, wrapUpMs: [seconds(60), seconds(300)] }))
    expect(at(log, '15:44:30', reversed).current?.wrapUp).toEqual({ level: 'warning', index: 0, thresholdMs: 60_000 })
    expect(at(log, '15:42', reversed).current?.wrapUp).toEqual({ level: 'warning', index: 1, thresholdMs: 300_000 })
    const none = AGENDA.map((s) => ({ ...s, wrapUpMs: [] }))
    expect(at(log, '15:44:30', none).current?.wrapUp).toEqual({ level: 'none' })
  })

  it('freezes the wrap-up level while paused', () => {
    expect(at([...log, cmd.pause('15:41')], '15:50').current?.wrapUp).toEqual({ level: 'warning', index: 0, thresholdMs: 300_000 })
  })
})

describe('overrun policy', () => {
  it('push: an overrun shifts every later segment, live while it runs over', () => {
    const live = at([cmd.start('15:00')], '15:55')
    expect(live.segments[1]).toMatchObject({ projectedStart: paris('15:55'), projectedEnd: paris('16:25') })
    expect(live.segments[2]).toMatchObject({ projectedStart: paris('16:25'), projectedEnd: paris('17:10') })
    expect(live.scheduleDeltaMs).toBe(10 * MIN)
  })

  it('absorb: the Q&A shrinks so the event still ends at 17:30', () => {
    const live = at([cmd.start('15:00')], '15:55')
    expect(live.segments[3]).toMatchObject({ projectedStart: paris('17:10'), projectedEnd: paris('17:30') })
    expect(live.projectedEnd).toBe(paris('17:30'))
    expect(live.endDeltaMs).toBe(0)

    const qa = at([cmd.start('15:00'), cmd.next('15:55'), cmd.next('16:25'), cmd.next('17:10')], '17:15')
    expect(qa.current).toMatchObject({ index: 3, kind: 'qa', overrun: 'absorb', allottedMs: 20 * MIN, remainingMs: 15 * MIN })
    expect(qa.projectedEnd).toBe(paris('17:30'))
  })

  it('absorb stops at the minimum duration, and the event ends late', () => {
    const log = [cmd.start('15:00'), cmd.next('16:10'), cmd.next('16:40'), cmd.next('17:25')]
    const beforeQa = at(log.slice(0, 3), '16:50')
    expect(beforeQa.segments[3]).toMatchObject({ projectedStart: paris('17:25'), projectedEnd: paris('17:35') })
    const qa = at(log, '17:26')
    expect(qa.current?.allottedMs).toBe(10 * MIN)
    expect(qa.projectedEnd).toBe(paris('17:35'))
    expect(qa.endDeltaMs).toBe(5 * MIN)
  })

  it('absorb does not grow past its plan when the agenda is ahead', () => {
    const qa = at([cmd.start('15:00'), cmd.next('15:40'), cmd.next('16:10'), cmd.next('16:55')], '16:56')
    expect(qa.current?.allottedMs).toBe(30 * MIN)
    expect(qa.projectedEnd).toBe(paris('17:25'))
    expect(qa.endDeltaMs).toBe(-5 * MIN)
  })

  it('the absorbed length is fixed when the Q&A starts; a pause in it makes the event late', () => {
    const log = [cmd.start('15:00'), cmd.next('15:55'), cmd.next('16:25'), cmd.next('17:10'), cmd.pause('17:15'), cmd.resume('17:17')]
    const state = at(log, '17:20')
    expect(state.current).toMatchObject({ allottedMs: 20 * MIN, elapsedMs: 8 * MIN })
    expect(state.projectedEnd).toBe(paris('17:32'))
  })

  it('adjust adds to the absorbed length', () => {
    const log = [cmd.start('15:00'), cmd.next('15:55'), cmd.next('16:25'), cmd.next('17:10'), cmd.adjust('17:11', 300)]
    expect(at(log, '17:12').current).toMatchObject({ allottedMs: 25 * MIN, adjustedMs: 5 * MIN })
    expect(at(log, '17:12').projectedEnd).toBe(paris('17:35'))
  })

  it('a push segment after an absorb segment keeps the absorb segment to its own planned end', () => {
    const agenda = [segment(1, '15:00', '15:45'), segment(2, '15:45', '16:15', 'absorb'), segment(3, '16:15', '16:30')]
    const state = at([cmd.start('15:00')], '15:55', agenda)
    expect(state.segments[1]).toMatchObject({ projectedStart: paris('15:55'), projectedEnd: paris('16:15') })
    expect(state.segments[2]).toMatchObject({ projectedStart: paris('16:15'), projectedEnd: paris('16:30') })
  })

  it('keeps a planned gap (a break) in the projection', () => {
    const agenda = [segment(1, '15:00', '15:45'), segment(2, '16:00', '16:30')]
    const state = at([cmd.start('15:00')], '15:50', agenda)
    expect(state.segments[1]).toMatchObject({ projectedStart: paris('16:05'), projectedEnd: paris('16:35') })
  })
})

describe('ahead / behind comes from the projection', () => {
  it('time given to the current segment makes the agenda late at once, as the projected end says', () => {
    const state = at([cmd.start('15:00'), cmd.adjust('15:10', 300)], '15:20')
    expect(state.scheduleDeltaMs).toBe(5 * MIN)
    expect(state.segments[0]?.projectedEnd).toBe(paris('15:50'))
    // The Q&A absorbs it: the end stays on time, and the difference is exactly what it absorbs.
    expect(state.endDeltaMs).toBe(0)
    expect(span(state.segments[3]!.projectedStart!, state.segments[3]!.projectedEnd!)).toBe(25 * MIN)
  })

  it('a Q&A that absorbed the delay is on time until its own overtime, then late minute for minute', () => {
    const log = [cmd.start('15:00'), cmd.next('15:55'), cmd.next('16:25'), cmd.next('17:10')]
    expect(at(log, '17:20').scheduleDeltaMs).toBe(0)
    expect(at(log, '17:30').scheduleDeltaMs).toBe(0)
    expect(at(log, '17:33')).toMatchObject({ scheduleDeltaMs: 3 * MIN, endDeltaMs: 3 * MIN, current: { overtimeMs: 3 * MIN } })
  })

  it('a segment shortened below its plan can be in overtime while the agenda is ahead', () => {
    const state = at([cmd.start('15:00'), cmd.adjust('15:05', -15 * 60)], '15:32')
    expect(state.current).toMatchObject({ allottedMs: 30 * MIN, overtimeMs: 2 * MIN })
    expect(state.scheduleDeltaMs).toBe(-13 * MIN)
  })
})

describe('end', () => {
  it('ends on time: the planned-vs-actual report', () => {
    const state = at(ON_TIME, '18:00')
    expect(state.phase).toBe('ended')
    expect(state.endedAt).toBe(paris('17:30'))
    expect(state.projectedEnd).toBe(paris('17:30'))
    expect(state.scheduleDeltaMs).toBe(0)
    expect(state.endDeltaMs).toBe(0)
    expect(state.segments.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done'])
    for (const s of state.segments) {
      expect(s).toMatchObject({
        actualStart: s.plannedStart,
        actualEnd: s.plannedEnd,
        projectedStart: s.plannedStart,
        projectedEnd: s.plannedEnd,
      })
    }
    expect(state.current).toMatchObject({ index: 3, elapsedMs: 30 * MIN, remainingMs: 0, overtimeMs: 0 })
  })

  it('freezes the clock; later segments are skipped', () => {
    const state = at([cmd.start('15:00'), cmd.next('15:45'), cmd.end('16:00')], '17:00')
    expect(state.current).toMatchObject({ index: 1, elapsedMs: 15 * MIN })
    expect(state.segments.map((s) => s.status)).toEqual(['done', 'done', 'skipped', 'skipped'])
    expect(state.segments[1]?.actualEnd).toBe(paris('16:00'))
    expect(state.projectedEnd).toBe(paris('16:00'))
    expect(state.endDeltaMs).toBe(-90 * MIN)
    expect(state.scheduleDeltaMs).toBe(-90 * MIN)
  })

  it('narrows on phase: only a paused clock has a pause instant, only an idle one lacks a segment', () => {
    const state: ClockState = at([cmd.start('15:00'), cmd.pause('15:10')], '15:20')
    if (state.phase !== 'paused') throw new Error('expected paused')
    const since: Instant = state.pausedSince
    const index: number = state.current.index
    expect([since, index]).toEqual([paris('15:10'), 0])
  })

  it('ends from a pause, keeping the elapsed time at the pause', () => {
    const state = at([cmd.start('15:00'), cmd.pause('15:10'), cmd.end('15:20')], '15:30')
    expect(state).toMatchObject({ phase: 'ended', pausedSince: null })
    expect(state.current?.elapsedMs).toBe(10 * MIN)
  })
})

describe('rehearsal speed', () => {
  const wall = (start: Instant, s: number) => shift(start, seconds(s))
  const T = instant(Date.UTC(2026, 0, 12, 9, 0)) // a rehearsal on another day
  const log: ClockCommand[] = [
    { type: 'start', at: T },
    { type: 'next', at: wall(T, 45) },
    { type: 'next', at: wall(T, 75) },
    { type: 'next', at: wall(T, 120) },
  ]

  it('projects the 2.5 h agenda to end 150 s of wall time after start at 60×', () => {
    expect(fold(AGENDA, [], T, 60).projectedEnd).toBe(wall(T, 150))
    expect(fold(AGENDA, log.slice(0, 1), T, 60).projectedEnd).toBe(wall(T, 150))
    const qa = fold(AGENDA, log, wall(T, 120), 60)
    expect(qa.current).toMatchObject({ index: 3, allottedMs: 30 * MIN })
    expect(qa.projectedEnd).toBe(wall(T, 150))
    const ended = fold(AGENDA, [...log, { type: 'end', at: wall(T, 150) }], wall(T, 200), 60)
    expect(ended).toMatchObject({ endedAt: wall(T, 150), endDeltaMs: 0, scheduleDeltaMs: 0 })
  })

  it('runs elapsed 60× faster than wall time, in running-time units', () => {
    const state = fold(AGENDA, log.slice(0, 1), wall(T, 10), 60)
    expect(state.current).toMatchObject({ elapsedMs: 10 * MIN, remainingMs: 35 * MIN })
    expect(state.segments[0]?.projectedEnd).toBe(wall(T, 45))
    expect(fold(AGENDA, log.slice(0, 1), wall(T, 41), 60).current?.wrapUp).toEqual({ level: 'warning', index: 0, thresholdMs: 300_000 })
  })

  it('absorbs a rehearsal overrun like a live one, and adjust is in running time', () => {
    const late: ClockCommand[] = [
      { type: 'start', at: T },
      { type: 'adjust', at: wall(T, 1), seconds: 600 },
      { type: 'next', at: wall(T, 55) },
    ]
    const state = fold(AGENDA, late, wall(T, 56), 60)
    expect(state.scheduleDeltaMs).toBe(10 * MIN) // segment 1 ran 55 of its 45 planned minutes
    expect(state.segments[3]).toMatchObject({ projectedStart: wall(T, 130), projectedEnd: wall(T, 150) })
  })
})

describe('the fold', () => {
  const log = [
    cmd.start('15:02'),
    cmd.adjust('15:20', 120),
    cmd.pause('15:30'),
    cmd.resume('15:33'),
    cmd.next('15:50'),
    cmd.previous('15:51'),
    cmd.goto('15:52', 1),
    cmd.pause('16:00'),
    cmd.next('16:01'),
    cmd.resume('16:02'),
    cmd.next('16:50'),
    cmd.adjust('17:00', -60),
    cmd.end('17:31'),
  ]

  it('is deterministic and plain data', () => {
    for (const now of ['15:00', '15:31', '16:20', '17:10', '18:00']) {
      const once = at(log, now)
      expect(at(log, now)).toEqual(once)
      expect(JSON.parse(JSON.stringify(once))).toEqual(once)
    }
  })

  it('equals applying the commands one by one, read at any instant', () => {
    let state = initialState(AGENDA, paris('14:00'))
    for (const [i, command] of log.entries()) {
      state = applied(state, command)
      expect(state.now).toBe(command.at)
      expect(state).toEqual(fold(AGENDA, log.slice(0, i + 1), command.at))
      const between = shift(command.at, seconds(30))
      const sooner = log[i + 1]
      if (sooner === undefined || sooner.at > between) expect(advance(state, between)).toEqual(fold(AGENDA, log, between))
    }
  })

  it('agrees with validate on the whole log', () => {
    const result = validate(AGENDA, log.slice(0, -1), log[log.length - 1] as ClockCommand)
    expect(result.ok && result.state).toEqual(at(log, '17:31'))
    expect(validate(AGENDA, log, cmd.next('17:40'))).toMatchObject({ ok: false, error: { code: 'already_ended' } })
  })

  it('does not apply commands stamped after now', () => {
    expect(at(log, '15:01').phase).toBe('idle')
    expect(at(log, '15:31').phase).toBe('paused')
  })

  it('skips illegal commands in a stored log and lists them', () => {
    const racy = [cmd.start('15:00'), cmd.pause('15:10'), cmd.pause('15:10'), cmd.resume('15:12')]
    const state = at(racy, '15:20')
    expect(state.ignored).toEqual([{ index: 2, command: racy[2], error: { code: 'already_paused', command: 'pause' } }])
    expect(state.current?.elapsedMs).toBe(18 * MIN)
    expect(at(log, '18:00').ignored).toEqual([])
  })

  it('applies a command stamped before the previous one at the previous one’s instant', () => {
    const skewed = [cmd.start('15:00'), cmd.pause('15:10'), cmd.resume('15:09:59')]
    const state = at(skewed, '15:20')
    expect(state.current?.elapsedMs).toBe(20 * MIN)
    expect(state.log.lastAt).toBe(paris('15:10'))
  })

  it('never reads before its last command', () => {
    const state = at([cmd.start('15:00'), cmd.pause('15:10')], '15:20')
    expect(advance(state, paris('15:05')).now).toBe(paris('15:10'))
  })

  it('orders segments by position and leaves its inputs untouched', () => {
    const shuffled = Object.freeze([AGENDA[2], AGENDA[0], AGENDA[3], AGENDA[1]] as ClockSegment[])
    const frozenLog = Object.freeze([...log])
    expect(fold(shuffled, frozenLog, paris('16:20'))).toEqual(at(log, '16:20'))
  })

  it('refuses an empty agenda and a speed that is not positive', () => {
    expect(() => fold([], [], paris('15:00'))).toThrow(RangeError)
    expect(() => fold(AGENDA, [], paris('15:00'), 0)).toThrow(RangeError)
    expect(() => fold(AGENDA, [], paris('15:00'), Number.NaN)).toThrow(RangeError)
  })
})

describe('random command logs', () => {
  // A seeded generator (mulberry32): the same logs on every run.
  function random(seed: number) {
    let a = seed
    return () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const types = ['start', 'next', 'previous', 'goto', 'pause', 'resume', 'adjust', 'end'] as const

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: invariants hold and the fold matches the steps', (seed) => {
    const next = random(seed)
    const speed = seed % 2 === 0 ? 1 : 60
    let now = paris('14:55')
    let state = initialState(AGENDA, now, speed)
    const accepted: ClockCommand[] = []
    const attempted: ClockCommand[] = []
    const refused: number[] = []
    for (let i = 0; i < 60; i++) {
      now = shift(now, seconds(Math.floor(next() * 600)))
      const type = types[Math.floor(next() * types.length)] ?? 'start'
      const command: ClockCommand =
        type === 'goto'
          ? { type, at: now, segment: Math.floor(next() * 6) - 1 }
          : type === 'adjust'
            ? { type, at: now, seconds: Math.round((next() - 0.6) * 3600) }
            : { type, at: now }
      if (type === 'end' && i < 50) continue // let the logs run long before they may end
      const result = apply(state, command)
      if (result.ok) {
        state = result.state
        accepted.push(command)
      } else refused.push(attempted.length)
      attempted.push(command)
      const reading = fold(AGENDA, accepted, now, speed)
      expect(reading).toEqual(advance(state, now))
      const c = reading.current
      if (c) {
        expect(c.remainingMs).toBeGreaterThanOrEqual(0)
        expect(c.overtimeMs).toBeGreaterThanOrEqual(0)
        expect(c.remainingMs * c.overtimeMs).toBe(0)
        expect(c.elapsedMs - c.allottedMs).toBe(c.overtimeMs - c.remainingMs)
        expect(c.elapsedMs).toBeGreaterThanOrEqual(0)
      }
      const projections = reading.segments.filter((s) => s.status !== 'skipped')
      for (const s of projections) expect(s.projectedEnd ?? 0).toBeGreaterThanOrEqual(s.projectedStart ?? 0)
      expect(reading.segments.filter((s) => s.status === 'current').length).toBe(
        reading.phase === 'running' || reading.phase === 'paused' ? 1 : 0,
      )
    }
    expect(new Set(accepted.map((c) => c.type)).size).toBeGreaterThanOrEqual(7)
    // The stored log with the refused commands in it folds to the same clock, listing what it skipped.
    const withRefused = fold(AGENDA, attempted, now, speed)
    expect(withRefused.ignored.map((i) => i.index)).toEqual(refused)
    expect(withRefused.ignored.every((i) => CLOCK_ERROR_CODES.includes(i.error.code))).toBe(true)
    expect({ ...withRefused, ignored: [] }).toEqual(fold(AGENDA, accepted, now, speed))
  })
})
