// The webinar as an iCalendar event (RFC 5545), pure. Times are written in the event's own zone (TZID) with a
// VTIMEZONE built from the zone's real offsets around the event, so calendar apps place it right, DST included.
import { offsetMinutes } from '../events/zoned-time'

export interface IcsEvent {
  uid: string
  title: string
  description: string
  url: string
  startMs: number
  endMs: number
  timeZone: string
  /** DTSTAMP: when the message was made. */
  stampMs: number
}

export function eventIcs(event: IcsEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tribune//Webinaire//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...vtimezone(event.timeZone, event.startMs),
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(event.stampMs)}`,
    `DTSTART;TZID=${event.timeZone}:${localStamp(event.startMs, event.timeZone)}`,
    `DTEND;TZID=${event.timeZone}:${localStamp(event.endMs, event.timeZone)}`,
    `SUMMARY:${escapeText(event.title)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.url)}`,
    `URL:${event.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}

interface Transition {
  atMs: number
  fromMinutes: number
  toMinutes: number
}

/**
 * The zone's observances from a year before to a year after the event: each offset change found by scanning
 * day by day, then narrowed to the minute. A zone without changes gets one STANDARD observance.
 */
function vtimezone(timeZone: string, aroundMs: number): string[] {
  const transitions = transitionsBetween(timeZone, aroundMs - 366 * 86_400_000, aroundMs + 366 * 86_400_000)
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`]
  if (transitions.length === 0) {
    const offset = offsetMinutes(aroundMs, timeZone)
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${utcOffset(offset)}`,
      `TZOFFSETTO:${utcOffset(offset)}`,
      'END:STANDARD',
    )
  }
  for (const t of transitions) {
    const kind = t.toMinutes > t.fromMinutes ? 'DAYLIGHT' : 'STANDARD'
    // DTSTART of an observance is the local time of its onset, read with the offset in force before it.
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${formatLocal(t.atMs + t.fromMinutes * 60_000)}`,
      `TZOFFSETFROM:${utcOffset(t.fromMinutes)}`,
      `TZOFFSETTO:${utcOffset(t.toMinutes)}`,
      `END:${kind}`,
    )
  }
  lines.push('END:VTIMEZONE')
  return lines
}

function transitionsBetween(timeZone: string, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = []
  const day = 86_400_000
  let previous = offsetMinutes(fromMs, timeZone)
  for (let t = fromMs + day; t <= toMs; t += day) {
    const offset = offsetMinutes(t, timeZone)
    if (offset === previous) continue
    // Narrow to the minute: the first instant with the new offset.
    let low = t - day
    let high = t
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000
      if (offsetMinutes(middle, timeZone) === previous) low = middle
      else high = middle
    }
    found.push({ atMs: high, fromMinutes: previous, toMinutes: offset })
    previous = offset
  }
  return found
}

function localStamp(instantMs: number, timeZone: string): string {
  return formatLocal(instantMs + offsetMinutes(instantMs, timeZone) * 60_000)
}

/** An instant already shifted to local time, written as a floating date-time: 20200519T150000. */
function formatLocal(shiftedMs: number): string {
  return new Date(Math.floor(shiftedMs / 1000) * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15)
}

function utcStamp(instantMs: number): string {
  return `${formatLocal(instantMs)}Z`
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}
