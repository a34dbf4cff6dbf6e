// The control room's list of connected screens (pure): order, names and numbers.
import type { ScreenInfo } from '../../../../server/contract/clock'
import { locale, type Lang, type MessageKey } from '../../lib/i18n'

const PAGE_ORDER: Record<ScreenInfo['page'], number> = { stage: 0, screen: 1, moderator: 2, attendee: 3 }

/** Speakers' screens first, then public screens, régies, attendees; by name within each. */
export function sortScreens(screens: readonly ScreenInfo[]): ScreenInfo[] {
  return [...screens].sort(
    (a, b) =>
      PAGE_ORDER[a.page] - PAGE_ORDER[b.page] || (a.label ?? '\uffff').localeCompare(b.label ?? '\uffff') || a.id.localeCompare(b.id),
  )
}

export function pageKey(page: ScreenInfo['page']): MessageKey {
  switch (page) {
    case 'stage':
      return 'page.stage'
    case 'screen':
      return 'page.screen'
    case 'moderator':
      return 'page.moderate'
    case 'attendee':
      return 'screens.page.attendee'
    default:
      page satisfies never
      return 'page.screen'
  }
}

const formats = new Map<string, Intl.NumberFormat>()

/** Milliseconds with one decimal, in the language's separators; signed (+ ahead, − behind) for offsets. */
export function formatMs(lang: Lang, value: number, signed = false): string {
  const cacheKey = `${lang}|${signed}`
  let format = formats.get(cacheKey)
  if (!format) {
    format = new Intl.NumberFormat(locale(lang), {
      maximumFractionDigits: 1,
      minimumFractionDigits: 1,
      signDisplay: signed ? 'exceptZero' : 'auto',
    })
    formats.set(cacheKey, format)
  }
  return format.format(value)
}
