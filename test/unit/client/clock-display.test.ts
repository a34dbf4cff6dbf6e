import { describe, expect, it } from 'vitest'
import type { ClockLog, WireCommand } from '../../../server/contract/clock'
import { clockDisplay, onAirSegmentId, thresholdsOf, toneOf, urgencyOf } from '../../../client/src/lib/clock-display'
import { at, referenceSegments, segment } from './fixtures'

const log = (commands: WireCommand[], speed = 1): ClockLog => ({ speed, commands })
const cmd = (type: string, iso: string, extra: Partial<WireCommand> = {}): WireCommand => ({ type, at: at(iso), ...extra })
const paris = (time: string) => `2020-05-19T${time}+02:00`
const started = log([cmd('start', paris('15:00:00'))])
const read = (clock: ClockLog | null, time: string) => clockDisplay(referenceSegments, clock, at(paris(time)))!

describe('before the start', () => {
  it('counts down to the planned start', () => {
    const d = read(null, '14:50:00')
    expect(d).toMatchObject({
      phase: 'idle',
      mode: 'untilStart',
      timerMs: 600_000,
      timerText: '10:00',
      labelKey: 'clock.startsIn',
      index: null,
      segment: null,
    })
    expect(d.next?.position).toBe(0)
    expect(d.wrapUp).toBe('none')
  })

  it('waits for the control room once the planned start has passed', () => {
    expect(read(log([]), '15:02:00')).toMatchObject({ phase: 'idle', mode: 'waiting', timerMs: 0, labelKey: 'clock.waiting' })
  })

  it('has nothing to show without an agenda', () => {
    expect(clockDisplay([], null, 0)).toBeNull()
  })
})

describe('a running segment', () => {
  it('shows the time left from the log, in integer milliseconds rounded up', () => {
    const d = read(started, '15:10:00.0004')
    expect(d).toMatchObject({
      phase: 'running',
      index: 0,
      mode: 'remaining',
      remainingMs: 35 * 60_000,
      timerText: '35:00',
      wrapUp: 'none',
      tone: 'calm',
      labelKey: 'clock.remaining',
    })
    expect(Number.isInteger(d.remainingMs)).toBe(true)
    expect(d.segment?.position).toBe(0)
    expect(d.next?.position).toBe(1)
    expect(d.nextStart).toBe(at(paris('15:45:00')))
  })

  it('turns amber at the first threshold (5 min), orange at the tightest (1 min), red in overtime', () => {
    expect(read(started, '15:40:00')).toMatchObject({
      wrapUp: 'warning',
      urgency: 1,
      tone: 'amber',
      labelKey: 'clock.wrapUp',
      thresholdMs: 300_000,
      timerText: '05:00',
    })
    expect(read(started, '15:39:59')).toMatchObject({ wrapUp: 'none', urgency: 0, tone: 'calm' })
    expect(read(started, '15:44:30')).toMatchObject({
      wrapUp: 'warning',
      urgency: 2,
      tone: 'orange',
      thresholdMs: 60_000,
      timerText: '00:30',
    })
    const over = read(started, '15:46:10')
    expect(over).toMatchObject({
      wrapUp: 'overtime',
      urgency: 3,
      tone: 'red',
      mode: 'overtime',
      labelKey: 'clock.overtime',
      remainingMs: 0,
      overtimeMs: 70_000,
      timerMs: 70_000,
      timerText: '+01:10',
    })
  })

  it('is behind schedule when the start was late', () => {
    const late = log([cmd('start', paris('15:03:00'))])
    expect(read(late, '15:10:00').scheduleDeltaMs).toBe(180_000)
  })

  it('reads h:mm:ss for a segment of an hour or more', () => {
    const long = [segment(0, '2020-05-19T10:00:00Z', '2020-05-19T12:00:00Z')]
    const d = clockDisplay(long, log([cmd('start', '2020-05-19T10:00:00Z')]), at('2020-05-19T10:01:00Z'))!
    expect(d.timerText).toBe('1:59:00')
    expect(d.next).toBeNull()
  })

  it('freezes while paused', () => {
    const paused = log([cmd('start', paris('15:00:00')), cmd('pause', paris('15:10:00'))])
    expect(read(paused, '15:30:00')).toMatchObject({ phase: 'paused', remainingMs: 35 * 60_000, timerText: '35:00' })
    expect(read(paused, '15:59:00').remainingMs).toBe(35 * 60_000)
  })

  it('follows next, goto and adjust', () => {
    const moved = log([
      cmd('start', paris('15:00:00')),
      cmd('goto', paris('15:05:00'), { segment: 2 }),
      cmd('adjust', paris('15:06:00'), { seconds: -60 }),
    ])
    const d = read(moved, '15:10:00')
    expect(d.index).toBe(2)
    expect(d.segment?.position).toBe(2)
    expect(d.remainingMs).toBe((45 - 5 - 1) * 60_000)
  })

  it('runs a rehearsal 60 times faster: 40 s into segment 1, five minutes are left', () => {
    const rehearsal = log([cmd('start', '2026-01-01T10:00:00Z')], 60)
    const d = clockDisplay(referenceSegments, rehearsal, at('2026-01-01T10:00:40Z'))!
    expect(d).toMatchObject({ rehearsal: true, speed: 60, remainingMs: 300_000, wrapUp: 'warning', tone: 'amber' })
  })
})

describe('after the end', () => {
  it('shows no timer', () => {
    const ended = log([cmd('start', paris('15:00:00')), cmd('end', paris('17:20:00'))])
    const d = read(ended, '17:25:00')
    expect(d).toMatchObject({
      phase: 'ended',
      mode: 'ended',
      timerText: '',
      wrapUp: 'none',
      tone: 'calm',
      labelKey: 'clock.ended',
      next: null,
    })
    expect(d.endedAt).toBe(at(paris('17:20:00')))
  })
})

describe('wrap-up levels', () => {
  const s = segment(0, '2020-05-19T10:00:00Z', '2020-05-19T11:00:00Z', { wrapUpSeconds: [60, 300, 0, 300] })

  it('orders thresholds tightest last and ignores zero and duplicates', () => {
    expect(thresholdsOf(s)).toEqual([300_000, 60_000])
  })

  it('counts thresholds crossed, overtime above them all', () => {
    expect(urgencyOf(s, 301_000)).toBe(0)
    expect(urgencyOf(s, 300_000)).toBe(1)
    expect(urgencyOf(s, 60_000)).toBe(2)
    expect(urgencyOf(s, 0)).toBe(3)
  })

  it('maps to colours: one threshold is amber, the tightest of several orange, overtime red', () => {
    const single = segment(0, '2020-05-19T10:00:00Z', '2020-05-19T11:00:00Z', { wrapUpSeconds: [120] })
    expect(toneOf(s, 0)).toBe('calm')
    expect(toneOf(s, 1)).toBe('amber')
    expect(toneOf(s, 2)).toBe('orange')
    expect(toneOf(s, 3)).toBe('red')
    expect(toneOf(single, 1)).toBe('amber')
    expect(toneOf(single, 2)).toBe('red')
    expect(toneOf(null, 2)).toBe('calm')
  })
})

describe('the segment the attendee page marks « en cours »', () => {
  it('is the clock’s, not the plan’s: moved early, paused, ended, or not started', () => {
    const onAir = (clock: ClockLog | null, time: string) => onAirSegmentId(referenceSegments, clock, at(paris(time)))
    // The plan says segment 1 at 15:20; the régie moved on to segment 2 at 15:10.
    expect(onAir(log([cmd('start', paris('15:00:00')), cmd('next', paris('15:10:00'))]), '15:20:00')).toBe(101)
    expect(onAir(log([cmd('start', paris('15:00:00')), cmd('pause', paris('15:10:00'))]), '15:20:00')).toBe(100)
    // Not started at 15:20 (the plan would say segment 1), or ended: nothing is on.
    expect(onAir(log([]), '15:20:00')).toBeNull()
    expect(onAir(null, '15:20:00')).toBeNull()
    expect(onAir(log([cmd('start', paris('15:00:00')), cmd('end', paris('15:10:00'))]), '15:20:00')).toBeNull()
  })
})
