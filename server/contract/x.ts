// The X source of an event as the control room sees and edits it: health, meter, guardrails, rules.
import Type, { type Static } from 'typebox'

const Instant = Type.String({ format: 'date-time' })
const NullableInstant = Type.Union([Instant, Type.Null()])

export const XState = Type.Union(
  [
    Type.Literal('off'),
    Type.Literal('polling'),
    Type.Literal('backing_off'),
    Type.Literal('rate_limited'),
    Type.Literal('budget_paused'),
    Type.Literal('usage_capped'),
  ],
  {
    description:
      "off: no token or disabled; backing_off: after errors; rate_limited: waiting for the X reset; usage_capped: X's monthly usage cap is reached, stopped until its next cycle or a moderator's resume",
  },
)
export type XState = Static<typeof XState>

export const XMeter = Type.Object({
  /** Calendar month (UTC) the counts belong to, YYYY-MM. */
  month: Type.String(),
  postsRead: Type.Integer(),
  usersRead: Type.Integer(),
  costUsd: Type.Number(),
  budgetUsd: Type.Union([Type.Number(), Type.Null()]),
  /** costUsd / budgetUsd, null without a budget. */
  budgetUsedRatio: Type.Union([Type.Number(), Type.Null()]),
  /** 80 % of the budget or more is spent. */
  warning: Type.Boolean(),
})
export type XMeter = Static<typeof XMeter>

export const XStatus = Type.Object({
  enabled: Type.Boolean(),
  /** A bearer token is configured on the server (X_BEARER_TOKEN). */
  configured: Type.Boolean(),
  query: Type.String(),
  /** The event's setting. */
  intervalSeconds: Type.Integer(),
  /** How often the source is actually polled: intervalSeconds, unless the server's X_POLL_INTERVAL_MS replaces it. */
  pollIntervalMs: Type.Integer(),
  lastPollAt: NullableInstant,
  lastSuccessAt: NullableInstant,
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: NullableInstant,
  consecutiveFailures: Type.Integer(),
  /** No request to X before this instant (rate-limit reset or back-off). */
  pausedUntil: NullableInstant,
  /** X's monthly usage cap is reached: no request before this instant (X's next cycle) unless a moderator resumes. */
  usageCappedUntil: NullableInstant,
  /**
   * The last time X refused the stored position (a since_id older than its 7-day window: the source was paused,
   * out of budget or the server stopped for more than a week) and polling restarted with the posts from `from` on.
   */
  windowRestart: Type.Union([Type.Object({ at: Instant, from: Instant }), Type.Null()]),
  state: XState,
  meter: XMeter,
  capPerMinute: Type.Integer(),
  /** X posts held back and awaiting moderation (per-minute cap, blocked handle or keyword). */
  heldCount: Type.Integer(),
  trustedHandles: Type.Array(Type.String()),
  blockedHandles: Type.Array(Type.String()),
  blockedKeywords: Type.Array(Type.String()),
})
export type XStatus = Static<typeof XStatus>

const Handle = Type.String({ pattern: '^@?[A-Za-z0-9_]{1,15}$', description: 'X handle, with or without the @' })
const Handles = Type.Array(Handle, { maxItems: 500 })

export const XSettingsInput = Type.Object(
  {
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
    enabled: Type.Optional(Type.Boolean()),
    monthlyBudgetUsd: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()])),
    capPerMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    trustedHandles: Type.Optional(Handles),
    blockedHandles: Type.Optional(Handles),
    blockedKeywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500 })),
  },
  { additionalProperties: false },
)
export type XSettingsInput = Static<typeof XSettingsInput>

const Url = Type.String({ minLength: 1, maxLength: 500 })

/** A post URL to fetch through the API, or a post typed by hand (with its author's handle, or none for a manual item). */
export const XImportInput = Type.Union([
  Type.Object({ url: Url }, { additionalProperties: false }),
  Type.Object(
    {
      text: Type.String({ minLength: 1, maxLength: 4000 }),
      handle: Type.Optional(Handle),
      url: Type.Optional(Url),
    },
    { additionalProperties: false },
  ),
])
export type XImportInput = Static<typeof XImportInput>
