// The « Source X » panel's state: the status (GET, then the server's pushes), the settings draft and the import form.
import type { XStatus } from '../../../../server/contract/x'
import { ApiError, type Authorised } from '../../lib/api'
import { i18n } from '../../lib/i18n.svelte'
import type { EventStream } from '../../lib/stream.svelte'
import { getXStatus, importXPost, resumeXPolling, updateXSettings } from '../../lib/x-api'
import {
  fieldOfServerError,
  formFromStatus,
  importInput,
  settingsPatch,
  type FieldProblem,
  type XImportForm,
  type XSettingsField,
  type XSettingsForm,
} from '../../lib/x-forms'

/** A field's problem: checked here (a dictionary key, re-worded when the language changes) or the server's words. */
export type Problem = FieldProblem | { text: string }

const OPEN_KEY = 'tribune:x-panel-open'
const EMPTY_IMPORT: XImportForm = { url: '', text: '', handle: '', link: '' }

function storedOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) === 'true'
  } catch {
    return false
  }
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : i18n.t('error.unexpected')
}

export class XPanelState {
  open = $state(storedOpen())
  status = $state.raw<XStatus | null>(null)
  loading = $state(false)
  loadError = $state<string | null>(null)

  /** Only the fields the moderator has typed in: the others follow the status as it changes. */
  draft = $state<Partial<XSettingsForm>>({})
  problems = $state<Partial<Record<XSettingsField, Problem>>>({})
  settingsError = $state<string | null>(null)
  settingsNotice = $state<string | null>(null)
  saving = $state(false)

  resuming = $state(false)
  resumeError = $state<string | null>(null)
  resumeNotice = $state<string | null>(null)

  importForm = $state<XImportForm>({ ...EMPTY_IMPORT })
  importProblem = $state<{ field: keyof XImportForm; problem: Problem } | null>(null)
  importError = $state<string | null>(null)
  importNotice = $state<string | null>(null)
  importing = $state(false)

  /** Pushes received: a GET that started before the latest push answers with an older status, and is dropped. */
  #pushes = 0

  readonly #slug: string
  readonly #stream: EventStream
  readonly #auth: () => Authorised

  constructor(slug: string, stream: EventStream, auth: () => Authorised) {
    this.#slug = slug
    this.#stream = stream
    this.#auth = auth
  }

  /** Listens to the server's pushes; returns the unsubscribe. */
  listen(): () => void {
    return this.#stream.onXStatus((status) => {
      this.#pushes += 1
      this.status = status
      this.loadError = null
    })
  }

  toggle(): void {
    this.open = !this.open
    try {
      localStorage.setItem(OPEN_KEY, String(this.open))
    } catch {
      // storage disabled: the choice lasts for this page
    }
  }

  /** At start and after every reconnection (pushes missed while offline are not replayed). */
  async load(): Promise<void> {
    const pushes = this.#pushes
    this.loading = true
    try {
      const status = await getXStatus(this.#slug, this.#auth())
      if (pushes === this.#pushes) this.status = status
      this.loadError = null
    } catch (error) {
      this.loadError = messageOf(error)
    } finally {
      this.loading = false
    }
  }

  get form(): XSettingsForm | null {
    return this.status ? { ...formFromStatus(this.status, i18n.current), ...this.draft } : null
  }

  edit<K extends XSettingsField>(field: K, value: XSettingsForm[K]): void {
    this.draft[field] = value
    delete this.problems[field]
    this.settingsNotice = null
  }

  /** Sends what changed; the server's answer is the new status. Returns whether it was saved. */
  async save(): Promise<boolean> {
    const status = this.status
    const form = this.form
    if (!status || !form || this.saving) return false
    const { patch, problems } = settingsPatch(form, status)
    this.problems = problems
    this.settingsNotice = null
    if (Object.keys(problems).length > 0) {
      this.settingsError = i18n.t('x.invalid.summary')
      return false
    }
    if (Object.keys(patch).length === 0) {
      this.settingsError = null
      this.draft = {}
      this.settingsNotice = i18n.t('x.settings.unchanged')
      return true
    }
    this.saving = true
    try {
      this.status = await updateXSettings(this.#slug, patch, this.#auth())
      this.draft = {}
      this.settingsError = null
      this.settingsNotice = i18n.t('x.settings.saved')
      return true
    } catch (error) {
      this.settingsError = messageOf(error)
      const field = error instanceof ApiError ? fieldOfServerError(error.params.field) : null
      if (field) this.problems = { [field]: { text: this.settingsError } }
      return false
    } finally {
      this.saving = false
    }
  }

  /** After X's monthly cap: poll again now. The answer is the new status; X's refusal, if it comes, arrives as a push. */
  async resume(): Promise<void> {
    if (this.resuming) return
    this.resuming = true
    this.resumeNotice = null
    try {
      this.status = await resumeXPolling(this.#slug, this.#auth())
      this.resumeError = null
      this.resumeNotice = i18n.t('x.resume.done')
    } catch (error) {
      this.resumeError = messageOf(error)
    } finally {
      this.resuming = false
    }
  }

  editImport(field: keyof XImportForm, value: string): void {
    this.importForm[field] = value
    if (this.importProblem?.field === field) this.importProblem = null
    this.importNotice = null
  }

  /** The item then reaches the pending lane through the realtime stream, as any new question does. */
  async importPost(): Promise<boolean> {
    if (this.importing) return false
    const checked = importInput(this.importForm)
    this.importNotice = null
    if ('problem' in checked) {
      this.importProblem = { field: checked.field, problem: checked.problem }
      this.importError = null
      return false
    }
    this.importProblem = null
    this.importing = true
    try {
      const { created } = await importXPost(this.#slug, checked.input, this.#auth())
      this.importForm = { ...EMPTY_IMPORT }
      this.importError = null
      this.importNotice = i18n.t(created ? 'x.import.done' : 'x.import.already')
      return true
    } catch (error) {
      this.importError = messageOf(error)
      return false
    } finally {
      this.importing = false
    }
  }
}
