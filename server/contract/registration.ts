// Registration, invitations and the organiser's page: one set of TypeBox schemas for the routes and the client.
import Type, { type Static } from 'typebox'
import { EventView, Lang } from './schemas'

// The same list as organisation-types.ts, which the pages import without TypeBox.
export { ORGANISATION_TYPES } from './organisation-types'
export const OrganisationType = Type.Union([
  Type.Literal('local_authority'),
  Type.Literal('public_body'),
  Type.Literal('association'),
  Type.Literal('company'),
  Type.Literal('other'),
])
export type OrganisationType = Static<typeof OrganisationType>

export const ApprovalMode = Type.Union([Type.Literal('automatic'), Type.Literal('manual')], {
  description: 'automatic: approved while places remain, then the waiting list; manual: the organiser decides',
})
export type ApprovalMode = Static<typeof ApprovalMode>

export const RegistrationStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('waitlisted'),
  Type.Literal('declined'),
])
export type RegistrationStatus = Static<typeof RegistrationStatus>

const LocalDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d$',
  description: 'YYYY-MM-DDTHH:MM, wall-clock time in the event time zone',
})
const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour, in the event time zone' })
const Instant = Type.String({ format: 'date-time' })
const NullableInstant = Type.Union([Instant, Type.Null()])
const Email = Type.String({ format: 'email', maxLength: 254 })

export const RegistrationSettings = Type.Object({
  /** null: open as soon as the event exists. */
  opensAt: Type.Union([LocalDateTime, Type.Null()]),
  /** null: the day before the event at 00:00 (« avant le 18 mai » for a webinar on 19 May). */
  closesAt: Type.Union([LocalDateTime, Type.Null()]),
  capacity: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()]),
  approval: ApprovalMode,
  /** Approved first when the organiser approves in priority order. */
  priorityType: Type.Union([OrganisationType, Type.Null()]),
  contactName: Type.String({ maxLength: 120 }),
  contactEmail: Type.Union([Email, Type.Literal('')]),
  contactPhone: Type.String({ maxLength: 40 }),
  /** Why the data is collected; null: the standard wording. */
  purpose: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  /** The consent box's text; null: the standard wording. */
  consentText: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  invitationTime: LocalTime,
  /** A reminder 15 minutes before the start. */
  reminder: Type.Boolean(),
  retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
})
export type RegistrationSettings = Static<typeof RegistrationSettings>

export const RegistrationSettingsInput = Type.Partial(RegistrationSettings, { additionalProperties: false })
export type RegistrationSettingsInput = Static<typeof RegistrationSettingsInput>

export const RegistrationWindowState = Type.Union([Type.Literal('not_open'), Type.Literal('open'), Type.Literal('closed')])
export type RegistrationWindowState = Static<typeof RegistrationWindowState>

/** What the public registration page shows. */
export const RegistrationPage = Type.Object({
  event: EventView,
  state: RegistrationWindowState,
  opensAt: NullableInstant,
  closesAt: Instant,
  /** Places are all taken: new registrations go on the waiting list. */
  full: Type.Boolean(),
  approval: ApprovalMode,
  priorityType: Type.Union([OrganisationType, Type.Null()]),
  contact: Type.Object({ name: Type.String(), email: Type.String(), phone: Type.String() }),
  purpose: Type.Union([Type.String(), Type.Null()]),
  consentText: Type.Union([Type.String(), Type.Null()]),
  retentionDays: Type.Integer(),
})
export type RegistrationPage = Static<typeof RegistrationPage>

export const RegisterInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    email: Email,
    organisation: Type.String({ minLength: 1, maxLength: 200 }),
    organisationType: OrganisationType,
    jobTitle: Type.Optional(Type.String({ maxLength: 120 })),
    lang: Lang,
    /** The consent box must be ticked. */
    consent: Type.Literal(true),
    /** Optional: be answered in writing about questions left unanswered. */
    contactConsent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type RegisterInput = Static<typeof RegisterInput>

export const RegisterResult = Type.Object({ status: RegistrationStatus })
export type RegisterResult = Static<typeof RegisterResult>

const InvitationState = Type.Union([
  Type.Literal('none'),
  Type.Literal('queued'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])

/** One registration as the organiser sees it (and nobody else). */
export const RegistrationView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  organisationType: OrganisationType,
  jobTitle: Type.Union([Type.String(), Type.Null()]),
  lang: Lang,
  status: RegistrationStatus,
  priority: Type.Boolean(),
  contactConsent: Type.Boolean(),
  consentAt: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
  decidedAt: NullableInstant,
  erasedAt: NullableInstant,
  invitation: InvitationState,
  invitedAt: NullableInstant,
  /** A personal link is valid now. */
  linkActive: Type.Boolean(),
  /** Joined the webinar through the personal link. */
  joined: Type.Boolean(),
})
export type RegistrationView = Static<typeof RegistrationView>

export const RegistrationFilter = Type.Object(
  {
    status: Type.Optional(RegistrationStatus),
    organisationType: Type.Optional(OrganisationType),
    q: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
)
export type RegistrationFilter = Static<typeof RegistrationFilter>

export const Decision = Type.Union([Type.Literal('approve'), Type.Literal('decline'), Type.Literal('waitlist')])
export type Decision = Static<typeof Decision>
export const DecisionInput = Type.Object({ decision: Decision }, { additionalProperties: false })
export type DecisionInput = Static<typeof DecisionInput>

export const PriorityApprovalResult = Type.Object({ approved: Type.Integer(), waitlisted: Type.Integer() })
export type PriorityApprovalResult = Static<typeof PriorityApprovalResult>

export const InvitationsInput = Type.Object(
  {
    /** Absent: every approved registration without an invitation. Given: these people, again, with a new link. */
    registrationIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 5000 })),
  },
  { additionalProperties: false },
)
export type InvitationsInput = Static<typeof InvitationsInput>
export const InvitationsResult = Type.Object({ queued: Type.Integer() })
export type InvitationsResult = Static<typeof InvitationsResult>

export const MailKind = Type.Union([
  Type.Literal('confirmation'),
  Type.Literal('decision'),
  Type.Literal('invitation'),
  Type.Literal('reminder'),
])
export type MailKind = Static<typeof MailKind>
const MailStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])
type MailStatus = Static<typeof MailStatus>

export const MailJobView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: MailKind,
  recipient: Type.Union([Type.String(), Type.Null()]),
  status: MailStatus,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  sentAt: NullableInstant,
  nextAttemptAt: Instant,
  /** Outbox: the .eml file, readable through the outbox route. */
  file: Type.Union([Type.String(), Type.Null()]),
})
export type MailJobView = Static<typeof MailJobView>

const Counts = Type.Object({
  total: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  waiting: Type.Integer(),
  cancelled: Type.Integer(),
})

/** « 212 / 240 envoyées, 3 en échec », overall and per kind, and the latest jobs. */
export const MailProgress = Type.Object({
  transport: Type.Union([Type.Literal('smtp'), Type.Literal('outbox')]),
  all: Counts,
  invitations: Counts,
  jobs: Type.Array(MailJobView),
})
export type MailProgress = Static<typeof MailProgress>

export const InvitedJoinInput = Type.Object(
  { invitation: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)
export type InvitedJoinInput = Static<typeof InvitedJoinInput>

/** An attendee session bound to a registration, with what the ask form is prefilled with. */
export const InvitedJoinResult = Type.Object({
  attendeeId: Type.String(),
  token: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  lang: Lang,
})
export type InvitedJoinResult = Static<typeof InvitedJoinResult>

const RegistrationCounts = Type.Object({
  total: Type.Integer(),
  pending: Type.Integer(),
  approved: Type.Integer(),
  waitlisted: Type.Integer(),
  declined: Type.Integer(),
})
type RegistrationCounts = Static<typeof RegistrationCounts>

/** The organiser page's header: the event, its registration settings and what happens when. */
export const OrganiserOverview = Type.Object({
  event: EventView,
  settings: RegistrationSettings,
  counts: RegistrationCounts,
  schedule: Type.Object({
    opensAt: NullableInstant,
    closesAt: Instant,
    state: RegistrationWindowState,
    invitationAt: Instant,
    reminderAt: NullableInstant,
    /** Registrants' data is erased at this instant. */
    erasureAt: Instant,
  }),
  /** Whether the caller is the operator (ADMIN_TOKEN) rather than the event's organiser. */
  operator: Type.Boolean(),
})
export type OrganiserOverview = Static<typeof OrganiserOverview>
