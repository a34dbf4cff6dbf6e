// The operator's page (/organise): the ADMIN_TOKEN typed once for the tab, the events, and creating one.
import type { EventSummary } from '../../../server/contract/organiser'
import type { CreateEventInput, CreateEventResult } from '../../../server/contract/schemas'
import { ApiError } from '../lib/api'
import { loadOperatorToken, saveOperatorToken } from '../lib/credentials'
import { i18n } from '../lib/i18n.svelte'
import { organiserApi } from '../lib/organiser-api'
import { sessionStore } from '../organise/organise.svelte'

export class AdminApp {
  token = $state<string | null>(loadOperatorToken(sessionStore()))
  events = $state<EventSummary[] | null>(null)
  created = $state<CreateEventResult | null>(null)
  error = $state<string | null>(null)
  notice = $state<string | null>(null)

  get auth() {
    return { lang: i18n.current, token: this.token }
  }

  async signIn(token: string): Promise<void> {
    this.token = token.trim()
    await this.load()
    if (this.events) saveOperatorToken(this.token, sessionStore())
  }

  signOut(): void {
    this.token = null
    this.events = null
    saveOperatorToken(null, sessionStore())
  }

  async load(): Promise<void> {
    if (!this.token) return
    try {
      this.events = await organiserApi.listEvents(this.auth)
      this.error = null
    } catch (error) {
      this.events = null
      this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
    }
  }

  async create(input: CreateEventInput): Promise<boolean> {
    try {
      this.created = await organiserApi.createEvent(input, this.auth)
      this.error = null
      this.notice = i18n.t('admin.created', { slug: this.created.slug })
      await this.load()
      return true
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      return false
    }
  }
}
