// The régie's state: the moderator session, per-card forms, selection, filters and the outcome of each action.
import { SvelteSet } from 'svelte/reactivity'
import type {
  DismissReason,
  EditInput,
  EventSettings,
  ItemView,
  ModerationAction,
  SocketModerateInput,
} from '../../../server/contract/schemas'
import { ApiError, downloadBlob, exportPath, moderationLog, setAskerBlocked, updateSettings, type ExportFormat } from '../lib/api'
import { NO_FILTER, type QueueFilter } from '../lib/filters'
import { i18n } from '../lib/i18n.svelte'
import { parseLog, type LogEntry } from '../lib/moderation-log'
import { actionLabelKey, isSelectable, type View } from '../lib/moderation'
import { itemsByStatus } from '../lib/queue'
import { reorder, type Placement } from '../lib/reorder'
import { RoleSession } from '../lib/role-session.svelte'
import type { ClientError } from '../lib/stream.svelte'

/** The inline form open on a card; merging opens a dialog instead. */
export type PanelKind = 'dismiss' | 'answer' | 'edit' | 'tags' | 'segment'
export interface Panel {
  id: string
  kind: PanelKind
}

export interface BulkFailure {
  id: string
  text: string
  message: string
}

const NAME_KEY = 'tribune:moderator-name'

function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? ''
  } catch {
    return ''
  }
}

export class Regie {
  readonly session: RoleSession
  /** The last action's failure (version conflict, illegal transition…), as the server worded it. */
  error = $state<string | null>(null)
  /** A polite confirmation of the last action. */
  notice = $state<string | null>(null)
  /** Cards with an action in flight, so a double press sends one request. */
  busy = $state<Record<string, boolean>>({})
  /** A failure shown on the card itself (another moderator changed it first…); the live item is shown as it is now. */
  cardErrors = $state<Record<string, string>>({})
  panel = $state<Panel | null>(null)
  /** The question whose merge target is being chosen. */
  mergeSourceId = $state<string | null>(null)
  readonly selection = new SvelteSet<string>()
  filter = $state<QueueFilter>({ ...NO_FILTER })
  view = $state<View>('lanes')
  bulkFailures = $state<BulkFailure[]>([])
  bulkBusy = $state(false)
  /** The reason form of a bulk dismissal is open. */
  bulkDismissOpen = $state(false)
  /** Askers blocked or unblocked from this page (the server does not list them). */
  blocked = $state<Record<string, boolean>>({})
  name = $state(storedName())
  /** Settings saved from this page, until the page is reloaded (settings changes are not broadcast). */
  savedSettings = $state<EventSettings | null>(null)
  log = $state<LogEntry[] | null>(null)
  logLoading = $state(false)
  logError = $state<string | null>(null)
  exporting = $state<ExportFormat | null>(null)

  constructor(slug: string) {
    this.session = new RoleSession(slug, 'moderator', ['moderator'], { name: storedName() })
  }

  get stream() {
    return this.session.stream
  }

  get settings(): EventSettings | null {
    return this.savedSettings ?? this.stream.event?.settings ?? null
  }

  item(id: string): ItemView | undefined {
    return this.stream.items.get(id)
  }

  openPanel(id: string, kind: PanelKind): void {
    this.panel = { id, kind }
  }

  closePanel(): void {
    this.panel = null
  }

  /** A moderation move. `dismiss` needs a reason (« Autre » is one); `mark_answered` may carry a public reply. */
  async act(
    item: ItemView,
    action: ModerationAction,
    extra: { reason?: DismissReason; reply?: string; into?: string } = {},
  ): Promise<boolean> {
    if (this.busy[item.id]) return false
    this.busy[item.id] = true
    const input: SocketModerateInput = { id: item.id, action, version: item.version }
    if (extra.reason) input.reason = extra.reason
    if (extra.reply?.trim()) input.reply = extra.reply
    if (extra.into) input.into = extra.into
    const ack = await this.stream.moderate(input)
    delete this.busy[item.id]
    if (!ack.ok) return this.#failed(item.id, ack.error)
    this.#succeeded(item.id, i18n.t('moderate.done', { action: i18n.t(actionLabelKey(action)) }))
    if (action === 'merge') this.selection.delete(item.id)
    if (!isSelectable(ack.value.status)) this.selection.delete(item.id)
    return true
  }

  /** Text, tags, segment, rank or reply: what changed is sent with the version it was changed from. */
  async edit(item: ItemView, fields: Omit<EditInput, 'version'>, done = i18n.t('moderate.saved')): Promise<boolean> {
    if (this.busy[item.id]) return false
    this.busy[item.id] = true
    const ack = await this.stream.edit({ id: item.id, version: item.version, ...fields })
    delete this.busy[item.id]
    if (!ack.ok) return this.#failed(item.id, ack.error)
    this.#succeeded(item.id, done)
    return true
  }

  /** Moves a question in the answer queue: one rank edit, plus ranks for unplaced questions above it. */
  async move(id: string, placement: Placement): Promise<boolean> {
    const queue = itemsByStatus(this.stream.items, 'approved')
    const edits = reorder(queue, id, placement)
    if (edits.length === 0) return false
    const results = await Promise.all(
      edits.map(async ({ id: editId, rank }) => {
        const current = this.item(editId)
        if (!current) return false
        const ack = await this.stream.edit({ id: editId, version: current.version, rank })
        if (!ack.ok) this.#failed(editId, ack.error)
        return ack.ok
      }),
    )
    if (!results.every(Boolean)) return false
    const position = itemsByStatus(this.stream.items, 'approved').findIndex((candidate) => candidate.id === id) + 1
    this.#succeeded(id, i18n.t('moderate.moved', { position }))
    return true
  }

  /** Bulk approve or dismiss the selection; each question succeeds or fails on its own. */
  async bulk(action: 'approve' | 'dismiss', reason?: DismissReason): Promise<boolean> {
    const items = [...this.selection].flatMap((id) => {
      const item = this.item(id)
      return item ? [{ id, version: item.version }] : []
    })
    if (items.length === 0 || this.bulkBusy) {
      if (items.length === 0) this.#globalError(i18n.t('moderate.bulk.empty'))
      return false
    }
    this.bulkBusy = true
    const ack = await this.stream.bulk(reason ? { action, reason, items } : { action, items })
    this.bulkBusy = false
    if (!ack.ok) return this.#failed(null, ack.error)
    for (const item of ack.value.done) this.selection.delete(item.id)
    this.bulkFailures = ack.value.failed.map((failure) => ({
      id: failure.id,
      text: this.item(failure.id)?.text ?? failure.id,
      message: bulkFailureMessage(failure.code, failure.message),
    }))
    const done = i18n.tn('moderate.bulk.done', ack.value.done.length, { action: i18n.t(actionLabelKey(action)) })
    if (ack.value.failed.length > 0) {
      this.notice = null
      this.error = `${done} ${i18n.tn('moderate.bulk.failed', ack.value.failed.length)}`
    } else {
      this.error = null
      this.notice = done
    }
    return ack.value.failed.length === 0
  }

  toggleSelected(item: ItemView): void {
    if (this.selection.has(item.id)) this.selection.delete(item.id)
    else if (isSelectable(item.status)) this.selection.add(item.id)
  }

  clearSelection(): void {
    this.selection.clear()
    this.bulkFailures = []
  }

  isBlocked(item: ItemView): boolean {
    if (!item.askerId) return false
    return this.blocked[item.askerId] ?? item.flags.includes('blocked_asker')
  }

  /** Blocks (or unblocks) the attendee who asked: their new questions are held for a moderator. */
  async setBlocked(item: ItemView, blocked: boolean): Promise<boolean> {
    if (!item.askerId) return false
    try {
      await setAskerBlocked(this.session.slug, item.askerId, blocked, this.#auth)
    } catch (error) {
      return this.#failed(item.id, toClientError(error))
    }
    this.blocked[item.askerId] = blocked
    this.#succeeded(item.id, i18n.t(blocked ? 'moderate.blocked' : 'moderate.unblocked'))
    return true
  }

  setName(name: string): void {
    const clean = name.trim().slice(0, 60)
    this.name = clean
    try {
      if (clean) localStorage.setItem(NAME_KEY, clean)
      else localStorage.removeItem(NAME_KEY)
    } catch {
      // storage disabled: the name lasts for this page
    }
    this.stream.setName(clean || null)
  }

  /** null: back to the built-in list. */
  async saveFlagWords(words: string[] | null): Promise<boolean> {
    try {
      const answer = await updateSettings(this.session.slug, { flagWords: words }, this.#auth)
      const current = this.settings
      this.savedSettings = settingsFrom(answer) ?? (current ? { ...current, flagWords: words } : null)
    } catch (error) {
      return this.#failed(null, toClientError(error))
    }
    this.error = null
    this.notice = i18n.t('moderate.flags.saved')
    return true
  }

  async loadLog(): Promise<void> {
    this.logLoading = true
    this.logError = null
    try {
      this.log = parseLog(await moderationLog(this.session.slug, this.#auth))
    } catch (error) {
      this.logError = toClientError(error).message
    } finally {
      this.logLoading = false
    }
  }

  /** Fetches the export with the moderator's token and hands it to the browser as a download. */
  async download(format: ExportFormat): Promise<void> {
    if (this.exporting) return
    this.exporting = format
    try {
      const blob = await downloadBlob(exportPath(this.session.slug, format), this.#auth)
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = `${this.session.slug}-questions.${format}`
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      this.error = null
      this.notice = i18n.t('moderate.export.done', { format: format.toUpperCase() })
    } catch (error) {
      this.#failed(null, toClientError(error))
    } finally {
      this.exporting = null
    }
  }

  get #auth() {
    return { lang: i18n.current, token: this.session.token }
  }

  #succeeded(id: string, message: string): void {
    delete this.cardErrors[id]
    this.error = null
    this.notice = message
  }

  #globalError(message: string): void {
    this.notice = null
    this.error = message
  }

  /** The message goes on the card too: with a version conflict, the card already shows the other moderator's change. */
  #failed(id: string | null, error: ClientError): false {
    this.#globalError(error.message)
    if (id) this.cardErrors[id] = error.message
    return false
  }
}

function toClientError(error: unknown): ClientError {
  if (error instanceof ApiError) return { code: error.code, message: error.message }
  return { code: 'internal', message: i18n.t('error.unexpected') }
}

/** The bulk answer words its failures in French whatever the language: the common ones are reworded here. */
function bulkFailureMessage(code: string, message: string): string {
  switch (code) {
    case 'version_conflict':
      return i18n.t('moderate.bulk.conflict')
    case 'illegal_transition':
      return i18n.t('moderate.bulk.illegal')
    case 'question_not_found':
      return i18n.t('moderate.bulk.notFound')
    default:
      return message
  }
}

function settingsFrom(answer: unknown): EventSettings | null {
  if (typeof answer !== 'object' || answer === null) return null
  const record = answer as Record<string, unknown>
  const candidate = (typeof record.settings === 'object' && record.settings !== null ? record.settings : record) as Record<string, unknown>
  return 'flagWords' in candidate && 'moderation' in candidate ? (candidate as unknown as EventSettings) : null
}
