import { describe, expect, it } from 'vitest'
import { planSegments } from '../../server/events/agenda'
import { isValidTimeZone, offsetMinutes, toZonedIso, zonedToInstant } from '../../server/events/zoned-time'

const iso = (ms: number) => new Date(ms).toISOString()

describe('wall-clock time in a named zone', () => {
  it('places 15:00 Paris on 19 May 2020 at 13:00 UTC', () => {
    expect(iso(zonedToInstant('2020-05-19', '15:00', 'Europe/Paris'))).toBe('2020-05-19T13:00:00.000Z')
    expect(toZonedIso(Date.parse('2020-05-19T13:00:00Z'), 'Europe/Paris')).toBe('2020-05-19T15:00:00+02:00')
    expect(toZonedIso(Date.parse('2020-05-19T13:00:00.042Z'), 'Europe/Paris')).toBe('2020-05-19T15:00:00.042+02:00')
  })

  it('handles the spring-forward night in Paris (29 March 2026, 02:00 → 03:00)', () => {
    expect(iso(zonedToInstant('2026-03-29', '01:30', 'Europe/Paris'))).toBe('2026-03-29T00:30:00.000Z')
    expect(iso(zonedToInstant('2026-03-29', '03:00', 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z')
    // 02:30 does not exist that night: it resolves to 03:30 CEST, the same distance past the jump.
    expect(iso(zonedToInstant('2026-03-29', '02:30', 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z')
    expect(offsetMinutes(Date.parse('2026-03-29T00:59:00Z'), 'Europe/Paris')).toBe(60)
    expect(offsetMinutes(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe(120)
  })

  it('takes the first occurrence of a repeated time on the fall-back night (25 October 2026)', () => {
    expect(iso(zonedToInstant('2026-10-25', '02:30', 'Europe/Paris'))).toBe('2026-10-25T00:30:00.000Z')
    expect(iso(zonedToInstant('2026-10-25', '03:00', 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z')
    expect(toZonedIso(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe('2026-10-25T02:30:00+01:00')
  })

  it('works for zones west of UTC, with half-hour offsets, and rejects unknown names', () => {
    expect(toZonedIso(Date.parse('2026-01-15T17:00:00Z'), 'America/New_York')).toBe('2026-01-15T12:00:00-05:00')
    expect(iso(zonedToInstant('2026-01-15', '09:00', 'Asia/Kolkata'))).toBe('2026-01-15T03:30:00.000Z')
    expect(isValidTimeZone('Europe/Paris')).toBe(true)
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false)
  })
})

describe('planning an agenda', () => {
  it('gives real durations to segments that span a DST change', () => {
    const spring = planSegments('2026-03-28', 'Europe/Paris', [
      { title: 'Nuit', start: '23:30', end: '01:30' },
      { title: 'Saut', start: '01:30', end: '03:30' },
    ])
    expect(spring.map((s) => [s.plannedStart.toISOString(), s.durationSeconds])).toEqual([
      ['2026-03-28T22:30:00.000Z', 7200],
      // 01:30 CET to 03:30 CEST is one hour of real time.
      ['2026-03-29T00:30:00.000Z', 3600],
    ])
    const autumn = planSegments('2026-10-25', 'Europe/Paris', [{ title: 'Heure répétée', start: '01:30', end: '03:30' }])
    expect(autumn[0]!.durationSeconds).toBe(3 * 3600)
  })

  it('fills defaults: talk segments push, the Q&A absorbs, wrap-up at 5 and 1 minutes', () => {
    const [talk, qa] = planSegments('2020-05-19', 'Europe/Paris', [
      { title: ' Exposé ', start: '15:00', end: '15:45', speakers: [' A ', ''] },
      { title: 'Q&R', kind: 'qa', start: '15:45', end: '16:15', minDurationMinutes: 10 },
    ])
    expect(talk).toMatchObject({ title: 'Exposé', kind: 'talk', overrun: 'push', speakers: ['A'], wrapUpSeconds: [300, 60] })
    expect(qa).toMatchObject({ kind: 'qa', overrun: 'absorb', minDurationSeconds: 600, durationSeconds: 1800 })
  })
})
