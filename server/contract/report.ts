// The report after the event: agenda planned vs actual, questions, attendance. JSON as served, and the page's input.
import Type, { type Static } from 'typebox'
import { type ORGANISATION_TYPES } from './registration'
import { EventView, ItemSource, ItemStatus } from './schemas'

const Instant = Type.String({ format: 'date-time' })
const NullableInstant = Type.Union([Instant, Type.Null()])
const NullableNumber = Type.Union([Type.Number(), Type.Null()])

export const ReportSegment = Type.Object({
  position: Type.Integer(),
  title: Type.String(),
  kind: Type.String(),
  plannedStart: Instant,
  plannedEnd: Instant,
  actualStart: NullableInstant,
  actualEnd: NullableInstant,
  /** Actual minus planned length, in seconds; null when the segment did not run to its end. */
  overrunSeconds: NullableNumber,
  /** Actual minus planned start, in seconds (positive: late). */
  startDeltaSeconds: NullableNumber,
})
export type ReportSegment = Static<typeof ReportSegment>

export const ReportQuestion = Type.Object({
  id: Type.String(),
  text: Type.String(),
  source: ItemSource,
  status: ItemStatus,
  author: Type.Union([Type.String(), Type.Null()]),
  votes: Type.Integer(),
  askedBy: Type.Integer(),
  segment: Type.Union([Type.Integer(), Type.Null()]),
  askedAt: Instant,
  onAirAt: NullableInstant,
  answeredAt: NullableInstant,
  /** From asking to on air, and from on air to answered, in seconds. */
  waitSeconds: NullableNumber,
  answerSeconds: NullableNumber,
  reply: Type.Union([Type.String(), Type.Null()]),
})
export type ReportQuestion = Static<typeof ReportQuestion>

const StatusCounts = Type.Object({
  pending: Type.Integer(),
  approved: Type.Integer(),
  on_air: Type.Integer(),
  answered: Type.Integer(),
  dismissed: Type.Integer(),
  merged: Type.Integer(),
})

export type AttendanceGroup = (typeof ORGANISATION_TYPES)[number] | 'unregistered' | 'total'

export const AttendanceRow = Type.Object({
  group: Type.String(),
  registered: Type.Integer(),
  approved: Type.Integer(),
  invited: Type.Integer(),
  joinedPersonal: Type.Integer(),
  joinedPublic: Type.Integer(),
  asked: Type.Integer(),
  voted: Type.Integer(),
})
export type AttendanceRow = Static<typeof AttendanceRow>

export const Report = Type.Object({
  generatedAt: Instant,
  event: EventView,
  agenda: Type.Object({
    started: NullableInstant,
    ended: NullableInstant,
    plannedStart: Instant,
    plannedEnd: Instant,
    segments: Type.Array(ReportSegment),
  }),
  questions: Type.Object({
    total: Type.Integer(),
    bySource: Type.Object({ attendee: Type.Integer(), x: Type.Integer(), manual: Type.Integer() }),
    byStatus: StatusCounts,
    /** Per segment position (null: asked before the start or after the end). */
    bySegment: Type.Array(
      Type.Object({ segment: Type.Union([Type.Integer(), Type.Null()]), asked: Type.Integer(), answered: Type.Integer() }),
    ),
    medianWaitSeconds: NullableNumber,
    medianAnswerSeconds: NullableNumber,
    answered: Type.Array(ReportQuestion),
    /** Published but not answered: for a written follow-up. */
    unanswered: Type.Array(ReportQuestion),
  }),
  attendance: Type.Object({
    rows: Type.Array(AttendanceRow),
    peak: Type.Union([Type.Object({ attendees: Type.Integer(), at: Instant }), Type.Null()]),
    /** Attendees connected, per minute (all processes together). */
    samples: Type.Array(Type.Object({ at: Instant, attendees: Type.Integer() })),
  }),
})
export type Report = Static<typeof Report>
