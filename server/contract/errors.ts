// Stable error codes shared by HTTP bodies and socket acknowledgements.
export const ERROR_CODES = [
  'invalid_input',
  'event_not_found',
  'event_exists',
  'question_not_found',
  'question_empty',
  'question_too_long',
  'anonymous_not_allowed',
  'name_required',
  'unauthorized',
  'forbidden',
  'version_conflict',
  'illegal_transition',
  'clock_refused',
  'rate_limited',
  'not_found',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Values the message was built from (a limit, the current version…), for clients that localise. */
  params?: Record<string, string | number>
}
