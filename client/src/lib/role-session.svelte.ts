// A page opened from a secret role link (régie, speaker): its token, its stream, and whether access was granted.
import type { Role } from '../../../server/contract/schemas'
import { forgetRoleToken, takeRoleToken, type KeyValueStore, type SecretRole } from './credentials'
import { i18n } from './i18n.svelte'
import { EventStream } from './stream.svelte'

export type Access = 'missing' | 'denied' | 'granted'

function sessionStore(): KeyValueStore | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

const noStore: KeyValueStore = { getItem: () => null, setItem: () => {}, removeItem: () => {} }

export class RoleSession {
  readonly stream: EventStream
  readonly hasToken: boolean
  /** The role's secret, for the few HTTP calls a page makes besides its socket (exports, settings…). */
  readonly token: string | null
  readonly #accepted: readonly Role[]

  /** `accepted`: the roles this page may be used with (the speaker screen also opens for moderators). */
  constructor(
    readonly slug: string,
    readonly role: SecretRole,
    accepted: readonly Role[],
    options: { name?: string | null } = {},
  ) {
    this.#accepted = accepted
    const store = sessionStore() ?? noStore
    const token = takeRoleToken(slug, role, window.location, window.history, store)
    this.hasToken = token !== null
    this.token = token
    this.stream = new EventStream({
      slug,
      token,
      name: options.name ?? null,
      lang: i18n.current,
      onRefused: (error) => {
        // A rejected secret is dropped, so reopening the full link is the way back in.
        if (error.code === 'unauthorized' || error.code === 'forbidden') forgetRoleToken(slug, role, store)
      },
    })
  }

  get access(): Access {
    if (!this.hasToken) return 'missing'
    const { status, error, role } = this.stream
    if (status === 'refused' && (error?.code === 'unauthorized' || error?.code === 'forbidden')) return 'denied'
    if (role !== null && !this.#accepted.includes(role)) return 'denied'
    return 'granted'
  }

  /** Any other refusal (unknown event, server error): the server's message. */
  get fatal(): string | null {
    if (this.access !== 'granted' || this.stream.status !== 'refused') return null
    return this.stream.error?.message ?? i18n.t('error.unexpected')
  }

  start(): void {
    if (this.hasToken) this.stream.start()
  }
}
