// Dates and times in the event's time zone, 24-hour, through Intl; the zone named after its city.
import { locale, translate, type Lang } from './i18n'

type InstantLike = string | number | Date

const formats = new Map<string, Intl.DateTimeFormat>()

function dateTimeFormat(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${lang}|${timeZone}|${JSON.stringify(options)}`
  let format = formats.get(cacheKey)
  if (!format) {
    format = new Intl.DateTimeFormat(locale(lang), { ...options, timeZone })
    formats.set(cacheKey, format)
  }
  return format
}

function toDate(instant: InstantLike): Date {
  return instant instanceof Date ? instant : new Date(instant)
}

/** "15:00": hours and minutes on a 24-hour clock in `timeZone`. */
export function formatTime(lang: Lang, timeZone: string, instant: InstantLike): string {
  return dateTimeFormat(lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(instant))
}

/** "15:00–15:45". */
export function formatTimeRange(lang: Lang, timeZone: string, start: InstantLike, end: InstantLike): string {
  return `${formatTime(lang, timeZone, start)}–${formatTime(lang, timeZone, end)}`
}

/** « mardi 19 mai 2020 » / "Tuesday, 19 May 2020". */
export function formatDate(lang: Lang, timeZone: string, instant: InstantLike): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
  return dateTimeFormat(lang, timeZone, options).format(toDate(instant))
}

/**
 * The event's local date (YYYY-MM-DD) as a long date. Read at noon UTC in UTC so that the calendar day
 * cannot shift, whatever the viewer's or the event's zone.
 */
export function formatLocalDate(lang: Lang, localDate: string): string {
  return formatDate(lang, 'UTC', `${localDate}T12:00:00Z`)
}

/** "Europe/Paris" → "Paris", "America/Argentina/Buenos_Aires" → "Buenos Aires"; null for UTC-like zones. */
export function zoneCity(timeZone: string): string | null {
  const parts = timeZone.split('/')
  if (parts.length < 2 || parts[0] === 'Etc') return null
  const last = parts[parts.length - 1] ?? ''
  return last.replace(/_/g, ' ')
}

/** « heure de Paris », « heure d'Abidjan », "Paris time", « heure UTC ». */
export function zoneLabel(lang: Lang, timeZone: string): string {
  const city = zoneCity(timeZone)
  if (!city) return translate(lang, 'zone.utc')
  const elide = /^[aeiouyàâéèêîôû]/i.test(city)
  return translate(lang, elide ? 'zone.ofVowel' : 'zone.of', { city })
}
