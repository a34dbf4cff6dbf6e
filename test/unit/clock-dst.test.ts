// The clock across daylight-saving changes in Europe/Paris: durations are real time, labels are wall time.
import { describe, expect, it } from 'vitest'
import { clockAt } from '../../server/clock/clock.wire'
import type { ClockLog } from '../../server/contract/clock'
import type { SegmentView } from '../../server/contract/schemas'
import { planSegments } from '../../server/events/agenda'
import { toZonedIso } from '../../server/events/zoned-time'

function agenda(date: string, segments: { title: string; start: string; end: string; kind?: 'talk' | 'qa' }[]): SegmentView[] {
  return planSegments(date, 'Europe/Paris', segments).map((s, i) => ({
    id: i + 1,
    position: s.position,
    title: s.title,
    kind: s.kind,
    plannedStart: toZonedIso(s.plannedStart.getTime(), 'Europe/Paris'),
    plannedEnd: toZonedIso(s.plannedStart.getTime() + s.durationSeconds * 1000, 'Europe/Paris'),
    durationSeconds: s.durationSeconds,
    speakers: s.speakers,
    wrapUpSeconds: s.wrapUpSeconds,
    overrun: s.overrun,
    minDurationSeconds: s.minDurationSeconds,
  }))
}

const log = (...commands: [string, string][]): ClockLog => ({
  speed: 1,
  commands: commands.map(([type, iso]) => ({ type, at: Date.parse(iso) })),
})

describe('spring forward: night of 28 to 29 March 2026 (02:00 → 03:00)', () => {
  const segments = agenda('2026-03-28', [
    { title: 'Veillée', start: '23:30', end: '01:30' },
    { title: 'Nuit courte', start: '01:30', end: '03:30' },
    { title: 'Questions', start: '03:30', end: '04:00', kind: 'qa' },
  ])

  it('the segment over the jump lasts one real hour, and its countdown says so', () => {
    expect(segments[1]).toMatchObject({
      plannedStart: '2026-03-29T01:30:00+01:00',
      plannedEnd: '2026-03-29T03:30:00+02:00',
      durationSeconds: 3600,
    })
    const clock = clockAt(
      segments,
      log(['start', '2026-03-28T22:30:00Z'], ['next', '2026-03-29T00:30:00Z']),
      Date.parse('2026-03-29T00:45:00Z'),
    )
    expect(clock.current).toMatchObject({ position: 1, elapsedMs: 15 * 60_000, remainingMs: 45 * 60_000 })
    expect(toZonedIso(clock.projectedEnd, 'Europe/Paris')).toBe('2026-03-29T04:00:00+02:00')
    expect(clock.scheduleDeltaMs).toBe(0)
  })
})

describe('fall back: night of 24 to 25 October 2026 (03:00 → 02:00)', () => {
  const segments = agenda('2026-10-25', [
    { title: 'Heure répétée', start: '01:30', end: '03:30' },
    { title: 'Questions', start: '03:30', end: '04:00', kind: 'qa' },
  ])

  it('the segment over the repeated hour lasts three real hours, and lateness is measured in real time', () => {
    expect(segments[0]).toMatchObject({
      plannedStart: '2026-10-25T01:30:00+02:00',
      plannedEnd: '2026-10-25T03:30:00+01:00',
      durationSeconds: 3 * 3600,
    })
    // Started ten minutes late: still on schedule to overrun by ten minutes, Q&A absorbs it.
    const clock = clockAt(segments, log(['start', '2026-10-24T23:40:00Z']), Date.parse('2026-10-25T01:40:00Z'))
    expect(clock.current).toMatchObject({ position: 0, elapsedMs: 2 * 3600_000, remainingMs: 3600_000 })
    expect(clock.scheduleDeltaMs).toBe(10 * 60_000)
    expect(toZonedIso(clock.projectedEnd, 'Europe/Paris')).toBe('2026-10-25T04:00:00+01:00')
  })
})
