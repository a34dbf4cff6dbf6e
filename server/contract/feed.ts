// The integration feed's messages (version 1): what a streaming tool, a vMix data source or a Companion button
// reads, over the WebSocket feed or its HTTP twins. Additive changes keep `v: 1`; anything else is a new version.
import Type, { type Static } from 'typebox'
import { ClockView } from './clock'
import { ItemSource, LocalDate } from './schemas'

/** The version every message carries: a client checks it before reading anything else. */
export const FEED_VERSION = 1

const Version = Type.Literal(FEED_VERSION)
const Instant = Type.String({ format: 'date-time' })

/** A question as a screen shows it: what the speaker sees, nothing the moderators keep to themselves. */
export const FeedQuestion = Type.Object({
  id: Type.String({ format: 'uuid' }),
  text: Type.String(),
  source: ItemSource,
  /** Null when the asker chose to stay anonymous. */
  name: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  /** X posts: the handle without the @. */
  xHandle: Type.Union([Type.String(), Type.Null()]),
  votes: Type.Integer(),
  /** How many people asked it: the asker and those whose questions were merged into it. */
  askedBy: Type.Integer({ minimum: 1 }),
  onAirAt: Type.Union([Instant, Type.Null()]),
})
export type FeedQuestion = Static<typeof FeedQuestion>

export const FeedHello = Type.Object({
  v: Version,
  type: Type.Literal('hello'),
  event: Type.Object({
    slug: Type.String(),
    title: Type.String(),
    organiser: Type.String(),
    timeZone: Type.String(),
    date: LocalDate,
    segments: Type.Array(
      Type.Object({ position: Type.Integer(), title: Type.String(), kind: Type.String(), plannedStart: Instant, plannedEnd: Instant }),
    ),
  }),
  /** The message types this connection will receive. */
  types: Type.Array(Type.String()),
})
export type FeedHello = Static<typeof FeedHello>

export const FeedClock = Type.Object({
  v: Version,
  type: Type.Literal('clock'),
  /** The clock at `clock.serverNow`, with its anchors (`clock.log`) to count between messages. */
  clock: ClockView,
  /** The timer as the stage shows it: `12:34` left, `+02:10` over time, empty before the start and after the end. */
  timer: Type.Object({
    text: Type.String(),
    overtime: Type.Boolean(),
    segmentTitle: Type.Union([Type.String(), Type.Null()]),
  }),
})
export type FeedClock = Static<typeof FeedClock>

export const FeedOnAir = Type.Object({
  v: Version,
  type: Type.Literal('on_air'),
  question: Type.Union([FeedQuestion, Type.Null()]),
})
export type FeedOnAir = Static<typeof FeedOnAir>

export const FeedPublished = Type.Object({
  v: Version,
  type: Type.Literal('published'),
  /** The answer queue in the régie's order (rank, then support, then age); the question on air is not in it. */
  questions: Type.Array(FeedQuestion),
})
export type FeedPublished = Static<typeof FeedPublished>

/** Everything at once: the HTTP twin of a new connection's first messages. */
export const FeedState = Type.Object({
  v: Version,
  hello: FeedHello,
  clock: FeedClock,
  onAir: FeedOnAir,
  published: FeedPublished,
})
export type FeedState = Static<typeof FeedState>

export type FeedMessage = FeedHello | FeedClock | FeedOnAir | FeedPublished

/** Query of the HTTP twins and the WebSocket: the key, when the client cannot send an Authorization header. */
export const FeedQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })
