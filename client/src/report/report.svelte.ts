// The report page's state: the token (organiser link or operator), the report, downloads.
import type { Report } from '../../../server/contract/report'
import { ApiError } from '../lib/api'
import { i18n } from '../lib/i18n.svelte'
import { organiserApi, saveDownload } from '../lib/organiser-api'
import { organiserToken, type PageAccess } from '../organise/organise.svelte'

export class ReportApp {
  access = $state<PageAccess>('loading')
  report = $state<Report | null>(null)
  error = $state<string | null>(null)
  readonly #token: string | null

  constructor(readonly slug: string) {
    this.#token = organiserToken(slug)
  }

  async load(): Promise<void> {
    if (!this.#token) {
      this.access = 'missing'
      return
    }
    try {
      this.report = await organiserApi.report(this.slug, { lang: i18n.current, token: this.#token })
      this.access = 'granted'
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'forbidden' || error.code === 'unauthorized')) this.access = 'denied'
      else {
        this.access = 'granted'
        this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      }
    }
  }

  async download(path: string, filename: string): Promise<void> {
    try {
      await saveDownload(path, filename, { lang: i18n.current, token: this.#token })
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
    }
  }
}
