// The agenda clock on the wire: commands in, the command log out. Screens fold the log themselves
// with the same pure function as the server, from anchors (command instants), never from ticks.
import Type, { type Static } from 'typebox'

const Bare = <T extends string>(type: T) => Type.Object({ type: Type.Literal(type) }, { additionalProperties: false })

export const ClockCommandInput = Type.Union([
  Type.Object(
    {
      type: Type.Literal('start'),
      /** Rehearsal speed: 60 runs a 2.5-hour agenda in 2.5 minutes. */
      speed: Type.Optional(Type.Number({ minimum: 1, maximum: 600 })),
    },
    { additionalProperties: false },
  ),
  Bare('next'),
  Bare('previous'),
  Type.Object({ type: Type.Literal('goto'), segment: Type.Integer({ minimum: 0, maximum: 49 }) }, { additionalProperties: false }),
  Bare('pause'),
  Bare('resume'),
  Type.Object(
    { type: Type.Literal('adjust'), seconds: Type.Integer({ minimum: -86_400, maximum: 86_400, not: { const: 0 } }) },
    { additionalProperties: false },
  ),
  Bare('end'),
  /** Clears the log (after a rehearsal): the clock is back before start. */
  Type.Object(
    {
      type: Type.Literal('reset'),
      reopenAnswered: Type.Optional(
        Type.Boolean({
          description:
            'After a rehearsal: put the questions answered during it back in the answer queue (published). ' +
            'Either way the question still on air from the rehearsal is marked answered; a reset of a live run changes no question.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
])
export type ClockCommandInput = Static<typeof ClockCommandInput>

/** One logged command: `at` is the server's instant, epoch milliseconds. */
export const WireCommand = Type.Object({
  type: Type.String(),
  at: Type.Number(),
  segment: Type.Optional(Type.Integer()),
  seconds: Type.Optional(Type.Integer()),
})
export type WireCommand = Static<typeof WireCommand>

/** Everything a screen needs to compute the clock at any instant: the commands since the last reset. */
export const ClockLog = Type.Object({
  speed: Type.Number(),
  commands: Type.Array(WireCommand),
})
export type ClockLog = Static<typeof ClockLog>

const Instant = Type.String({ format: 'date-time' })
const NullableInstant = Type.Union([Instant, Type.Null()])

const ClockSegmentView = Type.Object({
  position: Type.Integer(),
  status: Type.Union([Type.Literal('done'), Type.Literal('current'), Type.Literal('upcoming'), Type.Literal('skipped')]),
  plannedStart: Instant,
  plannedEnd: Instant,
  actualStart: NullableInstant,
  actualEnd: NullableInstant,
  projectedStart: NullableInstant,
  projectedEnd: NullableInstant,
})

/** The clock computed by the server at `serverNow` (HTTP); durations in milliseconds of running time. */
export const ClockView = Type.Object({
  serverNow: Instant,
  phase: Type.Union([Type.Literal('idle'), Type.Literal('running'), Type.Literal('paused'), Type.Literal('ended')]),
  speed: Type.Number(),
  current: Type.Union([
    Type.Null(),
    Type.Object({
      position: Type.Integer(),
      title: Type.String(),
      elapsedMs: Type.Number(),
      allottedMs: Type.Number(),
      remainingMs: Type.Number(),
      overtimeMs: Type.Number(),
      wrapUp: Type.Union([Type.Literal('none'), Type.Literal('warning'), Type.Literal('overtime')]),
    }),
  ]),
  scheduleDeltaMs: Type.Number({
    description:
      'Ahead/behind, running time, positive: behind. The current segment’s projected end minus its planned end (overtime, ' +
      'adjustments and pauses included); before the start, the first segment’s projected start minus its plan; after the ' +
      'end, equal to endDeltaMs. endDeltaMs is this minus what the absorb segment (the Q&A) takes up.',
  }),
  endDeltaMs: Type.Number({ description: 'projected end (actual, once ended) minus planned end, running time; positive: late' }),
  plannedEnd: Instant,
  projectedEnd: Instant,
  segments: Type.Array(ClockSegmentView),
  log: ClockLog,
})
export type ClockView = Static<typeof ClockView>

export const TimePing = Type.Object({ t0: Type.Number() }, { additionalProperties: false })
export type TimePing = Static<typeof TimePing>
export interface TimePong {
  t0: number
  serverNow: number
}

/** What a screen reports about its own clock: the moderator sees every screen's offset and round trip. */
export const ScreenReport = Type.Object(
  {
    page: Type.Union([Type.Literal('attendee'), Type.Literal('moderator'), Type.Literal('stage'), Type.Literal('screen')]),
    offsetMs: Type.Number({ minimum: -1e10, maximum: 1e10 }),
    rttMs: Type.Number({ minimum: 0, maximum: 600_000 }),
    samples: Type.Integer({ minimum: 0, maximum: 1000 }),
    label: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
)
export type ScreenReport = Static<typeof ScreenReport>

export interface ScreenInfo extends ScreenReport {
  id: string
  role: string
  reportedAt: number
}
