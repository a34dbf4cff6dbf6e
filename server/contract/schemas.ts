// One set of TypeBox schemas for HTTP routes, socket payloads and the client's types.
import Type, { type Static } from 'typebox'

export const Lang = Type.Union([Type.Literal('fr'), Type.Literal('en')])
export type Lang = Static<typeof Lang>

export const Role = Type.Union([Type.Literal('public'), Type.Literal('attendee'), Type.Literal('moderator'), Type.Literal('speaker')])
export type Role = Static<typeof Role>

export const SegmentKind = Type.Union([Type.Literal('talk'), Type.Literal('qa')])
export type SegmentKind = Static<typeof SegmentKind>

export const OverrunPolicy = Type.Union([Type.Literal('push'), Type.Literal('absorb')])
export type OverrunPolicy = Static<typeof OverrunPolicy>

export const ItemStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('on_air'),
  Type.Literal('answered'),
  Type.Literal('dismissed'),
  Type.Literal('merged'),
  /** Taken back by its asker before any moderator decided on it: out of every lane, kept for the log. */
  Type.Literal('withdrawn'),
])
export type ItemStatus = Static<typeof ItemStatus>

export const ItemSource = Type.Union([Type.Literal('attendee'), Type.Literal('x'), Type.Literal('manual')])
export type ItemSource = Static<typeof ItemSource>

export const DismissReason = Type.Union([
  Type.Literal('off_topic'),
  Type.Literal('duplicate'),
  Type.Literal('abusive'),
  Type.Literal('other'),
])
export type DismissReason = Static<typeof DismissReason>

export const Slug = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' })
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD in the event time zone' })
const localTime = (description: string) => Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description })
// The time rules (server/events/agenda.ts), stated where API users read them.
const SKIPPED_AND_REPEATED =
  'A local time the clocks skip (02:30 on the spring-forward night in Europe/Paris, 02:00 → 03:00) does not exist: the ' +
  'event is refused with 400 invalid_input naming the field (02:00 itself is the instant of the jump). A local time the clocks repeat (02:30 on the fall-back night) means its ' +
  'first occurrence, under the offset in force before the change (02:30+02:00, not 02:30+01:00).'
const CalendarDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD in the event time zone; a day of the calendar (2026-02-30 is refused with 400 invalid_input)',
})
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' })

export const EventSettings = Type.Object({
  moderation: Type.Union([Type.Literal('pre'), Type.Literal('post')], {
    description: 'pre: questions wait for a moderator; post: published at once, moderators may remove',
  }),
  anonymousAllowed: Type.Boolean(),
  maxQuestionLength: Type.Integer({ minimum: 20, maximum: 2000 }),
  xQuery: Type.Union([Type.String({ maxLength: 512 }), Type.Null()]),
  /** Words that flag a question for a second look; null = the built-in French/English list. */
  flagWords: Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 500 }), Type.Null()]),
})
export type EventSettings = Static<typeof EventSettings>

// ---- Operator input ----

export const SegmentInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    kind: Type.Optional(SegmentKind),
    start: localTime(
      `HH:MM, 24-hour, local time on the event's date (the next day once a start is earlier than the previous one). ${SKIPPED_AND_REPEATED}`,
    ),
    end: localTime(
      `HH:MM, 24-hour. Earlier than start: the next day; equal to start: refused (a segment must last). ${SKIPPED_AND_REPEATED}`,
    ),
    speakers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 20 })),
    wrapUpSeconds: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 3600 }), { maxItems: 4 })),
    overrun: Type.Optional(OverrunPolicy),
    minDurationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  },
  { additionalProperties: false },
)
export type SegmentInput = Static<typeof SegmentInput>

export const CreateEventInput = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    organiser: Type.Optional(Type.String({ maxLength: 200 })),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Paris' }),
    date: CalendarDate,
    segments: Type.Array(SegmentInput, { minItems: 1, maxItems: 50 }),
    settings: Type.Optional(Type.Partial(EventSettings, { additionalProperties: false })),
  },
  { additionalProperties: false },
)
export type CreateEventInput = Static<typeof CreateEventInput>

export const EventLinks = Type.Object({
  attendee: Type.String(),
  screen: Type.String(),
  moderator: Type.String(),
  speaker: Type.String(),
  /** The organiser's page: registrations, invitations, report (secret). */
  organiser: Type.String(),
})
export type EventLinks = Static<typeof EventLinks>

export const CreateEventResult = Type.Object({ slug: Slug, links: EventLinks })
export type CreateEventResult = Static<typeof CreateEventResult>

// ---- Views ----

export const SegmentView = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  title: Type.String(),
  kind: SegmentKind,
  plannedStart: Instant,
  plannedEnd: Instant,
  durationSeconds: Type.Integer(),
  speakers: Type.Array(Type.String()),
  wrapUpSeconds: Type.Array(Type.Integer()),
  overrun: OverrunPolicy,
  minDurationSeconds: Type.Integer(),
})
export type SegmentView = Static<typeof SegmentView>

export const EventView = Type.Object({
  slug: Slug,
  title: Type.String(),
  organiser: Type.String(),
  timeZone: Type.String(),
  date: LocalDate,
  plannedStart: Instant,
  plannedEnd: Instant,
  settings: EventSettings,
  segments: Type.Array(SegmentView),
  /** The attendee page's public address (PUBLIC_URL): where the public screen tells the audience to ask. */
  attendeeUrl: Type.String(),
})
export type EventView = Static<typeof EventView>

export const Author = Type.Object({
  source: ItemSource,
  anonymous: Type.Boolean(),
  name: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  /** X: handle without the @, and the avatar. */
  xHandle: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
})
export type Author = Static<typeof Author>

/**
 * One question as a given audience may see it. Fields a role may not see are null:
 * the public never gets originalText or dismissReason; only moderators get tags and versions' history.
 */
export const ItemView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  source: ItemSource,
  text: Type.String(),
  originalText: Type.Union([Type.String(), Type.Null()]),
  author: Author,
  /** Link to the post on X (or any source URL). */
  url: Type.Union([Type.String(), Type.Null()]),
  /** X: the quoted or replied-to post's text. */
  contextText: Type.Union([Type.String(), Type.Null()]),
  postedAt: Type.Union([Instant, Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  status: ItemStatus,
  /** Moderators only (false/empty for others): held back, warnings, likely duplicates. */
  held: Type.Boolean(),
  flags: Type.Array(Type.String()),
  similar: Type.Array(Type.String()),
  /** The askers of the questions merged into this one. */
  coAskers: Type.Array(Author),
  dismissReason: Type.Union([DismissReason, Type.Null()]),
  segmentId: Type.Union([Type.Integer(), Type.Null()]),
  tags: Type.Array(Type.String()),
  votes: Type.Integer(),
  rank: Type.Union([Type.Number(), Type.Null()]),
  mergedInto: Type.Union([Type.String(), Type.Null()]),
  reply: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  mine: Type.Boolean(),
  /** Attendees: whether they upvoted it. */
  voted: Type.Boolean(),
  /** Moderators only: the attendee who asked, to block them. */
  askerId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  updatedAt: Instant,
  onAirAt: Type.Union([Instant, Type.Null()]),
  answeredAt: Type.Union([Instant, Type.Null()]),
  /** Answered while the clock ran a rehearsal: the answer-time estimate ignores it. */
  answeredInRehearsal: Type.Optional(Type.Boolean()),
})
export type ItemView = Static<typeof ItemView>

// ---- Attendee and moderator input ----

export const JoinInput = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 80 })),
    organisation: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
)
export type JoinInput = Static<typeof JoinInput>

export const JoinResult = Type.Object({ attendeeId: Type.String(), token: Type.String() })
export type JoinResult = Static<typeof JoinResult>

export const AskInput = Type.Object(
  {
    // The event's own limit (settings.maxQuestionLength) is checked by the service, with a message naming it.
    text: Type.String({ maxLength: 20000 }),
    anonymous: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(Type.String({ maxLength: 80 })),
    organisation: Type.Optional(Type.String({ maxLength: 120 })),
    idempotencyKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
)
export type AskInput = Static<typeof AskInput>

export const ModerationAction = Type.Union([
  Type.Literal('approve'),
  Type.Literal('dismiss'),
  Type.Literal('restore'),
  Type.Literal('put_on_air'),
  Type.Literal('mark_answered'),
  Type.Literal('reopen'),
  Type.Literal('merge'),
])
export type ModerationAction = Static<typeof ModerationAction>

export const ModerateInput = Type.Object(
  {
    action: ModerationAction,
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(DismissReason),
    reply: Type.Optional(Type.String({ maxLength: 2000 })),
    /** merge: the item this one joins. */
    into: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
)
export type ModerateInput = Static<typeof ModerateInput>

/** The socket twin names the item in the payload instead of the path. */
export const SocketModerateInput = Type.Object(
  { id: Type.String({ format: 'uuid' }), ...ModerateInput.properties },
  { additionalProperties: false },
)
export type SocketModerateInput = Static<typeof SocketModerateInput>

export const SyncInput = Type.Object({ lastSeq: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]) }, { additionalProperties: false })
export type SyncInput = Static<typeof SyncInput>

export const ErrorResponse = Type.Object({
  code: Type.String(),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
})

export const EditInput = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    text: Type.Optional(Type.String({ maxLength: 20000 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    segmentId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    rank: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    reply: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
)
export type EditInput = Static<typeof EditInput>

export const SocketEditInput = Type.Object(
  { id: Type.String({ format: 'uuid' }), ...EditInput.properties },
  { additionalProperties: false },
)
export type SocketEditInput = Static<typeof SocketEditInput>

export const BulkModerateInput = Type.Object(
  {
    action: Type.Union([Type.Literal('approve'), Type.Literal('dismiss')]),
    reason: Type.Optional(DismissReason),
    items: Type.Array(
      Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 200,
      },
    ),
  },
  { additionalProperties: false },
)
export type BulkModerateInput = Static<typeof BulkModerateInput>

export const BulkResult = Type.Object({
  done: Type.Array(ItemView),
  failed: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), message: Type.String() })),
})
export type BulkResult = Static<typeof BulkResult>

export const VoteInput = Type.Object({ id: Type.String({ format: 'uuid' }), up: Type.Boolean() }, { additionalProperties: false })
export type VoteInput = Static<typeof VoteInput>

export const VoteResult = Type.Object({ id: Type.String(), votes: Type.Integer(), voted: Type.Boolean() })
export type VoteResult = Static<typeof VoteResult>

export const BlockInput = Type.Object({ blocked: Type.Boolean() }, { additionalProperties: false })
export type BlockInput = Static<typeof BlockInput>

export const SettingsInput = Type.Partial(
  Type.Object({
    moderation: EventSettings.properties.moderation,
    anonymousAllowed: Type.Boolean(),
    maxQuestionLength: EventSettings.properties.maxQuestionLength,
    flagWords: EventSettings.properties.flagWords,
  }),
  { additionalProperties: false },
)
export type SettingsInput = Static<typeof SettingsInput>

/** Transparent moderation: what happened to every question received, shown publicly. */
export const QueueStats = Type.Object({
  received: Type.Integer(),
  pending: Type.Integer(),
  published: Type.Integer(),
  answered: Type.Integer(),
  merged: Type.Integer(),
  /** Taken back by their askers while awaiting moderation. */
  withdrawn: Type.Integer(),
  dismissed: Type.Object({
    off_topic: Type.Integer(),
    duplicate: Type.Integer(),
    abusive: Type.Integer(),
    other: Type.Integer(),
  }),
})
export type QueueStats = Static<typeof QueueStats>

/** One line of the moderation log. */
export const LogEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  itemId: Type.String(),
  action: Type.String(),
  fromStatus: Type.String(),
  toStatus: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
})
export type LogEntry = Static<typeof LogEntry>
// ---- The asker's own question, while it awaits moderation ----

/** A new wording by the asker; `version` is the one they edited, as for moderators' edits. */
export const ReviseInput = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    // The event's own limit (settings.maxQuestionLength) is checked by the service, as for a new question.
    text: Type.String({ maxLength: 20000 }),
  },
  { additionalProperties: false },
)
export type ReviseInput = Static<typeof ReviseInput>

export const SocketReviseInput = Type.Object(
  { id: Type.String({ format: 'uuid' }), ...ReviseInput.properties },
  { additionalProperties: false },
)
export type SocketReviseInput = Static<typeof SocketReviseInput>

export const WithdrawInput = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
export type WithdrawInput = Static<typeof WithdrawInput>

export const SocketWithdrawInput = Type.Object(
  { id: Type.String({ format: 'uuid' }), ...WithdrawInput.properties },
  { additionalProperties: false },
)
export type SocketWithdrawInput = Static<typeof SocketWithdrawInput>
