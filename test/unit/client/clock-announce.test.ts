import { describe, expect, it } from 'vitest'
import type { ClockLog, WireCommand } from '../../../server/contract/clock'
import type { SpeakerMessage } from '../../../server/contract/messages'
import { announcementFor, freshMessages, milestoneOf, pendingMessages, sameMilestone } from '../../../client/src/lib/clock-announce'
import { clockDisplay, type ClockDisplay } from '../../../client/src/lib/clock-display'
import { at, referenceSegments } from './fixtures'

const paris = (time: string) => at(`2020-05-19T${time}+02:00`)
const cmd = (type: string, time: string, extra: Partial<WireCommand> = {}): WireCommand => ({ type, at: paris(time), ...extra })
const display = (commands: WireCommand[], time: string): ClockDisplay => {
  const log: ClockLog = { speed: 1, commands }
  return clockDisplay(referenceSegments, log, paris(time))!
}
const start = [cmd('start', '15:00:00')]

/** Reads the clock at each instant in turn and collects what would be announced. */
function announcements(readings: ClockDisplay[]) {
  let previous = null as ReturnType<typeof milestoneOf> | null
  const said = []
  for (const reading of readings) {
    said.push(announcementFor(previous, reading))
    previous = milestoneOf(reading)
  }
  return said
}

describe('announcements', () => {
  it('says nothing on the first reading: loading the page is not a change', () => {
    expect(announcementFor(null, display(start, '15:44:00'))).toBeNull()
  })

  it('says nothing from second to second', () => {
    const seconds = Array.from({ length: 120 }, (_, i) => display(start, `15:2${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}`))
    expect(announcements(seconds).every((a) => a === null)).toBe(true)
  })

  it('announces each wrap-up threshold, then overtime, once each', () => {
    const said = announcements(
      ['15:39:59', '15:40:00', '15:40:01', '15:44:00', '15:44:01', '15:45:00', '15:45:01', '15:50:00'].map((t) => display(start, t)),
    )
    expect(said).toEqual([
      null,
      { key: 'clock.announce.wrapUpMinutes', params: { minutes: 5 } },
      null,
      { key: 'clock.announce.wrapUpMinutes', params: { minutes: 1 } },
      null,
      { key: 'clock.announce.overtime' },
      null,
      null,
    ])
  })

  it('words a threshold under a minute in seconds', () => {
    const withSeconds = referenceSegments.map((s) => ({ ...s, wrapUpSeconds: [30] }))
    const log: ClockLog = { speed: 1, commands: start }
    const before = clockDisplay(withSeconds, log, paris('15:44:29'))!
    const after = clockDisplay(withSeconds, log, paris('15:44:30'))!
    expect(announcementFor(milestoneOf(before), after)).toEqual({ key: 'clock.announce.wrapUpSeconds', params: { seconds: 30 } })
  })

  it('announces a segment change with its title, and not the wrap-up it may land in', () => {
    const commands = [...start, cmd('next', '15:44:30')]
    const said = announcements([display(commands, '15:44:00'), display(commands, '15:44:31')])
    expect(said[1]).toEqual({ key: 'clock.announce.segment', params: { title: 'Séquence 2' } })
  })

  it('announces start, pause, resume, end and reset', () => {
    const commands = [cmd('start', '15:00:00'), cmd('pause', '15:10:00'), cmd('resume', '15:12:00'), cmd('end', '15:20:00')]
    const said = announcements(['14:59:00', '15:00:01', '15:10:01', '15:12:01', '15:20:01'].map((t) => display(commands, t)))
    expect(said).toEqual([
      null,
      { key: 'clock.announce.segment', params: { title: 'Séquence 1' } },
      { key: 'clock.announce.paused' },
      { key: 'clock.announce.resumed' },
      { key: 'clock.announce.ended' },
    ])
    const reset = display([], '15:21:00')
    expect(announcementFor(milestoneOf(display(commands, '15:20:01')), reset)).toEqual({ key: 'clock.announce.reset' })
  })

  it('announces a segment cued while paused', () => {
    const commands = [cmd('start', '15:00:00'), cmd('pause', '15:10:00'), cmd('next', '15:11:00')]
    expect(announcements([display(commands, '15:10:30'), display(commands, '15:11:30')])[1]).toEqual({
      key: 'clock.announce.segment',
      params: { title: 'Séquence 2' },
    })
  })

  it('stays quiet when time is added, and speaks again when the threshold is crossed again', () => {
    const commands = [...start, cmd('adjust', '15:41:00', { seconds: 120 })]
    const said = announcements(['15:40:30', '15:41:01', '15:42:00', '15:42:01'].map((t) => display(commands, t)))
    expect(said).toEqual([null, null, { key: 'clock.announce.wrapUpMinutes', params: { minutes: 5 } }, null])
  })

  it('compares milestones', () => {
    const a = milestoneOf(display(start, '15:10:00'))
    expect(sameMilestone(a, milestoneOf(display(start, '15:20:00')))).toBe(true)
    expect(sameMilestone(null, a)).toBe(false)
    expect(sameMilestone(a, milestoneOf(display(start, '15:41:00')))).toBe(false)
  })
})

describe('messages to announce', () => {
  const message = (id: string, acknowledgedAt: string | null = null): SpeakerMessage => ({
    id,
    text: `Message ${id}`,
    sentAt: '2020-05-19T13:40:00.000Z',
    acknowledgedAt,
  })

  it('lists the pending ones only', () => {
    expect(pendingMessages([message('a'), message('b', '2020-05-19T13:41:00.000Z')]).map((m) => m.id)).toEqual(['a'])
  })

  it('announces new pending messages, never on the first reading, never twice', () => {
    expect(freshMessages(null, [message('a')])).toEqual([])
    expect(freshMessages(new Set(['a']), [message('a'), message('b')]).map((m) => m.id)).toEqual(['b'])
    expect(freshMessages(new Set(['a']), [message('a'), message('c', '2020-05-19T13:41:00.000Z')])).toEqual([])
  })
})
