// Domain errors are values with a stable code; transports map them once to HTTP statuses and socket acks.
import type { ErrorBody, ErrorCode } from './contract/errors'
import type { Lang } from './contract/schemas'
import { errorMessage } from './i18n/messages'

export type ErrorParams = Record<string, string | number>

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(code)
    this.name = 'AppError'
  }
}

/** An action based on a stale copy: the client gets the fresh item back with the error. */
export class VersionConflict extends AppError {
  constructor(
    readonly current: unknown,
    params: ErrorParams,
  ) {
    super('version_conflict', params)
  }
}

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  question_empty: 400,
  question_too_long: 400,
  anonymous_not_allowed: 400,
  name_required: 400,
  unauthorized: 401,
  forbidden: 403,
  event_not_found: 404,
  question_not_found: 404,
  not_found: 404,
  event_exists: 409,
  version_conflict: 409,
  illegal_transition: 409,
  clock_refused: 409,
  vote_closed: 409,
  question_locked: 409,
  rate_limited: 429,
  x_bad_url: 400,
  x_post_not_found: 404,
  x_not_configured: 409,
  x_budget_reached: 409,
  x_unavailable: 502,
  conflict: 409,
  unavailable: 503,
  internal: 500,
  registration_not_open: 409,
  registration_closed: 409,
  registration_full: 409,
  registration_not_found: 404,
  invitation_invalid: 403,
}

export function httpStatus(code: ErrorCode): number {
  return STATUS[code]
}

export function toErrorBody(error: AppError, lang: Lang): ErrorBody & { current?: unknown } {
  const body: ErrorBody & { current?: unknown } = {
    code: error.code,
    message: errorMessage(error.code, error.params, lang),
  }
  if (Object.keys(error.params).length > 0) body.params = error.params
  if (error instanceof VersionConflict) body.current = error.current
  return body
}

/** PostgreSQL's codes for losing a race with another transaction (PGlite uses the same). */
const CONFLICT_CODES = new Set([
  '23505', // unique_violation: e.g. a second question on air
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
])

/** Whether a database error means "someone else changed this at the same moment" (drizzle wraps the driver's error). */
export function isConflict(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && CONFLICT_CODES.has(code)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/** What a transport answers for a thrown error: the error itself, a conflict for a lost race, or null (a bug: 500). */
export function knownError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  return isConflict(error) ? new AppError('conflict') : null
}
