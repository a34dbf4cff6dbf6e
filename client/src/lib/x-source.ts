// The X source as the régie reads it (pure): state in words, the meter, and X posts on cards. Forms: x-forms.ts.
import type { XMeter, XStatus } from '../../../server/contract/x'
import { dayIn, formatTimeText } from './clock-format'
import { formatTime } from './format'
import { locale, translate, type Lang, type MessageKey } from './i18n'

/** Colour family of the state badge; the words always say the same thing. */
export type XTone = 'off' | 'ok' | 'warning' | 'error'

export function xTone(status: Pick<XStatus, 'state'>): XTone {
  switch (status.state) {
    case 'off':
      return 'off'
    case 'polling':
      return 'ok'
    case 'rate_limited':
    case 'budget_paused':
    case 'usage_capped':
      return 'warning'
    case 'backing_off':
      return 'error'
    default:
      status.state satisfies never
      return 'off'
  }
}

/** « 15 h 42 » in running text; another day reads « 18 mai, 15 h 42 ». Always in the event's zone. */
export function instantText(lang: Lang, timeZone: string, instant: string, nowMs: number): string {
  const time = formatTimeText(lang, timeZone, instant)
  if (dayIn(timeZone, instant) === dayIn(timeZone, nowMs)) return time
  const day = new Intl.DateTimeFormat(locale(lang), { timeZone, day: 'numeric', month: 'short' }).format(new Date(instant))
  return `${day}, ${time}`
}

/** « 1er juin », « 1 June »: a day of the month in the event's zone (French writes the first « 1er »). */
export function dayMonthText(lang: Lang, timeZone: string, instant: string): string {
  const parts = new Intl.DateTimeFormat(locale(lang), { timeZone, day: 'numeric', month: 'long' }).formatToParts(new Date(instant))
  return parts.map((part) => (lang === 'fr' && part.type === 'day' && part.value === '1' ? '1er' : part.value)).join('')
}

/** How long ago, for the last poll and success: « il y a 12 secondes »; null from an hour on (the time says enough). */
export function agoText(lang: Lang, instant: string, nowMs: number): string | null {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(instant)) / 1000))
  if (!Number.isFinite(seconds) || seconds >= 3600) return null
  const format = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' })
  return seconds < 60 ? format.format(-seconds, 'second') : format.format(-Math.floor(seconds / 60), 'minute')
}

/** The state in words: « interrogation toutes les 15 s », « limite de débit atteinte : reprise à 15 h 42 »… */
export function xStateText(status: XStatus, lang: Lang, timeZone: string, nowMs: number): string {
  const resumeAt = (key: MessageKey) => {
    const until = status.pausedUntil
    if (!until || Date.parse(until) <= nowMs) return translate(lang, 'x.state.resumingSoon')
    return translate(lang, key, { time: instantText(lang, timeZone, until, nowMs) })
  }
  switch (status.state) {
    case 'off':
      return translate(lang, status.configured ? 'x.state.disabled' : 'x.state.unconfigured')
    case 'polling':
      // What the server really does: X_POLL_INTERVAL_MS (tests, demo) replaces the event's setting.
      return translate(lang, 'x.state.polling', { seconds: status.pollIntervalMs / 1000 })
    case 'rate_limited':
      return resumeAt('x.state.rateLimited')
    case 'backing_off':
      return resumeAt('x.state.backingOff')
    case 'budget_paused':
      return translate(lang, 'x.state.budgetPaused')
    case 'usage_capped': {
      const until = status.usageCappedUntil
      if (!until || Date.parse(until) <= nowMs) return translate(lang, 'x.state.resumingSoon')
      const time = formatTimeText(lang, timeZone, until)
      return translate(lang, 'x.state.usageCapped', { date: dayMonthText(lang, timeZone, until), time })
    }
    default:
      status.state satisfies never
      return status.state
  }
}

/** When X refused the stored position and from when posts were read again, in the event's zone. */
export function windowRestartText(lang: Lang, timeZone: string, restart: NonNullable<XStatus['windowRestart']>, nowMs: number): string {
  return translate(lang, 'x.health.windowRestartText', {
    at: instantText(lang, timeZone, restart.at, nowMs),
    fromDate: dayMonthText(lang, timeZone, restart.from),
    fromTime: formatTimeText(lang, timeZone, restart.from),
  })
}

/** Dollars in the user's locale: « 0,25 $US », "US$0.25"; a tenth of a cent still shows (X bills per read). */
export function formatUsd(lang: Lang, amount: number): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(amount)
}

/** The meter's month (YYYY-MM, UTC): « mai 2020 », "May 2020". */
export function formatMonth(lang: Lang, month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  if (!match) return month
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15))
  return new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date)
}

/** Share of the budget spent, in whole percent (floored: 79.9 % is not yet the 80 % warning); null without a budget. */
export function budgetPercent(meter: Pick<XMeter, 'budgetUsedRatio'>): number | null {
  if (meter.budgetUsedRatio === null) return null
  return Math.max(0, Math.floor(meter.budgetUsedRatio * 100 + 1e-9))
}

// ---- X flags on cards ----

export type HeldReason = 'x_cap' | 'blocked_handle' | 'blocked_keyword'
const HELD_REASONS: readonly HeldReason[] = ['blocked_handle', 'blocked_keyword', 'x_cap']
const X_FLAGS: readonly string[] = [...HELD_REASONS, 'trusted_handle']

/** Flags the X rules and cap raise. */
export function isXFlag(flag: string): boolean {
  return X_FLAGS.includes(flag)
}

/** A held reason is said in the « retenue » badge itself, not as a flag of its own. */
export function isHeldReason(flag: string): flag is HeldReason {
  return (HELD_REASONS as readonly string[]).includes(flag)
}

/** The other X flags, as moderators read them (null for a flag that is not X's). */
export function xFlagKey(flag: string): MessageKey | null {
  return flag === 'trusted_handle' ? 'x.flag.trusted_handle' : null
}

/** « retenue », or « retenue : compte bloqué » when the X rules or cap say why. */
export function heldText(lang: Lang, flags: readonly string[]): string {
  const reason = heldReason(flags)
  if (!reason) return translate(lang, 'x.card.held')
  return translate(lang, 'x.card.heldFor', { reason: translate(lang, heldReasonKey(reason)) })
}

/** When an X post was published, in the event's zone: « publié à 15:42 », or with its day when it is not today's. */
export function postedText(lang: Lang, timeZone: string, postedAt: string, nowMs: number): string {
  const time = formatTime(lang, timeZone, postedAt)
  if (dayIn(timeZone, postedAt) === dayIn(timeZone, nowMs)) return translate(lang, 'x.card.postedAt', { time })
  const date = new Intl.DateTimeFormat(locale(lang), { timeZone, day: 'numeric', month: 'long' }).format(new Date(postedAt))
  return translate(lang, 'x.card.postedOn', { date, time })
}

/** Why an X post is held, the account or word before the cap. */
export function heldReason(flags: readonly string[]): HeldReason | null {
  return HELD_REASONS.find((reason) => flags.includes(reason)) ?? null
}

function heldReasonKey(reason: HeldReason): MessageKey {
  return `x.reason.${reason}`
}

/** Only these avatars are shown: X serves https; the fake X and demos serve inline images. */
export function isShownAvatar(url: string | null): url is string {
  return url !== null && (url.startsWith('https://') || url.startsWith('data:image/'))
}
