// Stable error codes shared by HTTP bodies and socket acknowledgements.
export type ErrorCode =
  | 'invalid_input'
  | 'event_not_found'
  | 'event_exists'
  | 'question_not_found'
  | 'question_empty'
  | 'question_too_long'
  | 'anonymous_not_allowed'
  | 'name_required'
  | 'unauthorized'
  | 'forbidden'
  | 'version_conflict'
  | 'illegal_transition'
  | 'clock_refused'
  | 'vote_closed'
  | 'question_locked'
  | 'rate_limited'
  | 'x_bad_url'
  | 'x_not_configured'
  | 'x_budget_reached'
  | 'x_post_not_found'
  | 'x_unavailable'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'internal'
  | 'registration_not_open'
  | 'registration_closed'
  | 'registration_full'
  | 'registration_not_found'
  | 'invitation_invalid'

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Values the message was built from (a limit, the current version…), for clients that localise. */
  params?: Record<string, string | number>
}
