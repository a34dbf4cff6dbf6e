// How the agenda clock reads (pure): timers (`44:59`, `1:02:03`, `+02:10`), times in running text
// (« 15 h 00 »), ahead/behind (« en retard de 3 min »), and whether the viewer's zone needs its own time.
import { formatDuration } from './agenda'
import { formatTime } from './format'
import type { Lang, MessageKey } from './i18n'

const pad = (value: number) => String(value).padStart(2, '0')

/** Whole seconds as `mm:ss`, or `h:mm:ss` from one hour. */
export function clockDigits(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const seconds = s % 60
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`
}

/** Time left, rounded up: `00:01` until the very end, `00:00` only when it is up. */
export function formatRemaining(ms: number): string {
  return formatDuration(Math.max(0, ms))
}

/** Overtime counting up, rounded down, with a plus sign: `+00:00`, `+02:10`, `+1:00:05`. */
export function formatOvertime(ms: number): string {
  return `+${clockDigits(Math.floor(Math.max(0, ms) / 1000))}`
}

const NBSP = '\u00a0'

/** A time of day in running text: « 15 h 00 » in French, "15:00" in English; always 24-hour, in `timeZone`. */
export function formatTimeText(lang: Lang, timeZone: string, instant: number | string): string {
  const time = formatTime(lang, timeZone, instant)
  return lang === 'fr' ? time.replace(':', `${NBSP}h${NBSP}`) : time
}

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
export function dayIn(timeZone: string, instant: number | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant))
}

/**
 * Whether to show the viewer's own time beside the event's: only when their zone is another one *and* its
 * clock reads differently now (Brussels and Paris read the same; Montréal does not).
 */
export function viewerTimeDiffers(eventZone: string, viewerZone: string | undefined, instant: number): boolean {
  if (!viewerZone || viewerZone === eventZone) return false
  try {
    return formatTime('en', eventZone, instant) !== formatTime('en', viewerZone, instant)
  } catch {
    return false // an unknown zone: say nothing rather than something wrong
  }
}

export type ScheduleDelta = { kind: 'onTime' } | { kind: 'offPlan' } | { kind: 'behind' | 'ahead'; minutes: number }

/** Beyond this the agenda is not being run on its planned date (a rehearsal at speed 1, a replay): minutes mean nothing. */
const OFF_PLAN_MS = 12 * 3600_000

/** Ahead/behind from the clock's scheduleDeltaMs (running time, positive = behind), in whole minutes. */
export function scheduleDelta(deltaMs: number): ScheduleDelta {
  if (!Number.isFinite(deltaMs) || Math.abs(deltaMs) >= OFF_PLAN_MS) return { kind: 'offPlan' }
  const minutes = Math.round(Math.abs(deltaMs) / 60_000)
  if (minutes === 0) return { kind: 'onTime' }
  return { kind: deltaMs > 0 ? 'behind' : 'ahead', minutes }
}

export function scheduleDeltaText(delta: ScheduleDelta, t: (key: MessageKey, params?: Record<string, number>) => string): string {
  switch (delta.kind) {
    case 'onTime':
      return t('clock.delta.onTime')
    case 'offPlan':
      return t('clock.delta.offPlan')
    case 'behind':
      return t('clock.delta.behind', { minutes: delta.minutes })
    case 'ahead':
      return t('clock.delta.ahead', { minutes: delta.minutes })
    default:
      delta satisfies never
      return ''
  }
}
