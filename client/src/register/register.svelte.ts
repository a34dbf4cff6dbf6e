// The registration page's state: what the server says about the form, the fields, sending and the outcome.
import type { OrganisationType, RegistrationPage, RegistrationStatus } from '../../../server/contract/registration'
import { ApiError } from '../lib/api'
import { i18n } from '../lib/i18n.svelte'
import { registerFor, registrationPage } from '../lib/organiser-api'

export class RegisterApp {
  page = $state<RegistrationPage | null>(null)
  loadError = $state<string | null>(null)
  name = $state('')
  email = $state('')
  organisation = $state('')
  organisationType = $state<OrganisationType | ''>('')
  jobTitle = $state('')
  consent = $state(false)
  contactConsent = $state(false)
  sending = $state(false)
  error = $state<string | null>(null)
  /** The field the server's error names, to move the focus there. */
  errorField = $state<string | null>(null)
  result = $state<RegistrationStatus | null>(null)

  constructor(readonly slug: string) {}

  async load(): Promise<void> {
    try {
      this.page = await registrationPage(this.slug, i18n.current)
      this.loadError = null
    } catch (error) {
      this.loadError = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
    }
  }

  async submit(): Promise<void> {
    if (this.sending) return
    this.error = null
    this.errorField = null
    if (!this.consent) {
      this.error = i18n.t('register.consentRequired')
      this.errorField = 'consent'
      return
    }
    if (this.organisationType === '') {
      this.error = i18n.t('register.typeRequired')
      this.errorField = 'organisationType'
      return
    }
    this.sending = true
    try {
      const { status } = await registerFor(
        this.slug,
        {
          name: this.name,
          email: this.email.trim(),
          organisation: this.organisation,
          organisationType: this.organisationType,
          ...(this.jobTitle.trim() ? { jobTitle: this.jobTitle } : {}),
          lang: i18n.current,
          consent: true,
          contactConsent: this.contactConsent,
        },
        i18n.current,
      )
      this.result = status
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      this.errorField = error instanceof ApiError && typeof error.params.field === 'string' ? error.params.field : null
      // The deadline may have passed while the form was open: show the page as it is now.
      if (error instanceof ApiError && (error.code === 'registration_closed' || error.code === 'registration_not_open')) await this.load()
    } finally {
      this.sending = false
    }
  }
}
