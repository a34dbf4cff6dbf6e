// Conversions between the wire (event view, logged commands) and the pure clock. Pure: the client uses it too.
import type { ClockLog, WireCommand } from '../contract/clock'
import type { SegmentView } from '../contract/schemas'
import { type ClockCommand, type ClockSegment, type ClockState, fold } from './clock'
import { duration, instant } from './time'

export function clockSegments(segments: readonly SegmentView[]): ClockSegment[] {
  return segments.map((s) => ({
    position: s.position,
    plannedStart: instant(Date.parse(s.plannedStart)),
    durationMs: duration(s.durationSeconds * 1000),
    kind: s.kind,
    overrun: s.overrun,
    minDurationMs: duration(s.minDurationSeconds * 1000),
    wrapUpMs: s.wrapUpSeconds.map((w) => duration(w * 1000)),
  }))
}

export function clockCommands(commands: readonly WireCommand[]): ClockCommand[] {
  return commands.flatMap((c): ClockCommand[] => {
    const at = instant(c.at)
    switch (c.type) {
      case 'goto':
        return [{ type: 'goto', at, segment: c.segment ?? 0 }]
      case 'adjust':
        return [{ type: 'adjust', at, seconds: c.seconds ?? 0 }]
      case 'start':
      case 'next':
      case 'previous':
      case 'pause':
      case 'resume':
      case 'end':
        return [{ type: c.type, at }]
      default:
        return []
    }
  })
}

/** The clock at `nowMs` (the server's time), from the event's agenda and its log. */
export function clockAt(segments: readonly SegmentView[], log: ClockLog, nowMs: number): ClockState {
  return fold(clockSegments(segments), clockCommands(log.commands), instant(nowMs), log.speed)
}
