// The report as a pure function of what happened: the agenda from the clock's command log (the same fold every
// screen runs), the questions as moderators see them, registrations, sessions, votes and presence samples.
import { clockAt } from '../clock/clock.wire'
import type { ClockLog } from '../contract/clock'
import { ORGANISATION_TYPES } from '../contract/registration'
import type { AttendanceGroup, AttendanceRow, Report, ReportQuestion, ReportSegment } from '../contract/report'
import type { EventView, ItemView } from '../contract/schemas'
import { toZonedIso } from '../events/zoned-time'

export interface ReportInput {
  now: number
  event: EventView
  clock: ClockLog
  items: readonly ItemView[]
  registrations: readonly { id: string; organisationType: string; status: string }[]
  /** Registrations whose invitation was sent. */
  invited: ReadonlySet<string>
  attendees: readonly { id: string; registrationId: string | null }[]
  voters: ReadonlySet<string>
  samples: readonly { minute: Date; attendees: number }[]
}

export function buildReport(input: ReportInput): Report {
  const { event } = input
  const iso = (ms: number) => toZonedIso(ms, event.timeZone)
  const state = clockAt(event.segments, input.clock, input.now)
  const segments: ReportSegment[] = event.segments.map((planned, index) => {
    const actual = state.segments[index]
    const start = actual?.actualStart ?? null
    const end = actual?.actualEnd ?? null
    return {
      position: planned.position,
      title: planned.title,
      kind: planned.kind,
      plannedStart: planned.plannedStart,
      plannedEnd: planned.plannedEnd,
      actualStart: start === null ? null : iso(start),
      actualEnd: end === null ? null : iso(end),
      overrunSeconds: start !== null && end !== null ? Math.round((end - start) / 1000 - planned.durationSeconds) : null,
      startDeltaSeconds: start !== null ? Math.round((start - Date.parse(planned.plannedStart)) / 1000) : null,
    }
  })

  const positionOf = (item: ItemView): number | null => {
    if (item.segmentId !== null) return event.segments.find((s) => s.id === item.segmentId)?.position ?? null
    // Not assigned by a moderator: the segment on air when it was asked (X: when it was posted).
    const at = clockAt(event.segments, input.clock, Date.parse(item.postedAt ?? item.createdAt))
    return at.phase === 'running' || at.phase === 'paused' ? at.current.position : null
  }
  const questions = input.items.map((item) => toQuestion(item, positionOf(item)))
  const count = <K extends string>(keys: readonly K[], of: (q: ReportQuestion) => string) =>
    Object.fromEntries(keys.map((k) => [k, questions.filter((q) => of(q) === k).length])) as Record<K, number>
  const answered = questions.filter((q) => q.status === 'answered')
  const positions = [...new Set(questions.map((q) => q.segment))].sort((a, b) => (a ?? -1) - (b ?? -1))

  return {
    generatedAt: iso(input.now),
    event,
    agenda: {
      started: state.startedAt === null ? null : iso(state.startedAt),
      ended: state.endedAt === null ? null : iso(state.endedAt),
      plannedStart: event.plannedStart,
      plannedEnd: event.plannedEnd,
      segments,
    },
    questions: {
      total: questions.length,
      bySource: count(['attendee', 'x', 'manual'] as const, (q) => q.source),
      byStatus: count(['pending', 'approved', 'on_air', 'answered', 'dismissed', 'merged'] as const, (q) => q.status),
      bySegment: positions.map((segment) => ({
        segment,
        asked: questions.filter((q) => q.segment === segment && q.status !== 'merged').length,
        answered: answered.filter((q) => q.segment === segment).length,
      })),
      medianWaitSeconds: median(answered.flatMap((q) => (q.waitSeconds === null ? [] : [q.waitSeconds]))),
      medianAnswerSeconds: median(answered.flatMap((q) => (q.answerSeconds === null ? [] : [q.answerSeconds]))),
      answered: answered.sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? '')),
      unanswered: questions.filter((q) => q.status === 'approved' || q.status === 'on_air').sort((a, b) => b.votes - a.votes),
    },
    attendance: attendance(input, iso),
  }
}

function toQuestion(item: ItemView, segment: number | null): ReportQuestion {
  const seconds = (from: string | null, to: string | null) => (from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 1000) : null)
  return {
    id: item.id,
    text: item.text,
    source: item.source,
    status: item.status,
    author: authorOf(item),
    votes: item.votes,
    askedBy: 1 + item.coAskers.length,
    segment,
    askedAt: item.createdAt,
    onAirAt: item.onAirAt,
    answeredAt: item.answeredAt,
    waitSeconds: seconds(item.createdAt, item.onAirAt),
    answerSeconds: seconds(item.onAirAt, item.answeredAt),
    reply: item.reply,
  }
}

/** As the public saw it: anonymous stays anonymous; X by handle. */
function authorOf(item: ItemView): string | null {
  if (item.author.anonymous) return null
  if (item.source === 'x') return item.author.xHandle ? `@${item.author.xHandle}` : item.author.name
  const { name, organisation } = item.author
  return name ? (organisation ? `${name} (${organisation})` : name) : organisation
}

function attendance(input: ReportInput, iso: (ms: number) => string): Report['attendance'] {
  const askers = new Set(input.items.flatMap((i) => (i.source === 'attendee' && i.askerId ? [i.askerId] : [])))
  const sessionsOf = new Map<string, string[]>()
  for (const a of input.attendees)
    if (a.registrationId) sessionsOf.set(a.registrationId, [...(sessionsOf.get(a.registrationId) ?? []), a.id])
  const row = (group: AttendanceGroup): AttendanceRow => ({
    group,
    registered: 0,
    approved: 0,
    invited: 0,
    joinedPersonal: 0,
    joinedPublic: 0,
    asked: 0,
    voted: 0,
  })
  const rows = new Map<AttendanceGroup, AttendanceRow>([...ORGANISATION_TYPES, 'unregistered' as const].map((g) => [g, row(g)]))
  for (const r of input.registrations) {
    const target = rows.get(r.organisationType as AttendanceGroup) ?? rows.get('other')!
    const sessions = sessionsOf.get(r.id) ?? []
    target.registered += 1
    if (r.status === 'approved') target.approved += 1
    if (input.invited.has(r.id)) target.invited += 1
    if (sessions.length > 0) target.joinedPersonal += 1
    if (sessions.some((s) => askers.has(s))) target.asked += 1
    if (sessions.some((s) => input.voters.has(s))) target.voted += 1
  }
  const unregistered = rows.get('unregistered')!
  for (const a of input.attendees) {
    if (a.registrationId) continue
    unregistered.joinedPublic += 1
    if (askers.has(a.id)) unregistered.asked += 1
    if (input.voters.has(a.id)) unregistered.voted += 1
  }
  const total = row('total')
  for (const r of rows.values()) {
    for (const key of ['registered', 'approved', 'invited', 'joinedPersonal', 'joinedPublic', 'asked', 'voted'] as const)
      total[key] += r[key]
  }
  const samples = input.samples.map((s) => ({ at: iso(s.minute.getTime()), attendees: s.attendees }))
  const peak = samples.reduce<{ attendees: number; at: string } | null>(
    (best, s) => (!best || s.attendees > best.attendees ? s : best),
    null,
  )
  return { rows: [...rows.values(), total], peak, samples }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
