// Registration rules and the calendar file, pure: windows in the event's zone (DST nights included), statuses,
// priority order, when things fall due, and iCalendar's escaping and folding.
import { describe, expect, it } from 'vitest'
import { eventIcs } from '../../server/mail/ics'
import {
  erasureInstant,
  hasRoom,
  initialStatus,
  invitationInstant,
  invitationsDue,
  priorityOrder,
  registrationWindow,
  remindersDue,
} from '../../server/registration/registration.rules'

const paris = {
  date: '2020-05-19',
  timeZone: 'Europe/Paris',
  plannedStartMs: Date.parse('2020-05-19T13:00:00Z'),
  plannedEndMs: Date.parse('2020-05-19T15:30:00Z'),
}

describe('the registration window', () => {
  it('closes by default the day before at 00:00 local, whatever the offset that night', () => {
    expect(registrationWindow({ opensAt: null, closesAt: null }, paris, Date.parse('2020-05-17T21:59:59Z')).state).toBe('open')
    expect(registrationWindow({ opensAt: null, closesAt: null }, paris, Date.parse('2020-05-17T22:00:00Z'))).toEqual({
      state: 'closed',
      opensAt: null,
      closesAt: Date.parse('2020-05-17T22:00:00Z'),
    })
    // An event on the day after the spring change: the deadline is midnight at the winter offset.
    const spring = { ...paris, date: '2020-03-30' }
    expect(registrationWindow({ opensAt: null, closesAt: null }, spring, 0).closesAt).toBe(Date.parse('2020-03-28T23:00:00Z'))
  })

  it('opens and closes at the set local times', () => {
    const settings = { opensAt: '2020-05-01T09:00', closesAt: '2020-05-19T12:30' }
    expect(registrationWindow(settings, paris, Date.parse('2020-05-01T06:59:00Z')).state).toBe('not_open')
    expect(registrationWindow(settings, paris, Date.parse('2020-05-01T07:00:00Z')).state).toBe('open')
    expect(registrationWindow(settings, paris, Date.parse('2020-05-19T10:30:00Z')).state).toBe('closed')
  })
})

describe('statuses and priority', () => {
  it('approves while places remain, then waits; manual approval waits for the organiser', () => {
    expect(initialStatus('automatic', null, 10_000)).toBe('approved')
    expect(initialStatus('automatic', 2, 1)).toBe('approved')
    expect(initialStatus('automatic', 2, 2)).toBe('waitlisted')
    expect(initialStatus('manual', null, 0)).toBe('pending')
    expect(hasRoom(3, 3)).toBe(false)
  })

  it('puts the priority audience first, then first come first served', () => {
    const rows = [
      { id: 'a', organisationType: 'company', createdAt: 1 },
      { id: 'b', organisationType: 'local_authority', createdAt: 3 },
      { id: 'c', organisationType: 'local_authority', createdAt: 2 },
      { id: 'd', organisationType: 'association', createdAt: 0 },
    ]
    expect(priorityOrder(rows, 'local_authority').map((r) => r.id)).toEqual(['c', 'b', 'd', 'a'])
    expect(priorityOrder(rows, null).map((r) => r.id)).toEqual(['d', 'a', 'c', 'b'])
  })
})

describe('what falls due when', () => {
  it('invitations from 08:00 local until the end, reminders in the last 15 minutes before the start, erasure after retention', () => {
    expect(invitationInstant({ invitationTime: '08:00' }, paris)).toBe(Date.parse('2020-05-19T06:00:00Z'))
    expect(invitationsDue({ invitationTime: '08:00' }, paris, Date.parse('2020-05-19T05:59:59Z'))).toBe(false)
    expect(invitationsDue({ invitationTime: '08:00' }, paris, Date.parse('2020-05-19T15:29:59Z'))).toBe(true)
    expect(invitationsDue({ invitationTime: '08:00' }, paris, paris.plannedEndMs)).toBe(false)
    expect(remindersDue({ reminder: true }, paris, Date.parse('2020-05-19T12:45:00Z'))).toBe(true)
    expect(remindersDue({ reminder: true }, paris, paris.plannedStartMs)).toBe(false)
    expect(remindersDue({ reminder: false }, paris, Date.parse('2020-05-19T12:50:00Z'))).toBe(false)
    expect(erasureInstant({ retentionDays: 90 }, paris)).toBe(paris.plannedEndMs + 90 * 86_400_000)
  })
})

describe('the calendar file', () => {
  it('escapes text, folds long lines at 75 octets without cutting a character, and writes both Paris observances', () => {
    const ics = eventIcs({
      uid: 'daect@tribune.test',
      title: 'Coopération décentralisée ; bilan, perspectives '.repeat(3),
      description: 'Ligne 1\nLigne 2',
      url: 'https://tribune.test/e/daect#invite=abc',
      startMs: paris.plannedStartMs,
      endMs: paris.plannedEndMs,
      timeZone: 'Europe/Paris',
      stampMs: Date.parse('2020-05-19T06:00:00Z'),
    })
    const lines = ics.split('\r\n')
    expect(lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true)
    expect(ics.replace(/\r\n /g, '')).toContain('SUMMARY:Coopération décentralisée \\; bilan\\, perspectives')
    expect(ics).toContain('DESCRIPTION:Ligne 1\\nLigne 2')
    expect(ics).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20200329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200')
    expect(ics).toContain('BEGIN:STANDARD\r\nDTSTART:20201025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100')
    expect(ics).toContain('DTSTART;TZID=Europe/Paris:20200519T150000')
  })

  it('gives a zone without daylight saving one standard observance', () => {
    const ics = eventIcs({
      uid: 'u',
      title: 't',
      description: 'd',
      url: 'u',
      startMs: 0,
      endMs: 3600_000,
      timeZone: 'Asia/Tokyo',
      stampMs: 0,
    })
    expect(ics).toContain('BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900')
  })
})
