// What the speaker screen shows at an instant of the planned agenda (pure).
import type { SegmentView } from '../../../server/contract/schemas'
import { wrapUpLevel, type AgendaPosition } from '../lib/agenda'
import type { MessageKey } from '../lib/i18n'

export interface StageView {
  /** The running segment, or null with a phase message instead (before, break, after). */
  segment: SegmentView | null
  phaseKey: MessageKey | null
  countdownKey: MessageKey | null
  countdownMs: number
  next: SegmentView | null
  /** Wrap-up thresholds crossed in the running segment (0: none). */
  wrapUp: number
}

export function stageView(position: AgendaPosition): StageView {
  switch (position.kind) {
    case 'empty':
      return { segment: null, phaseKey: 'agenda.empty', countdownKey: null, countdownMs: 0, next: null, wrapUp: 0 }
    case 'before':
      return {
        segment: null,
        phaseKey: 'stage.beforeStart',
        countdownKey: 'stage.startsIn',
        countdownMs: position.untilMs,
        next: position.next,
        wrapUp: 0,
      }
    case 'during':
      return {
        segment: position.segment,
        phaseKey: null,
        countdownKey: 'stage.remaining',
        countdownMs: position.remainingMs,
        next: position.next,
        wrapUp: wrapUpLevel(position.segment, position.remainingMs),
      }
    case 'between':
      return {
        segment: null,
        phaseKey: 'stage.break',
        countdownKey: 'stage.resumesIn',
        countdownMs: position.untilMs,
        next: position.next,
        wrapUp: 0,
      }
    case 'after':
      return { segment: null, phaseKey: 'stage.ended', countdownKey: null, countdownMs: 0, next: null, wrapUp: 0 }
    default:
      position satisfies never
      throw new Error('unknown agenda position')
  }
}

/** A question's type size on the stage, by length: short ones large, long ones smaller so they stay whole. */
export function textSize(text: string): 'l' | 'm' | 's' {
  const length = Array.from(text.trim()).length
  return length <= 110 ? 'l' : length <= 220 ? 'm' : 's'
}
