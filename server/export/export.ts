// Export of every question with its full moderator view (pure formatting).
import type { ItemView } from '../contract/schemas'

export type Cell = string | number | boolean | null

const COLUMNS: [string, (item: ItemView) => Cell][] = [
  ['id', (i) => i.id],
  ['created_at', (i) => i.createdAt],
  ['source', (i) => i.source],
  ['status', (i) => i.status],
  ['dismiss_reason', (i) => i.dismissReason],
  ['votes', (i) => i.votes],
  ['asked_by', (i) => 1 + i.coAskers.length],
  ['anonymous', (i) => i.author.anonymous],
  ['name', (i) => i.author.name],
  ['organisation', (i) => i.author.organisation],
  ['x_handle', (i) => i.author.xHandle],
  ['url', (i) => i.url],
  ['text', (i) => i.text],
  ['original_text', (i) => i.originalText],
  ['reply', (i) => i.reply],
  ['tags', (i) => i.tags.join(', ')],
  ['segment_id', (i) => i.segmentId],
  ['flags', (i) => i.flags.join(', ')],
  ['held', (i) => i.held],
  ['merged_into', (i) => i.mergedInto],
  ['on_air_at', (i) => i.onAirAt],
  ['answered_at', (i) => i.answeredAt],
]

/**
 * Semicolon-separated with a byte-order mark: what spreadsheet software set to French opens in columns.
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
export function toCsv(items: readonly ItemView[]): string {
  return csvTable(
    COLUMNS.map(([name]) => name),
    items.map((item) => COLUMNS.map(([, get]) => get(item))),
  )
}

/** Any table in the same convention (registrations, the report, the written follow-up). Empty rows separate sections. */
export function csvTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.map(cell).join(';'), ...rows.map((row) => row.map(cell).join(';'))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

function cell(value: Cell): string {
  if (value === null) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
