// Export of every question with its full moderator view (pure formatting), in the reader's conventions:
// instants in the event's zone with their offset, headers and values in the chosen language.
import type { EventView, ItemView, Lang } from '../contract/schemas'
import { toZonedIso } from '../events/zoned-time'
import { type Column, EXPORT_WORDS, type ExportWords } from './export.labels'

export type Cell = string | number | boolean | null

export interface ExportContext {
  lang: Lang
  event: Pick<EventView, 'timeZone' | 'segments'>
}

/** 2020-05-19T16:36:30+02:00: the event's wall clock, and the offset that makes it one instant anywhere. */
export function zoned(instant: string | null, timeZone: string): string | null {
  return instant === null ? null : toZonedIso(Date.parse(instant), timeZone)
}

function columns(context: ExportContext): [Column, (item: ItemView) => Cell][] {
  const words = EXPORT_WORDS[context.lang]
  const zone = context.event.timeZone
  const yesNo = (value: boolean) => (value ? words.yes : words.no)
  const segmentTitle = (id: number | null) => context.event.segments.find((segment) => segment.id === id)?.title ?? null
  return [
    ['id', (i) => i.id],
    ['createdAt', (i) => zoned(i.createdAt, zone)],
    ['source', (i) => words.source[i.source]],
    ['status', (i) => words.status[i.status]],
    ['dismissReason', (i) => (i.dismissReason ? words.reason[i.dismissReason] : null)],
    ['votes', (i) => i.votes],
    ['askedBy', (i) => 1 + i.coAskers.length],
    ['anonymous', (i) => yesNo(i.author.anonymous)],
    ['name', (i) => i.author.name],
    ['organisation', (i) => i.author.organisation],
    ['xHandle', (i) => i.author.xHandle],
    ['url', (i) => i.url],
    ['text', (i) => i.text],
    ['originalText', (i) => i.originalText],
    ['reply', (i) => i.reply],
    ['tags', (i) => i.tags.join(', ')],
    ['segment', (i) => segmentTitle(i.segmentId)],
    ['flags', (i) => i.flags.join(', ')],
    ['held', (i) => yesNo(i.held)],
    ['mergedInto', (i) => i.mergedInto],
    ['onAirAt', (i) => zoned(i.onAirAt, zone)],
    ['answeredAt', (i) => zoned(i.answeredAt, zone)],
  ]
}

/**
 * Semicolon-separated with a byte-order mark: what spreadsheet software set to French opens in columns.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
export function toCsv(items: readonly ItemView[], context: ExportContext): string {
  const words: ExportWords = EXPORT_WORDS[context.lang]
  const table = columns(context)
  return csvTable(
    table.map(([column]) => words.columns[column]),
    items.map((item) => table.map(([, get]) => get(item))),
  )
}

/** Any table in the same convention (registrations, the report, the written follow-up). Empty rows separate sections. */
export function csvTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.map(cell).join(';'), ...rows.map((row) => row.map(cell).join(';'))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** The JSON export's questions: the same records, with the stable codes, and instants in the event's zone. */
export function zonedItem(item: ItemView, timeZone: string): ItemView {
  return {
    ...item,
    createdAt: zoned(item.createdAt, timeZone)!,
    updatedAt: zoned(item.updatedAt, timeZone)!,
    postedAt: zoned(item.postedAt, timeZone),
    onAirAt: zoned(item.onAirAt, timeZone),
    answeredAt: zoned(item.answeredAt, timeZone),
  }
}

function cell(value: Cell): string {
  if (value === null) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
