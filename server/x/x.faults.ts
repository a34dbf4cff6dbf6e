// What went wrong with a request to X, in the terms the poller acts on: wait, stop for the month, restart, or back off.
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, type TwitterApiErrorData } from 'twitter-api-v2'
import { exhaustedUntil, MalformedResponse } from './x.client'

export type XFault =
  /** The 15-minute (or daily) rate limit: wait for X's reset. */
  | { kind: 'rate_limited'; until: Date | null; message: string }
  /** The project's monthly usage cap: no more reads until X's next cycle. */
  | { kind: 'usage_capped'; message: string }
  /** A since_id or start_time older than recent search's 7-day window; `boundary` is the oldest instant X says it accepts. */
  | { kind: 'window_expired'; parameter: 'since_id' | 'start_time'; boundary: Date | null; message: string }
  | { kind: 'failure'; code: string; message: string; badRequest: boolean }

/** The parameters recent search refuses once they fall out of its window. */
const WINDOW_PARAMETERS = ['since_id', 'start_time'] as const

const clip = (message: string) => message.slice(0, 300)

/**
 * X words the monthly cap as a problem of its own (title UsageCapExceeded, type …/problems/usage-capped),
 * where the 15-minute limit answers a plain « Too Many Requests ».
 */
function isUsageCap(data: TwitterApiErrorData | undefined): boolean {
  return data?.title === 'UsageCapExceeded' || /usage-capped/.test(data?.type ?? '')
}

interface ParameterError {
  message?: string
  parameters?: Record<string, unknown>
}

/** The 400's first error about a since_id or start_time, with the parameter it names. */
function windowError(data: TwitterApiErrorData | undefined): { parameter: 'since_id' | 'start_time'; message: string } | null {
  for (const error of (data?.errors ?? []) as ParameterError[]) {
    const message = typeof error.message === 'string' ? error.message : ''
    const parameter = WINDOW_PARAMETERS.find((name) => (error.parameters && name in error.parameters) || message.includes(`'${name}'`))
    if (parameter) return { parameter, message }
  }
  return null
}

/** « must be a tweet id created after 2026-06-22T16:35Z », « must be on or after 2025-01-17T09:13Z »: X's window start. */
export function windowBoundary(message: string): Date | null {
  const match = /(?:created after|on or after) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)/.exec(message)
  const at = match ? new Date(match[1]!) : null
  return at && !Number.isNaN(at.getTime()) ? at : null
}

export function classifyFault(error: unknown, now: Date): XFault {
  if (error instanceof ApiResponseError) {
    if (error.code === 429 && isUsageCap(error.data)) {
      const detail = typeof error.data.detail === 'string' ? `: ${error.data.detail}` : ''
      return { kind: 'usage_capped', message: clip(`usage_capped: HTTP 429 from X${detail}`) }
    }
    if (error.code === 429) {
      const until = exhaustedUntil(error.rateLimit ? { ...error.rateLimit, remaining: 0 } : null, now)
      return { kind: 'rate_limited', until, message: `rate_limited: HTTP 429 from X${until ? `, reset at ${until.toISOString()}` : ''}` }
    }
    const expired = error.code === 400 ? windowError(error.data) : null
    if (expired) {
      return {
        kind: 'window_expired',
        parameter: expired.parameter,
        boundary: windowBoundary(expired.message),
        message: clip(`window_expired: HTTP 400 from X: ${expired.message}`),
      }
    }
    const detail = typeof error.data?.detail === 'string' ? `: ${error.data.detail}` : ''
    return {
      kind: 'failure',
      code: `http_${error.code}`,
      message: clip(`http_${error.code}: HTTP ${error.code} from X${detail}`),
      badRequest: error.code === 400,
    }
  }
  if (error instanceof ApiPartialResponseError || error instanceof MalformedResponse) {
    return { kind: 'failure', code: 'malformed', message: clip(`malformed: ${error.message}`), badRequest: false }
  }
  if (error instanceof ApiRequestError) {
    // twitter-api-v2 1.29 stores the cause under `error` but reads it back as `requestError`: look in both.
    const hidden = (error as unknown as { _options?: { error?: Error } })._options?.error
    const cause = (error.requestError ?? hidden)?.message ?? error.message
    const code = /timeout/i.test(cause) ? 'timeout' : 'network'
    return { kind: 'failure', code, message: clip(`${code}: ${cause}`), badRequest: false }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'failure', code: 'internal', message: clip(`internal: ${message}`), badRequest: false }
}
