import type { EventSettings } from '../contract/schemas'

export const DEFAULT_SETTINGS: EventSettings = {
  moderation: 'pre',
  anonymousAllowed: true,
  maxQuestionLength: 500,
  xQuery: null,
  flagWords: null,
}
