import { describe, expect, it } from 'vitest'
import {
  clockDigits,
  dayIn,
  formatOvertime,
  formatRemaining,
  formatTimeText,
  viewerTimeDiffers,
} from '../../../client/src/lib/clock-format'
import { contactLost, screenLabel } from '../../../client/src/lib/screen-presence'
import { at } from './fixtures'

const NBSP = '\u00a0'

describe('timers', () => {
  it('reads mm:ss under one hour and h:mm:ss from one hour', () => {
    expect(clockDigits(0)).toBe('00:00')
    expect(clockDigits(44 * 60 + 59)).toBe('44:59')
    expect(clockDigits(3600)).toBe('1:00:00')
    expect(clockDigits(3723)).toBe('1:02:03')
    expect(clockDigits(10 * 3600 + 5)).toBe('10:00:05')
  })

  it('rounds time left up, so 00:00 shows only when time is up', () => {
    expect(formatRemaining(45 * 60_000)).toBe('45:00')
    expect(formatRemaining(45 * 60_000 - 1)).toBe('45:00')
    expect(formatRemaining(44 * 60_000 + 59_000)).toBe('44:59')
    expect(formatRemaining(1)).toBe('00:01')
    expect(formatRemaining(0)).toBe('00:00')
    expect(formatRemaining(-5000)).toBe('00:00')
    expect(formatRemaining(3_723_000)).toBe('1:02:03')
  })

  it('counts overtime up from +00:00, rounded down', () => {
    expect(formatOvertime(0)).toBe('+00:00')
    expect(formatOvertime(999)).toBe('+00:00')
    expect(formatOvertime(1000)).toBe('+00:01')
    expect(formatOvertime(130_000)).toBe('+02:10')
    expect(formatOvertime(3_605_000)).toBe('+1:00:05')
  })
})

describe('times of day', () => {
  const start = at('2020-05-19T15:00:00+02:00')

  it('writes « 15 h 00 » in French running text and 15:00 in English, in the event zone', () => {
    expect(formatTimeText('fr', 'Europe/Paris', start)).toBe(`15${NBSP}h${NBSP}00`)
    expect(formatTimeText('en', 'Europe/Paris', start)).toBe('15:00')
    expect(formatTimeText('fr', 'America/Montreal', start)).toBe(`09${NBSP}h${NBSP}00`)
  })

  it('knows the calendar day in a zone', () => {
    expect(dayIn('Europe/Paris', at('2020-05-19T23:30:00Z'))).toBe('2020-05-20')
    expect(dayIn('UTC', at('2020-05-19T23:30:00Z'))).toBe('2020-05-19')
  })

  it("adds the viewer's time only when their clock reads differently", () => {
    expect(viewerTimeDiffers('Europe/Paris', 'Europe/Paris', start)).toBe(false)
    expect(viewerTimeDiffers('Europe/Paris', 'Europe/Brussels', start)).toBe(false)
    expect(viewerTimeDiffers('Europe/Paris', 'America/Montreal', start)).toBe(true)
    expect(viewerTimeDiffers('Europe/Paris', 'Europe/London', start)).toBe(true)
    expect(viewerTimeDiffers('Europe/Paris', undefined, start)).toBe(false)
    expect(viewerTimeDiffers('Europe/Paris', 'Nowhere/Atlantis', start)).toBe(false)
  })
})

describe('screen presence', () => {
  it('calls the link lost after 5 s without a packet, not before', () => {
    expect(contactLost(10_000, 5_000)).toBe(false)
    expect(contactLost(10_001, 5_000)).toBe(true)
  })

  it('names a screen from ?label=, tidied and cut to 60 characters', () => {
    expect(screenLabel('?label=Pupitre%20A')).toBe('Pupitre A')
    expect(screenLabel('?label=%20%20Salle%20%20%201%20')).toBe('Salle 1')
    expect(screenLabel('')).toBeNull()
    expect(screenLabel('?label=')).toBeNull()
    expect(screenLabel(`?label=${'x'.repeat(80)}`)).toHaveLength(60)
  })
})
