// The whole domain of DESIGN.md in one drizzle schema. Migrations in db/migrations are generated from it.
import { type SQL, sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** The moderation-log action of a post let into the pending lane by the X cap. */
export const X_CAP_RELEASE = 'x_cap_release'

/**
 * X posts held by the per-minute cap. The poll loop's release scan and its partial index share this predicate,
 * written with literals rather than parameters, so PostgreSQL can prove the index applies whatever plan it caches.
 */
export function heldByXCap(t: { source: AnyPgColumn; status: AnyPgColumn; held: AnyPgColumn; flags: AnyPgColumn }): SQL {
  return sql`${t.source} = 'x' AND ${t.status} = 'pending' AND ${t.held} AND ${t.flags} @> '["x_cap"]'::jsonb`
}

/** X items (the intake's per-minute window counts them by creation time). */
export const isXItem = (t: { source: AnyPgColumn }): SQL => sql`${t.source} = 'x'`

/** Releases by the X cap (the intake's window counts them by time). */
export const isXCapRelease = (t: { action: AnyPgColumn }): SQL => sql`${t.action} = ${sql.raw(`'${X_CAP_RELEASE}'`)}`

export interface EventSettingsRow {
  moderation: 'pre' | 'post'
  anonymousAllowed: boolean
  maxQuestionLength: number
  xQuery: string | null
  flagWords?: string[] | null
}

export const events = pgTable('events', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  organiser: text('organiser').notNull().default(''),
  timeZone: text('time_zone').notNull(),
  localDate: text('local_date').notNull(),
  settings: jsonb('settings').$type<EventSettingsRow>().notNull(),
  moderatorSecretHash: text('moderator_secret_hash').notNull(),
  speakerSecretHash: text('speaker_secret_hash').notNull(),
  /** The organiser's link (registrations, invitations, report); null for events created before it existed. */
  organiserSecretHash: text('organiser_secret_hash'),
  /** Last sequence number handed out; bumped under the row lock in every change's transaction. */
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  createdAt: instant('created_at').notNull().defaultNow(),
})

export const segments = pgTable(
  'segments',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['talk', 'qa'] }).notNull(),
    plannedStart: instant('planned_start').notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    speakers: jsonb('speakers').$type<string[]>().notNull().default([]),
    wrapUpSeconds: jsonb('wrap_up_seconds').$type<number[]>().notNull().default([300, 60]),
    overrun: text('overrun', { enum: ['push', 'absorb'] })
      .notNull()
      .default('push'),
    minDurationSeconds: integer('min_duration_seconds').notNull().default(0),
  },
  (t) => [uniqueIndex('segments_event_position').on(t.eventId, t.position)],
)

/** Append-only log of clock commands; the clock state is a fold of the commands since the last `reset`. */
export const clockCommands = pgTable(
  'clock_commands',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    /** segment (goto), seconds (adjust), speed (start). */
    args: jsonb('args').$type<{ segment?: number; seconds?: number; speed?: number }>().notNull().default({}),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('clock_commands_event').on(t.eventId, t.id)],
)

export const attendees = pgTable('attendees', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: integer('event_id')
    .notNull()
    .references(() => events.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  displayName: text('display_name'),
  organisation: text('organisation'),
  blocked: boolean('blocked').notNull().default(false),
  createdAt: instant('created_at').notNull().defaultNow(),
  /** Joined through a personal invitation link: the registration this session belongs to. */
  registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'set null' }),
})

export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['attendee', 'x', 'manual'] }).notNull(),
    text: text('text').notNull(),
    originalText: text('original_text'),
    attendeeId: uuid('attendee_id').references(() => attendees.id, { onDelete: 'set null' }),
    anonymous: boolean('anonymous').notNull().default(false),
    authorName: text('author_name'),
    authorOrganisation: text('author_organisation'),
    xHandle: text('x_handle'),
    xPostId: text('x_post_id'),
    /** X: the author's display name and avatar, the post's own time, and the quoted or replied-to text. */
    xName: text('x_name'),
    xAvatarUrl: text('x_avatar_url'),
    postedAt: instant('posted_at'),
    contextText: text('context_text'),
    url: text('url'),
    language: text('language'),
    segmentId: integer('segment_id').references(() => segments.id, { onDelete: 'set null' }),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    votes: integer('votes').notNull().default(0),
    status: text('status', { enum: ['pending', 'approved', 'on_air', 'answered', 'dismissed', 'merged', 'withdrawn'] }).notNull(),
    dismissReason: text('dismiss_reason', { enum: ['off_topic', 'duplicate', 'abusive', 'other'] }),
    rank: doublePrecision('rank'),
    /** Held back (blocked asker, X cap, blocked keyword): stays out of the pending lane's main list until released. */
    held: boolean('held').notNull().default(false),
    /** Moderator-only warnings: profanity, spam, blocked_asker, x_cap, blocked_keyword… */
    flags: jsonb('flags').$type<string[]>().notNull().default([]),
    /** Likely duplicates (similar wording) found when the item arrived; moderator-only. */
    similar: jsonb('similar').$type<string[]>().notNull().default([]),
    /** Askers of the items merged into this one, kept for "asked by N people". */
    coAskers: jsonb('co_askers')
      .$type<{ source: string; anonymous: boolean; name: string | null; organisation: string | null; xHandle: string | null }[]>()
      .notNull()
      .default([]),
    mergedInto: uuid('merged_into'),
    reply: text('reply'),
    version: integer('version').notNull().default(1),
    idempotencyKey: text('idempotency_key'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    onAirAt: instant('on_air_at'),
    answeredAt: instant('answered_at'),
    /**
     * Answered during a rehearsal: the id of that rehearsal's `start` in clock_commands (null: a live answer).
     * The answer-time estimate ignores these; the reset after that rehearsal may reopen them.
     */
    rehearsalRun: integer('rehearsal_run'),
  },
  (t) => [
    index('items_event_status').on(t.eventId, t.status),
    uniqueIndex('items_idempotency').on(t.attendeeId, t.idempotencyKey),
    uniqueIndex('items_x_post').on(t.eventId, t.xPostId),
    // At most one question on air per event, enforced by the database itself.
    uniqueIndex('items_one_on_air')
      .on(t.eventId)
      .where(sql`${t.status} = 'on_air'`),
    // The poll loop looks for posts held by the X cap across all events every second, then releases them oldest first.
    index('items_x_waiting_for_cap').on(t.eventId, t.postedAt, t.createdAt, t.xPostId).where(heldByXCap(t)),
    // Each X page counts what entered the pending lane in the current minute.
    index('items_x_created').on(t.eventId, t.createdAt).where(isXItem(t)),
  ],
)

export const votes = pgTable(
  'votes',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    attendeeId: uuid('attendee_id')
      .notNull()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.attendeeId] }),
    // Every snapshot and listing of an attendee asks which questions they support.
    index('votes_attendee').on(t.attendeeId),
  ],
)

export const moderationLog = pgTable(
  'moderation_log',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [
    index('moderation_log_event').on(t.eventId, t.id),
    // A question's history, and deleting a question (the foreign key cascades through it).
    index('moderation_log_item').on(t.itemId),
    // Each X page counts the cap's releases in the current minute, and which of its posts were released.
    index('moderation_log_x_cap_release').on(t.eventId, t.at, t.itemId).where(isXCapRelease(t)),
  ],
)

/**
 * The realtime stream: one row per sequence number, with the full (moderator) view of what changed.
 * Each audience gets its own projection at delivery time, so replay and live broadcast agree.
 */
export const changes = pgTable(
  'changes',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.seq] })],
)

/**
 * The X source of an event: settings, cursor, health and meter. The cursor (since_id, and next_token with
 * the newest id of a pagination in progress) is written in the same transaction as the items it produced.
 */
export const xSources = pgTable('x_sources', {
  eventId: integer('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(true),
  query: text('query').notNull(),
  intervalSeconds: integer('interval_seconds').notNull().default(15),
  sinceId: text('since_id'),
  nextToken: text('next_token'),
  /** Newest post id of the pagination in progress: becomes since_id when the last page is read. */
  pendingNewestId: text('pending_newest_id'),
  /**
   * Sent as start_time instead of since_id while the pagination started after X refused the stored since_id
   * (older than its 7-day window); cleared with next_token when the pagination ends.
   */
  startTime: instant('start_time'),
  /** The last time X refused the stored position and polling restarted from windowRestartFrom (shown in the régie). */
  windowRestartAt: instant('window_restart_at'),
  windowRestartFrom: instant('window_restart_from'),
  /** X's monthly usage cap is reached: no request before this instant (X's next cycle) unless a moderator resumes. */
  usageCappedUntil: instant('usage_capped_until'),
  lastPollAt: instant('last_poll_at'),
  lastSuccessAt: instant('last_success_at'),
  lastError: text('last_error'),
  lastErrorAt: instant('last_error_at'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** No request before this instant (rate-limit reset or back-off). */
  pausedUntil: instant('paused_until'),
  /** Meter of the current calendar month (UTC), YYYY-MM. */
  meterMonth: text('meter_month').notNull().default(''),
  postsRead: integer('posts_read').notNull().default(0),
  usersRead: integer('users_read').notNull().default(0),
  monthlyBudgetUsd: doublePrecision('monthly_budget_usd'),
  capPerMinute: integer('cap_per_minute').notNull().default(20),
  trustedHandles: jsonb('trusted_handles').$type<string[]>().notNull().default([]),
  blockedHandles: jsonb('blocked_handles').$type<string[]>().notNull().default([]),
  blockedKeywords: jsonb('blocked_keywords').$type<string[]>().notNull().default([]),
  updatedAt: instant('updated_at').notNull().defaultNow(),
})

/** Messages from the control room to the speakers, acknowledged by a speaker. */
export const speakerMessages = pgTable(
  'speaker_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    sentAt: instant('sent_at').notNull().defaultNow(),
    acknowledgedAt: instant('acknowledged_at'),
  },
  (t) => [index('speaker_messages_event').on(t.eventId, t.sentAt)],
)

/**
 * Registration settings of an event. Opening and closing are wall-clock times in the event's zone
 * ('YYYY-MM-DDTHH:MM'), so they follow the event when its zone changes; null takes the default.
 */
export const registrationSettings = pgTable('registration_settings', {
  eventId: integer('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  opensAt: text('opens_at'),
  closesAt: text('closes_at'),
  capacity: integer('capacity'),
  approval: text('approval', { enum: ['automatic', 'manual'] })
    .notNull()
    .default('automatic'),
  priorityType: text('priority_type'),
  contactName: text('contact_name').notNull().default(''),
  contactEmail: text('contact_email').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  purpose: text('purpose'),
  consentText: text('consent_text'),
  /** 'HH:MM' on the event's date, in its zone. */
  invitationTime: text('invitation_time').notNull().default('08:00'),
  reminder: boolean('reminder').notNull().default(false),
  /** Days after the event's planned end; then registrants' personal data is erased. */
  retentionDays: integer('retention_days').notNull().default(90),
  updatedAt: instant('updated_at').notNull().defaultNow(),
})

/** People registered for an event. Erasure clears the personal fields and keeps the row for the figures. */
export const registrations = pgTable(
  'registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** Lower-cased; null once erased. */
    email: text('email'),
    name: text('name'),
    organisation: text('organisation'),
    jobTitle: text('job_title'),
    organisationType: text('organisation_type').notNull(),
    lang: text('lang', { enum: ['fr', 'en'] }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'waitlisted', 'declined'] }).notNull(),
    /** What the person agreed to, word for word, and when. */
    consentText: text('consent_text'),
    consentAt: instant('consent_at'),
    /** Agreed to be answered in writing about questions left unanswered. */
    contactConsent: boolean('contact_consent').notNull().default(false),
    /** Bumped on every change the person or the organiser makes: part of the e-mails' once-only keys. */
    revision: integer('revision').notNull().default(1),
    /** The personal join link's secret, hashed; null when none was sent or it was revoked. */
    inviteTokenHash: text('invite_token_hash').unique(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    decidedAt: instant('decided_at'),
    erasedAt: instant('erased_at'),
  },
  (t) => [uniqueIndex('registrations_event_email').on(t.eventId, t.email), index('registrations_event').on(t.eventId, t.createdAt)],
)

/**
 * E-mails as durable jobs: claimed under a row lock with SKIP LOCKED, leased while being sent, fenced by
 * lease_token. The message is rendered once (raw) so that every attempt sends the same bytes and Message-ID.
 */
export const mailJobs = pgTable(
  'mail_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['confirmation', 'decision', 'invitation', 'reminder'] }).notNull(),
    /** One message per key and event, whoever enqueues it and however often. */
    dedupeKey: text('dedupe_key').notNull(),
    /** What the message says beyond the registration itself (the decision taken, an update). */
    payload: jsonb('payload').$type<Record<string, string | boolean>>().notNull().default({}),
    recipient: text('recipient'),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    leaseUntil: instant('lease_until'),
    leaseToken: text('lease_token'),
    messageId: text('message_id'),
    raw: text('raw'),
    transport: text('transport', { enum: ['smtp', 'outbox'] }),
    /** Outbox: the .eml file's name under DATA_DIR/outbox/<slug>/. */
    file: text('file'),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    uniqueIndex('mail_jobs_dedupe').on(t.eventId, t.dedupeKey),
    index('mail_jobs_due').on(t.status, t.nextAttemptAt),
    index('mail_jobs_event').on(t.eventId, t.createdAt),
  ],
)

/** Attendees connected, sampled per process and per minute (the largest sample of the minute): the peak is the largest sum. */
export const presenceSamples = pgTable(
  'presence_samples',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    minute: instant('minute').notNull(),
    process: text('process').notNull(),
    attendees: integer('attendees').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.minute, t.process] })],
)
