// How the agenda clock reads (pure): timers (`44:59`, `1:02:03`, `+02:10`), times in running text
// (« 15 h 00 »), ahead/behind and the end against the plan (« en retard de 3 min »), and whether the viewer's
// zone needs its own time.
import { formatTime } from './format'
import type { ClockOutlook } from '../../../server/clock/clock.outlook'
import type { Lang, MessageKey } from './i18n'

export { clockDigits, formatOvertime, formatRemaining } from '../../../server/clock/timer-text'

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

/** What the clock says about time against the plan, in words: the one place screens get them from. */
export interface OutlookWords {
  /** Ahead/behind the agenda (« En retard de 2 min sur le programme »), or how the run ended. */
  schedule: string
  /** « Fin estimée : 17 h 30, à l’heure prévue (…absorbe 2 min) » or « Fin réelle : 17 h 35 »; null before the start. */
  end: string | null
}

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** The outlook (server/clock/clock.outlook.ts) in the user's language; `time` writes an instant as a time of day. */
export function outlookWords(outlook: ClockOutlook, t: Translate, time: (instant: number) => string): OutlookWords {
  return { schedule: scheduleWords(outlook, t), end: endWords(outlook, t, time) }
}

function scheduleWords(outlook: ClockOutlook, t: Translate): string {
  if (outlook.offPlan) return t('clock.delta.offPlan')
  const { schedule } = outlook
  const ended = outlook.phase === 'ended'
  switch (schedule.kind) {
    case 'onTime':
      return t(ended ? 'clock.delta.endedOnTime' : 'clock.delta.onTime')
    case 'behind':
      return t(ended ? 'clock.delta.endedLate' : 'clock.delta.behind', { minutes: schedule.minutes })
    case 'ahead':
      return t(ended ? 'clock.delta.endedEarly' : 'clock.delta.ahead', { minutes: schedule.minutes })
    default:
      schedule satisfies never
      return ''
  }
}

function endWords(outlook: ClockOutlook, t: Translate, time: (instant: number) => string): string | null {
  if (outlook.phase === 'idle') return null
  const at = time(outlook.end.at)
  // The actual end needs no comparison: the schedule line already says how the run ended.
  if (outlook.end.actual) return t('clock.actualEnd', { time: at })
  if (outlook.offPlan) return t('clock.projectedEnd', { time: at })
  const { drift } = outlook.end
  const end =
    drift.kind === 'onTime'
      ? t('clock.projectedEndOnTime', { time: at })
      : t(drift.kind === 'behind' ? 'clock.projectedEndLate' : 'clock.projectedEndEarly', { time: at, minutes: drift.minutes })
  return outlook.absorbedMinutes > 0 ? t('clock.absorbedNote', { end, minutes: outlook.absorbedMinutes }) : end
}
