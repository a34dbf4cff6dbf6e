// The report page's timeline geometry and signed minutes (pure).
import { describe, expect, it } from 'vitest'
import { signedMinutes, timeline } from '../../../client/src/lib/report-view'

describe('the report timeline', () => {
  it('puts planned and actual bars on one axis, with half-hour ticks', () => {
    const line = timeline([
      {
        position: 0,
        title: 'A',
        kind: 'talk',
        plannedStart: '2020-05-19T15:00:00+02:00',
        plannedEnd: '2020-05-19T15:30:00+02:00',
        actualStart: '2020-05-19T15:00:00+02:00',
        actualEnd: '2020-05-19T16:00:00+02:00',
        overrunSeconds: 1800,
        startDeltaSeconds: 0,
      },
    ])!
    expect(line.bars[0]).toEqual({ position: 0, title: 'A', planned: { left: 0, width: 50 }, actual: { left: 0, width: 100 } })
    expect(line.ticks.map((t) => t.left)).toEqual([0, 50, 100])
    expect([signedMinutes(180), signedMinutes(-420), signedMinutes(0), signedMinutes(null)]).toEqual(['+3', '−7', '±0', null])
  })
})
