// The organiser page's state: the organiser's (or operator's) token, the event, registrations, e-mails and links.
import type { UpdateEventInput } from '../../../server/contract/organiser'
import type {
  Decision,
  MailProgress,
  OrganiserOverview,
  RegistrationSettingsInput,
  RegistrationView,
} from '../../../server/contract/registration'
import type { EventLinks } from '../../../server/contract/schemas'
import { ApiError, type Authorised } from '../lib/api'
import { loadOperatorToken, takeRoleToken, type KeyValueStore } from '../lib/credentials'
import { i18n } from '../lib/i18n.svelte'
import { organiserApi, saveDownload } from '../lib/organiser-api'

export type PageAccess = 'loading' | 'missing' | 'denied' | 'granted'

export function sessionStore(): KeyValueStore {
  try {
    return window.sessionStorage
  } catch {
    return { getItem: () => null, setItem: () => {}, removeItem: () => {} }
  }
}

/** The organiser link's secret (`#token=`, kept for the tab), else the operator's token typed on /organise. */
export function organiserToken(slug: string): string | null {
  const store = sessionStore()
  return takeRoleToken(slug, 'organiser', window.location, window.history, store) ?? loadOperatorToken(store)
}

export interface RegistrationFilterState {
  status: '' | RegistrationView['status']
  type: '' | RegistrationView['organisationType']
  q: string
}

export class OrganiserApp {
  access = $state<PageAccess>('loading')
  overview = $state<OrganiserOverview | null>(null)
  registrations = $state<RegistrationView[]>([])
  mail = $state<MailProgress | null>(null)
  /** New links, shown once after a rotation. */
  links = $state<EventLinks | null>(null)
  filter = $state<RegistrationFilterState>({ status: '', type: '', q: '' })
  error = $state<string | null>(null)
  notice = $state<string | null>(null)
  busy = $state(false)
  #token: string | null
  #poll: ReturnType<typeof setTimeout> | undefined

  constructor(readonly slug: string) {
    this.#token = organiserToken(slug)
  }

  get auth(): Authorised {
    return { lang: i18n.current, token: this.#token }
  }

  get visible(): RegistrationView[] {
    const q = this.filter.q.trim().toLocaleLowerCase()
    return this.registrations.filter(
      (r) =>
        (this.filter.status === '' || r.status === this.filter.status) &&
        (this.filter.type === '' || r.organisationType === this.filter.type) &&
        (q === '' || [r.name, r.email, r.organisation].some((v) => v?.toLocaleLowerCase().includes(q))),
    )
  }

  async load(): Promise<void> {
    if (!this.#token) {
      this.access = 'missing'
      return
    }
    try {
      this.overview = await organiserApi.overview(this.slug, this.auth)
      this.access = 'granted'
      await this.refresh()
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'forbidden' || error.code === 'unauthorized')) this.access = 'denied'
      else this.#fail(error)
    }
  }

  /** Registrations and e-mails again; while e-mails wait, again every two seconds. */
  async refresh(): Promise<void> {
    clearTimeout(this.#poll)
    const [overview, registrations, mail] = await Promise.all([
      organiserApi.overview(this.slug, this.auth),
      organiserApi.registrations(this.slug, this.auth),
      organiserApi.mail(this.slug, this.auth),
    ])
    this.overview = overview
    this.registrations = registrations
    this.mail = mail
    if (mail.all.waiting > 0) this.#poll = setTimeout(() => void this.refresh().catch((e: unknown) => this.#fail(e)), 2000)
  }

  saveEvent(input: UpdateEventInput): Promise<boolean> {
    return this.#act(async () => {
      await organiserApi.updateEvent(this.slug, input, this.auth)
      return i18n.t('organise.event.saved')
    })
  }

  saveSettings(input: RegistrationSettingsInput): Promise<boolean> {
    return this.#act(async () => {
      await organiserApi.updateSettings(this.slug, input, this.auth)
      return i18n.t('organise.settings.saved')
    })
  }

  decide(registration: RegistrationView, decision: Decision): Promise<boolean> {
    return this.#act(async () => {
      await organiserApi.decide(this.slug, registration.id, decision, this.auth)
      return i18n.t(`organise.decided.${decision}`, { name: registration.name ?? '' })
    })
  }

  approveByPriority(): Promise<boolean> {
    return this.#act(async () => {
      const result = await organiserApi.approveByPriority(this.slug, this.auth)
      return i18n.t('organise.priority.done', result)
    })
  }

  erase(registration: RegistrationView): Promise<boolean> {
    return this.#act(async () => {
      await organiserApi.erase(this.slug, registration.id, this.auth)
      return i18n.t('organise.erased')
    })
  }

  revoke(registration: RegistrationView): Promise<boolean> {
    return this.#act(async () => {
      await organiserApi.revokeLink(this.slug, registration.id, this.auth)
      return i18n.t('organise.revoked', { name: registration.name ?? '' })
    })
  }

  sendInvitations(ids: string[] | null): Promise<boolean> {
    return this.#act(async () => {
      const { queued } = await organiserApi.sendInvitations(this.slug, ids, this.auth)
      return i18n.tn('organise.invitations.queued', queued)
    })
  }

  rotateLinks(): Promise<boolean> {
    return this.#act(async () => {
      this.links = await organiserApi.rotateLinks(this.slug, this.auth)
      // The new organiser link replaces the one this tab holds (unless it came in as the operator).
      const fresh = this.links.organiser.split('#token=')[1] ?? ''
      if (this.#token !== null && !this.overview?.operator) {
        this.#token = fresh
        sessionStore().setItem(`tribune:${this.slug}:organiser`, fresh)
      }
      return i18n.t('organise.links.rotated')
    })
  }

  download(path: string, filename: string): Promise<boolean> {
    return this.#act(async () => {
      await saveDownload(path, filename, this.auth)
      return i18n.t('organise.downloaded', { file: filename })
    }, false)
  }

  async #act(action: () => Promise<string>, refresh = true): Promise<boolean> {
    if (this.busy) return false
    this.busy = true
    this.error = null
    try {
      const message = await action()
      if (refresh) await this.refresh()
      this.notice = message
      return true
    } catch (error) {
      this.#fail(error)
      return false
    } finally {
      this.busy = false
    }
  }

  #fail(error: unknown): void {
    this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
  }
}
