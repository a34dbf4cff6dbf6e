// The X source's forms in the régie (pure): settings checked as the server would, only what changed sent; manual import.
import type { XImportInput, XSettingsInput, XStatus } from '../../../server/contract/x'
import { handleOf, uniqueHandles } from '../../../server/x/x.handles'
import type { Lang, MessageKey, Params } from './i18n'

export interface XSettingsForm {
  query: string
  interval: string
  enabled: boolean
  budget: string
  cap: string
  trusted: string
  blockedHandles: string
  blockedKeywords: string
}

export type XSettingsField = keyof XSettingsForm

/** A problem with one field, as a dictionary key and its parameters. */
export interface FieldProblem {
  key: MessageKey
  params?: Params
}

const HANDLE = /^@?[A-Za-z0-9_]{1,15}$/
const MAX_LINES = 500

/** The form as saved; the budget is written with the language's decimal separator (« 12,5 »). */
export function formFromStatus(status: XStatus, lang: Lang): XSettingsForm {
  const budget = status.meter.budgetUsd
  return {
    query: status.query,
    interval: String(status.intervalSeconds),
    enabled: status.enabled,
    budget: budget === null ? '' : lang === 'fr' ? String(budget).replace('.', ',') : String(budget),
    cap: String(status.capPerMinute),
    trusted: status.trustedHandles.map((h) => `@${h}`).join('\n'),
    blockedHandles: status.blockedHandles.map((h) => `@${h}`).join('\n'),
    blockedKeywords: status.blockedKeywords.join('\n'),
  }
}

/** One entry a line, trimmed, blank lines and repeats dropped. Handles may also be separated by commas or spaces. */
export function parseLines(text: string, kind: 'handles' | 'keywords'): string[] {
  const parts = kind === 'handles' ? text.split(/[\s,;]+/) : text.split(/\r?\n/)
  return [...new Set(parts.map((part) => part.trim()).filter(Boolean))]
}

/** A number as typed, with a French decimal comma accepted; null when it is not one. */
export function parseNumber(text: string): number | null {
  const clean = text.trim().replace(/\s/g, '').replace(',', '.')
  if (!/^\d+(\.\d+)?$/.test(clean)) return null
  return Number(clean)
}

function parseInteger(text: string, min: number, max: number): number | null {
  const value = parseNumber(text)
  return value !== null && Number.isInteger(value) && value >= min && value <= max ? value : null
}

const sameList = (a: readonly string[], b: readonly string[], key: (s: string) => string) =>
  a.length === b.length && a.every((value, index) => key(value) === key(b[index] ?? ''))

function handleList(text: string): { list: string[] } | { problem: FieldProblem } {
  const list = parseLines(text, 'handles')
  const invalid = list.filter((h) => !HANDLE.test(h))
  if (invalid.length > 0) return { problem: { key: 'x.invalid.handles', params: { handles: invalid.slice(0, 5).join(', ') } } }
  // One entry per account, spelled as typed: the server compares handles ignoring case, and shows them as saved.
  const unique = uniqueHandles(list)
  if (unique.length > MAX_LINES) return { problem: { key: 'x.invalid.tooMany' } }
  return { list: unique }
}

/**
 * What the form changes, checked as the server would: only the fields that differ from the status are sent,
 * so two moderators editing different settings do not undo each other.
 */
export function settingsPatch(
  form: XSettingsForm,
  status: XStatus,
): { patch: XSettingsInput; problems: Partial<Record<XSettingsField, FieldProblem>> } {
  const patch: XSettingsInput = {}
  const problems: Partial<Record<XSettingsField, FieldProblem>> = {}

  const query = form.query.trim().replace(/\s+/g, ' ')
  if (query === '' || query.length > 512) problems.query = { key: 'x.invalid.query' }
  else if (query !== status.query) patch.query = query

  const interval = parseInteger(form.interval, 5, 3600)
  if (interval === null) problems.interval = { key: 'x.invalid.interval' }
  else if (interval !== status.intervalSeconds) patch.intervalSeconds = interval

  if (form.enabled !== status.enabled) patch.enabled = form.enabled

  if (form.budget.trim() === '') {
    if (status.meter.budgetUsd !== null) patch.monthlyBudgetUsd = null
  } else {
    const budget = parseNumber(form.budget)
    if (budget === null || budget > 1_000_000) problems.budget = { key: 'x.invalid.budget' }
    else if (budget !== status.meter.budgetUsd) patch.monthlyBudgetUsd = budget
  }

  const cap = parseInteger(form.cap, 0, 1000)
  if (cap === null) problems.cap = { key: 'x.invalid.cap' }
  else if (cap !== status.capPerMinute) patch.capPerMinute = cap

  const lists = [
    ['trusted', 'trustedHandles'],
    ['blockedHandles', 'blockedHandles'],
  ] as const
  for (const [field, name] of lists) {
    const parsed = handleList(form[field])
    if ('problem' in parsed) problems[field] = parsed.problem
    // Exact comparison: a new spelling of the same account (@agnesmarchal_ → @AgnesMarchal_) is a change to save.
    else if (!sameList(parsed.list, status[name], (h) => h)) patch[name] = parsed.list
  }

  const keywords = parseLines(form.blockedKeywords, 'keywords')
  if (keywords.some((k) => k.length > 100)) problems.blockedKeywords = { key: 'x.invalid.keywords' }
  else if (keywords.length > MAX_LINES) problems.blockedKeywords = { key: 'x.invalid.tooMany' }
  else if (!sameList(keywords, status.blockedKeywords, (k) => k.toLowerCase())) patch.blockedKeywords = keywords

  return { patch, problems }
}

/** The form field a server validation error names (`field` is the JSON path: `blockedHandles/2`). */
export function fieldOfServerError(field: string | number | undefined): XSettingsField | null {
  const head = String(field ?? '')
    .replace(/^\//, '')
    .split('/')[0]
  switch (head) {
    case 'query':
      return 'query'
    case 'intervalSeconds':
      return 'interval'
    case 'enabled':
      return 'enabled'
    case 'monthlyBudgetUsd':
      return 'budget'
    case 'capPerMinute':
      return 'cap'
    case 'trustedHandles':
      return 'trusted'
    case 'blockedHandles':
      return 'blockedHandles'
    case 'blockedKeywords':
      return 'blockedKeywords'
    default:
      return null
  }
}

// ---- Manual import ----

export interface XImportForm {
  url: string
  text: string
  handle: string
  link: string
}

function isWebAddress(raw: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(raw).protocol)
  } catch {
    return false
  }
}

/**
 * A typed text wins (with its handle and optional link); otherwise the pasted link is fetched through the API.
 * The server says whether a link is an X post: the client only checks it is a web address.
 */
export function importInput(form: XImportForm): { input: XImportInput } | { problem: FieldProblem; field: keyof XImportForm } {
  const text = form.text.trim()
  const url = form.url.trim()
  if (text !== '') {
    const handle = form.handle.trim()
    if (handle !== '' && !HANDLE.test(handle))
      return { field: 'handle', problem: { key: 'x.invalid.handles', params: { handles: handle } } }
    const link = form.link.trim() || url
    if (link !== '' && !isWebAddress(link)) return { field: form.link.trim() ? 'link' : 'url', problem: { key: 'x.import.badUrl' } }
    const input: XImportInput = { text }
    if (handle !== '') input.handle = handleOf(handle)
    if (link !== '') input.url = link
    return { input }
  }
  if (url === '') return { field: 'url', problem: { key: 'x.import.missing' } }
  if (!isWebAddress(url)) return { field: 'url', problem: { key: 'x.import.badUrl' } }
  return { input: { url } }
}
