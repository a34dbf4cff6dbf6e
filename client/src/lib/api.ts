// HTTP helpers: JSON in and out, the user's language, the role's bearer token, errors as ApiError.
import type { ErrorBody, ErrorCode } from '../../../server/contract/errors'
import type { JoinResult, SettingsInput } from '../../../server/contract/schemas'
import { translate, type Lang } from './i18n'

/** The server's error codes, plus `network` when no answer came back at all. */
export type ClientErrorCode = ErrorCode | 'network'

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toBody(): { code: ClientErrorCode; message: string } {
    return { code: this.code, message: this.message }
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const body = value as Record<string, unknown>
  return typeof body.code === 'string' && typeof body.message === 'string'
}

export interface RequestOptions {
  lang: Lang
  token?: string | null
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  fetch?: typeof fetch
}

export async function apiRequest<T>(path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': options.lang }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const doFetch = options.fetch ?? fetch

  let response: Response
  try {
    response = await doFetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError('network', translate(options.lang, 'error.network'))
  }

  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    if (isErrorBody(payload)) {
      throw new ApiError(payload.code, payload.message, response.status, payload.params ?? {})
    }
    throw new ApiError('internal', translate(options.lang, 'error.unexpected'), response.status)
  }
  return payload as T
}

export const eventPath = (slug: string) => `/api/events/${encodeURIComponent(slug)}`

/** Opens an attendee session for this event. */
export function joinEvent(slug: string, lang: Lang, fetchImpl?: typeof fetch): Promise<JoinResult> {
  return apiRequest<JoinResult>(`${eventPath(slug)}/attendees`, { lang, method: 'POST', body: {}, fetch: fetchImpl })
}

// ---- Moderator calls over HTTP (the socket carries the queue; these are the rest) ----

export interface Authorised {
  lang: Lang
  token: string | null
  fetch?: typeof fetch
}

/** Blocking an asker holds their new questions for a moderator (« retenue »); unblocking lets them through again. */
export function setAskerBlocked(slug: string, attendeeId: string, blocked: boolean, auth: Authorised): Promise<unknown> {
  return apiRequest(`${eventPath(slug)}/attendees/${encodeURIComponent(attendeeId)}/block`, {
    ...auth,
    method: 'POST',
    body: { blocked },
  })
}

export function updateSettings(slug: string, settings: SettingsInput, auth: Authorised): Promise<unknown> {
  return apiRequest(`${eventPath(slug)}/settings`, { ...auth, method: 'PATCH', body: settings })
}

export function moderationLog(slug: string, auth: Authorised): Promise<unknown> {
  return apiRequest(`${eventPath(slug)}/moderation-log`, auth)
}

export type ExportFormat = 'csv' | 'json'

export function exportPath(slug: string, format: ExportFormat): string {
  return `${eventPath(slug)}/export.${format}`
}

/** A file the server makes for moderators only: fetched with the bearer token, then handed over as a blob. */
export async function downloadBlob(path: string, auth: Authorised): Promise<Blob> {
  const headers: Record<string, string> = { 'Accept-Language': auth.lang }
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`
  let response: Response
  try {
    response = await (auth.fetch ?? fetch)(path, { headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError('network', translate(auth.lang, 'error.network'))
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => null)
    if (isErrorBody(payload)) throw new ApiError(payload.code, payload.message, response.status, payload.params ?? {})
    throw new ApiError('internal', translate(auth.lang, 'error.unexpected'), response.status)
  }
  return response.blob()
}
