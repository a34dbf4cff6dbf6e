import { describe, expect, it } from 'vitest'
import type { ClockLog } from '../../../server/contract/clock'
import type { ItemView } from '../../../server/contract/schemas'
import { budgetDisplay, budgetView, durationParts, minutesOf, qaSegmentAt } from '../../../client/src/lib/budget-view'
import { at, event, item } from './fixtures'

// The reference agenda: the Q&A segment (index 3, id 103) runs 17:00–17:30 Paris time (15:00–15:30 UTC).
const QA_ID = 103
const idle: ClockLog = { speed: 1, commands: [] }
const inQa: ClockLog = {
  speed: 1,
  commands: [
    { type: 'start', at: at('2020-05-19T13:00:00Z') },
    { type: 'goto', segment: 3, at: at('2020-05-19T15:00:00Z') },
  ],
}

function queue(n: number, overrides: Partial<ItemView> = {}): ItemView[] {
  return Array.from({ length: n }, (_, i) =>
    item({
      id: `q${String(i).padStart(2, '0')}`,
      status: 'approved',
      createdAt: `2020-05-19T13:${String(i).padStart(2, '0')}:00.000Z`,
      ...overrides,
    }),
  )
}

const map = (items: ItemView[]) => new Map(items.map((i) => [i.id, i]))

describe('which Q&A segment the budget counts', () => {
  it('before the event: the Q&A segment’s projected length', () => {
    const qa = qaSegmentAt(event, idle, at('2020-05-19T13:10:00Z'))
    expect(qa?.segment.id).toBe(QA_ID)
    expect(qa?.phase).toBe('upcoming')
    expect(qa?.remainingMs).toBe(30 * 60_000)
  })

  it('while the Q&A segment is on air: its remaining time', () => {
    const qa = qaSegmentAt(event, inQa, at('2020-05-19T15:10:00Z'))
    expect(qa?.phase).toBe('live')
    expect(qa?.remainingMs).toBe(20 * 60_000)
  })

  it('after the event: none', () => {
    const ended: ClockLog = { speed: 1, commands: [...inQa.commands, { type: 'end', at: at('2020-05-19T15:30:00Z') }] }
    expect(qaSegmentAt(event, ended, at('2020-05-19T15:40:00Z'))).toBeNull()
  })
})

describe('the answer-session budget', () => {
  it('fits the remaining time at two minutes an answer until it has learned better', () => {
    const view = budgetView(event, inQa, at('2020-05-19T15:10:00Z'), map(queue(12)))
    expect(view.fits).toBe(10)
    expect(view.capacity).toBe(10)
    expect([...view.followUp]).toEqual(['q10', 'q11'])
    expect(view.learnedFrom).toBe(0)
  })

  it('learns the average answer time from answered questions', () => {
    const answered = [
      item({ id: 'a1', status: 'answered', onAirAt: '2020-05-19T14:00:00.000Z', answeredAt: '2020-05-19T14:03:00.000Z' }),
      item({ id: 'a2', status: 'answered', onAirAt: '2020-05-19T14:10:00.000Z', answeredAt: '2020-05-19T14:15:00.000Z' }),
    ]
    const view = budgetView(event, inQa, at('2020-05-19T15:10:00Z'), map([...queue(8), ...answered]))
    expect(view.averageMs).toBe(4 * 60_000)
    expect(view.fits).toBe(5)
    expect(view.followUp.size).toBe(3)
  })

  it('does not learn from answers given during a rehearsal', () => {
    const live = item({ id: 'a1', status: 'answered', onAirAt: '2020-05-19T14:00:00.000Z', answeredAt: '2020-05-19T14:03:00.000Z' })
    // At ×60 a moderator clicks through answers in seconds: that says nothing about the live session.
    const rehearsed = ['r1', 'r2', 'r3'].map((id, i) =>
      item({
        id,
        status: 'answered',
        onAirAt: `2020-05-19T12:0${i}:00.000Z`,
        answeredAt: `2020-05-19T12:0${i}:05.000Z`,
        answeredInRehearsal: true,
      }),
    )
    const view = budgetView(event, inQa, at('2020-05-19T15:10:00Z'), map([...queue(8), live, ...rehearsed]))
    expect(view.learnedFrom).toBe(1)
    expect(view.averageMs).toBe(3 * 60_000)
    const onlyRehearsed = budgetView(event, inQa, at('2020-05-19T15:10:00Z'), map([...queue(8), ...rehearsed]))
    expect(onlyRehearsed).toMatchObject({ learnedFrom: 0, averageMs: 2 * 60_000, fits: 8 })
  })

  it('leaves out questions assigned to another segment', () => {
    const elsewhere = queue(3, { segmentId: 101 }).map((i) => ({ ...i, id: `x${i.id}` }))
    const view = budgetView(event, inQa, at('2020-05-19T15:10:00Z'), map([...queue(2), ...elsewhere]))
    expect(view.queueSize).toBe(2)
    expect(view.fits).toBe(2)
    expect(view.capacity).toBe(10)
  })

  it('sends everything to a written answer once no Q&A is left', () => {
    const ended: ClockLog = { speed: 1, commands: [...inQa.commands, { type: 'end', at: at('2020-05-19T15:30:00Z') }] }
    const view = budgetView(event, ended, at('2020-05-19T15:40:00Z'), map(queue(3)))
    expect(view.phase).toBe('none')
    expect(view.fits).toBe(0)
    expect(view.followUp.size).toBe(3)
  })
})

describe('what the budget panel says', () => {
  it('maps the view to messages and numbers', () => {
    const live = budgetDisplay(budgetView(event, inQa, at('2020-05-19T15:10:30Z'), map(queue(12))))
    expect(live).toEqual({
      fits: 9,
      detailKey: 'moderate.budget.live',
      detailParams: { minutes: 20, segment: 'Séquence 4' },
      average: { minutes: 2, seconds: 0 },
      learnedFrom: 0,
      followUp: 3,
      over: true,
    })
    const upcoming = budgetDisplay(budgetView(event, idle, at('2020-05-19T13:10:00Z'), map(queue(2))))
    expect(upcoming.detailKey).toBe('moderate.budget.upcoming')
    expect(upcoming.detailParams.minutes).toBe(30)
    expect(upcoming.over).toBe(false)
  })

  it('splits durations into minutes and seconds', () => {
    expect(durationParts(125_400)).toEqual({ minutes: 2, seconds: 5 })
    expect(durationParts(45_000)).toEqual({ minutes: 0, seconds: 45 })
    expect(durationParts(-1)).toEqual({ minutes: 0, seconds: 0 })
  })

  it('rounds minutes up, never below zero', () => {
    expect(minutesOf(0)).toBe(0)
    expect(minutesOf(30_000)).toBe(1)
    expect(minutesOf(60_000)).toBe(1)
    expect(minutesOf(-5)).toBe(0)
  })
})
