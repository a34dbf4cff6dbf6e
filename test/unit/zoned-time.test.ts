import { describe, expect, it } from 'vitest'
import { planAgenda, planSegments } from '../../server/events/agenda'
import { isCalendarDate, isValidTimeZone, offsetMinutes, resolveLocal, toZonedIso } from '../../server/events/zoned-time'

const iso = (ms: number) => new Date(ms).toISOString()

/** The one instant of a local time that exists once. */
function zonedToInstant(date: string, time: string, timeZone: string): number {
  const local = resolveLocal(date, time, timeZone)
  if (local.kind !== 'unique') throw new Error(`${date} ${time} is ${local.kind}`)
  return local.at
}

describe('wall-clock time in a named zone', () => {
  it('places 15:00 Paris on 19 May 2020 at 13:00 UTC', () => {
    expect(iso(zonedToInstant('2020-05-19', '15:00', 'Europe/Paris'))).toBe('2020-05-19T13:00:00.000Z')
    expect(toZonedIso(Date.parse('2020-05-19T13:00:00Z'), 'Europe/Paris')).toBe('2020-05-19T15:00:00+02:00')
    expect(toZonedIso(Date.parse('2020-05-19T13:00:00.042Z'), 'Europe/Paris')).toBe('2020-05-19T15:00:00.042+02:00')
  })

  it('handles the spring-forward night in Paris (29 March 2026, 02:00 → 03:00)', () => {
    expect(iso(zonedToInstant('2026-03-29', '01:30', 'Europe/Paris'))).toBe('2026-03-29T00:30:00.000Z')
    expect(iso(zonedToInstant('2026-03-29', '03:00', 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z')
    // 02:01 to 02:59 do not exist that night: the clocks jump from 02:00 to 03:00, and 02:00 is that instant.
    expect(iso(zonedToInstant('2026-03-29', '02:00', 'Europe/Paris'))).toBe('2026-03-29T01:00:00.000Z')
    for (const time of ['02:01', '02:30', '02:59']) {
      expect(resolveLocal('2026-03-29', time, 'Europe/Paris')).toEqual({ kind: 'skipped', gap: { from: '02:00', to: '03:00' } })
    }
    expect(offsetMinutes(Date.parse('2026-03-29T00:59:00Z'), 'Europe/Paris')).toBe(60)
    expect(offsetMinutes(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe(120)
  })

  it('finds both occurrences of a repeated time on the fall-back night (25 October 2026)', () => {
    expect(resolveLocal('2026-10-25', '02:30', 'Europe/Paris')).toEqual({
      kind: 'repeated',
      first: Date.parse('2026-10-25T00:30:00Z'),
      second: Date.parse('2026-10-25T01:30:00Z'),
    })
    expect(resolveLocal('2026-10-25', '01:59', 'Europe/Paris').kind).toBe('unique')
    expect(iso(zonedToInstant('2026-10-25', '03:00', 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z')
    expect(toZonedIso(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe('2026-10-25T02:30:00+01:00')
  })

  it('works for zones west of UTC, with half-hour offsets, and rejects unknown names', () => {
    expect(toZonedIso(Date.parse('2026-01-15T17:00:00Z'), 'America/New_York')).toBe('2026-01-15T12:00:00-05:00')
    expect(iso(zonedToInstant('2026-01-15', '09:00', 'Asia/Kolkata'))).toBe('2026-01-15T03:30:00.000Z')
    expect(isValidTimeZone('Europe/Paris')).toBe(true)
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false)
    // New York skips 02:00–02:59 on 8 March 2026; Lord Howe Island moves by half an hour.
    expect(resolveLocal('2026-03-08', '02:15', 'America/New_York')).toEqual({ kind: 'skipped', gap: { from: '02:00', to: '03:00' } })
    expect(resolveLocal('2026-10-04', '02:10', 'Australia/Lord_Howe')).toEqual({ kind: 'skipped', gap: { from: '02:00', to: '02:30' } })
  })

  it('knows the days of the calendar', () => {
    for (const day of ['2026-02-28', '2024-02-29', '2026-12-31', '2000-02-29']) expect(isCalendarDate(day)).toBe(true)
    for (const day of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '1900-02-29', '2026-1-01']) {
      expect(isCalendarDate(day)).toBe(false)
    }
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

describe('what an agenda may not say', () => {
  const paris = (date: string, segments: { start: string; end: string }[]) =>
    planAgenda(
      date,
      'Europe/Paris',
      segments.map((s, i) => ({ title: `Séquence ${i + 1}`, ...s })),
    )

  it('refuses an impossible date instead of planning it on another day', () => {
    expect(paris('2026-02-30', [{ start: '15:00', end: '16:00' }])).toEqual({
      ok: false,
      problem: { field: 'date', rule: 'not_a_date', detail: '2026-02-30' },
    })
  })

  it('refuses a start or an end the spring-forward night skips, naming the field, the day and the jump', () => {
    // 29 March 2026 in Paris: 02:00 → 03:00. The example: 02:30 → 03:10 came out at −20 min.
    expect(
      paris('2026-03-29', [
        { start: '01:00', end: '01:30' },
        { start: '02:30', end: '03:10' },
      ]),
    ).toEqual({
      ok: false,
      problem: {
        field: 'segments.1.start',
        rule: 'nonexistent_time',
        time: '02:30',
        date: '2026-03-29',
        gapFrom: '02:00',
        gapTo: '03:00',
        timeZone: 'Europe/Paris',
      },
    })
    expect(paris('2026-03-29', [{ start: '01:30', end: '02:15' }])).toMatchObject({
      ok: false,
      problem: { field: 'segments.0.end', rule: 'nonexistent_time', time: '02:15' },
    })
    // Crossing midnight: the end falls on the next day's gap.
    expect(paris('2026-03-28', [{ start: '23:00', end: '02:30' }])).toMatchObject({
      ok: false,
      problem: { field: 'segments.0.end', date: '2026-03-29' },
    })
    // Around the gap, both ends exist: 01:30 CET to 03:30 CEST lasts one real hour.
    const around = paris('2026-03-29', [{ start: '01:30', end: '03:30' }])
    expect(around.ok && around.segments[0]!.durationSeconds).toBe(3600)
    // 02:00, where the clocks jump from, is the jump itself: 01:00–02:00 is an hour, 02:00–03:30 half an hour.
    const edge = paris('2026-03-29', [
      { start: '01:00', end: '02:00' },
      { start: '02:00', end: '03:30' },
    ])
    expect(edge.ok && edge.segments.map((s) => s.durationSeconds)).toEqual([3600, 1800])
  })

  it('takes the first occurrence of a repeated time on the fall-back night, for starts and ends alike', () => {
    // 25 October 2026 in Paris: 03:00 → 02:00, so 02:00–02:59 happen twice.
    const plan = paris('2026-10-25', [
      { start: '01:30', end: '02:30' },
      { start: '02:30', end: '03:30' },
    ])
    if (!plan.ok) throw new Error(JSON.stringify(plan.problem))
    expect(plan.segments.map((s) => [s.plannedStart.toISOString(), s.durationSeconds])).toEqual([
      // 01:30 CEST → 02:30 CEST (the first one): one hour.
      ['2026-10-24T23:30:00.000Z', 3600],
      // 02:30 CEST (first) → 03:30 CET: two real hours, and no gap or overlap with the first segment.
      ['2026-10-25T00:30:00.000Z', 7200],
    ])
    // Inside the repeated hour, end after start: the first occurrence of both, a quarter of an hour.
    const inside = paris('2026-10-25', [{ start: '02:15', end: '02:30' }])
    expect(inside.ok && inside.segments[0]!.durationSeconds).toBe(900)
  })

  it('refuses a segment of no length (end equal to start) instead of planning it over a whole day', () => {
    expect(paris('2026-10-25', [{ start: '02:30', end: '02:30' }])).toEqual({
      ok: false,
      problem: { field: 'segments.0.end', rule: 'empty_segment', start: '02:30', end: '02:30', date: '2026-10-25', minutes: 0 },
    })
    // An end before the start still means the next day.
    const overnight = paris('2026-05-19', [{ start: '23:30', end: '00:30' }])
    expect(overnight.ok && overnight.segments[0]!.durationSeconds).toBe(3600)
  })
})
