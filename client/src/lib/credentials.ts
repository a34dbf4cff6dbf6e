// Who this browser is for an event: secret role links (#token=…) and the attendee session.
import type { JoinResult } from '../../../server/contract/schemas'

export type SecretRole = 'moderator' | 'speaker' | 'organiser'

/** The minimal Storage the helpers need, so tests can pass a Map-backed one. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function storageKey(slug: string, role: SecretRole | 'attendee'): string {
  return `tribune:${slug}:${role}`
}

/** The token in a `#token=<secret>` fragment (other fragment parameters are allowed), or null. */
export function tokenFromHash(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash
  const token = new URLSearchParams(fragment).get('token')?.trim()
  return token ? token : null
}

export interface LocationLike {
  hash: string
  pathname: string
  search: string
}

export interface HistoryLike {
  state: unknown
  replaceState(data: unknown, unused: string, url?: string | URL | null): void
}

/**
 * A role link's secret: taken from the fragment (then stored for the tab and erased from the address bar so it
 * does not linger in screenshots or the history), else the one stored earlier in this tab.
 */
export function takeRoleToken(
  slug: string,
  role: SecretRole,
  location: LocationLike,
  history: HistoryLike,
  store: KeyValueStore,
): string | null {
  const key = storageKey(slug, role)
  const fromHash = tokenFromHash(location.hash)
  if (fromHash) {
    safely(() => store.setItem(key, fromHash))
    history.replaceState(history.state, '', `${location.pathname}${location.search}`)
    return fromHash
  }
  return safely(() => store.getItem(key)) ?? null
}

/** A personal invitation link's secret (`#invite=…`), erased from the address bar once read. */
export function takeInvitation(location: LocationLike, history: HistoryLike): string | null {
  const fragment = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash
  const secret = new URLSearchParams(fragment).get('invite')?.trim()
  if (!secret) return null
  history.replaceState(history.state, '', `${location.pathname}${location.search}`)
  return secret
}

/** The operator's token, typed once on /organise and kept for the tab (it opens every organiser page). */
const OPERATOR_KEY = 'tribune:operator'

export function loadOperatorToken(store: KeyValueStore): string | null {
  return safely(() => store.getItem(OPERATOR_KEY)) ?? null
}

export function saveOperatorToken(token: string | null, store: KeyValueStore): void {
  safely(() => (token ? store.setItem(OPERATOR_KEY, token) : store.removeItem(OPERATOR_KEY)))
}

export function forgetRoleToken(slug: string, role: SecretRole, store: KeyValueStore): void {
  safely(() => store.removeItem(storageKey(slug, role)))
}

function isJoinResult(value: unknown): value is JoinResult {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.attendeeId === 'string' && typeof record.token === 'string' && record.token !== ''
}

export function loadAttendee(slug: string, store: KeyValueStore): JoinResult | null {
  const raw = safely(() => store.getItem(storageKey(slug, 'attendee')))
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return isJoinResult(parsed) ? { attendeeId: parsed.attendeeId, token: parsed.token } : null
  } catch {
    return null
  }
}

export function saveAttendee(slug: string, session: JoinResult, store: KeyValueStore): void {
  safely(() => store.setItem(storageKey(slug, 'attendee'), JSON.stringify(session)))
}

export function forgetAttendee(slug: string, store: KeyValueStore): void {
  safely(() => store.removeItem(storageKey(slug, 'attendee')))
}

/**
 * One tab at a time in this browser for `name` (Web Locks): two tabs opened together must not both mint an
 * identity. Without Web Locks (old browsers, insecure contexts) the task just runs.
 */
export function oneAtATime<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks
  return locks ? (locks.request(name, task) as Promise<T>) : task()
}

/** Storage can throw (private mode, quota, disabled cookies); the page then works without remembering. */
function safely<T>(action: () => T): T | undefined {
  try {
    return action()
  } catch {
    return undefined
  }
}
