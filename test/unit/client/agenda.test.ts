import { describe, expect, it } from 'vitest'
import { agendaPosition, formatDuration, orderedSegments, wrapUpLevel } from '../../../client/src/lib/agenda'
import { stageView } from '../../../client/src/stage/stage-view'
import { at, referenceSegments, segment } from './fixtures'

/** The segment the plan has running at `nowMs`, or null. */
function plannedSegmentId(nowMs: number): number | null {
  const position = agendaPosition(referenceSegments, nowMs)
  return position.kind === 'during' ? position.segment.id : null
}

describe('agendaPosition (planned times)', () => {
  it('is before the start until the first segment begins', () => {
    const position = agendaPosition(referenceSegments, at('2020-05-19T14:50:00+02:00'))
    expect(position).toMatchObject({ kind: 'before', untilMs: 10 * 60_000 })
    expect(position.kind === 'before' && position.next.position).toBe(0)
  })

  it('finds the segment running at t, with elapsed and remaining time', () => {
    const position = agendaPosition(referenceSegments, at('2020-05-19T15:50:30+02:00'))
    expect(position).toMatchObject({ kind: 'during', index: 1, elapsedMs: 5.5 * 60_000, remainingMs: 24.5 * 60_000 })
    expect(position.kind === 'during' && position.next?.position).toBe(2)
  })

  it('treats a segment as [start, end): its end instant belongs to the next one', () => {
    expect(plannedSegmentId(at('2020-05-19T15:45:00+02:00'))).toBe(101)
    expect(plannedSegmentId(at('2020-05-19T15:44:59.999+02:00'))).toBe(100)
  })

  it('has no next segment during the last one', () => {
    const position = agendaPosition(referenceSegments, at('2020-05-19T17:29:00+02:00'))
    expect(position).toMatchObject({ kind: 'during', index: 3, next: null, remainingMs: 60_000 })
  })

  it('is after the end from the last planned end', () => {
    expect(agendaPosition(referenceSegments, at('2020-05-19T17:30:00+02:00'))).toMatchObject({ kind: 'after', sinceMs: 0 })
    expect(plannedSegmentId(at('2020-05-19T18:00:00+02:00'))).toBeNull()
  })

  it('reports a planned break between two segments', () => {
    const withBreak = [
      segment(0, '2020-05-19T10:00:00Z', '2020-05-19T11:00:00Z'),
      segment(1, '2020-05-19T11:15:00Z', '2020-05-19T12:00:00Z'),
    ]
    expect(agendaPosition(withBreak, at('2020-05-19T11:05:00Z'))).toMatchObject({ kind: 'between', untilMs: 10 * 60_000 })
  })

  it('uses agenda order whatever the input order, and copes with an empty agenda', () => {
    const shuffled = [referenceSegments[2]!, referenceSegments[0]!, referenceSegments[3]!, referenceSegments[1]!]
    expect(orderedSegments(shuffled).map((s) => s.position)).toEqual([0, 1, 2, 3])
    expect(agendaPosition([], 0)).toEqual({ kind: 'empty' })
  })

  it('crosses midnight in the event zone', () => {
    const late = [
      segment(0, '2020-05-19T23:30:00+02:00', '2020-05-20T00:30:00+02:00'),
      segment(1, '2020-05-20T00:30:00+02:00', '2020-05-20T01:00:00+02:00'),
    ]
    expect(agendaPosition(late, at('2020-05-20T00:10:00+02:00'))).toMatchObject({ kind: 'during', index: 0, remainingMs: 20 * 60_000 })
  })
})

describe('wrapUpLevel', () => {
  const talk = segment(0, '2020-05-19T13:00:00Z', '2020-05-19T13:45:00Z', { wrapUpSeconds: [300, 60] })
  it('counts the thresholds crossed', () => {
    expect(wrapUpLevel(talk, 301_000)).toBe(0)
    expect(wrapUpLevel(talk, 300_000)).toBe(1)
    expect(wrapUpLevel(talk, 60_000)).toBe(2)
    expect(wrapUpLevel(segment(0, '2020-05-19T13:00:00Z', '2020-05-19T13:45:00Z', { wrapUpSeconds: [] }), 1000)).toBe(0)
  })
})

describe('formatDuration', () => {
  it('reads mm:ss under one hour and h:mm:ss from one hour', () => {
    expect(formatDuration(0)).toBe('00:00')
    expect(formatDuration(65_000)).toBe('01:05')
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59:59')
    expect(formatDuration(3_600_000)).toBe('1:00:00')
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 7_000)).toBe('2:05:07')
  })

  it('rounds time left up, so 00:00 only shows when time is up', () => {
    expect(formatDuration(200)).toBe('00:01')
    expect(formatDuration(59_001)).toBe('01:00')
  })

  it('shows overtime with a minus sign', () => {
    expect(formatDuration(-500)).toBe('00:00')
    expect(formatDuration(-61_000)).toBe('\u221201:01')
  })
})

describe('stageView', () => {
  it('counts down the running segment and names it', () => {
    const view = stageView(agendaPosition(referenceSegments, at('2020-05-19T15:44:00+02:00')))
    expect(view).toMatchObject({ countdownKey: 'stage.remaining', countdownMs: 60_000, wrapUp: 2, phaseKey: null })
    expect(view.segment?.position).toBe(0)
    expect(view.next?.position).toBe(1)
  })

  it('counts down to the start before the webinar and says when it is over', () => {
    expect(stageView(agendaPosition(referenceSegments, at('2020-05-19T14:00:00+02:00')))).toMatchObject({
      segment: null,
      phaseKey: 'stage.beforeStart',
      countdownKey: 'stage.startsIn',
      countdownMs: 3_600_000,
    })
    expect(stageView(agendaPosition(referenceSegments, at('2020-05-19T18:00:00+02:00')))).toMatchObject({
      phaseKey: 'stage.ended',
      countdownKey: null,
      next: null,
    })
  })
})
