// The régie's clock buttons (pure): which apply in each phase, what each sends, and the keys that press them.
import type { ClockCommandInput, ClockLog } from '../../../../server/contract/clock'
import type { ItemView } from '../../../../server/contract/schemas'
import type { ClockDisplay } from '../../lib/clock-display'
import type { MessageKey } from '../../lib/i18n'

export type PanelCommand = 'start' | 'rehearsal' | 'next' | 'previous' | 'pauseResume' | 'adjustPlus' | 'adjustMinus' | 'end' | 'reset'

/** Commands that ask « are you sure? » first. */
export const CONFIRMED: readonly PanelCommand[] = ['end', 'reset']

export const REHEARSAL_SPEED = 60
const ADJUST_SECONDS = 60

export interface Shortcut {
  /** KeyboardEvent.key values, lower case. */
  keys: readonly string[]
  /** What the button shows in <kbd>. */
  shown: string
  /** aria-keyshortcuts. */
  aria: string
}

/**
 * Single keys, away from the queue's (a d o r u, and e t g m b x for a card's tools; arrows, [ ], /, Shift+A/D).
 * End is F (« fin », "finish"), not E (a card's edit). No key for the rehearsal or the reset: a stray key
 * press must not restart the agenda.
 */
export const CLOCK_SHORTCUTS: Readonly<Partial<Record<PanelCommand, Shortcut>>> = {
  start: { keys: ['s'], shown: 'S', aria: 'S' },
  next: { keys: ['n'], shown: 'N', aria: 'N' },
  previous: { keys: ['p'], shown: 'P', aria: 'P' },
  pauseResume: { keys: [' ', 'spacebar'], shown: 'space', aria: 'Space' },
  adjustPlus: { keys: ['+', '='], shown: '+', aria: '+' },
  adjustMinus: { keys: ['-', '−', '_'], shown: '−', aria: '-' },
  end: { keys: ['f'], shown: 'F', aria: 'F' },
}

export type Availability = Record<PanelCommand, boolean>

export function availability(display: ClockDisplay | null): Availability {
  const none: Availability = {
    start: false,
    rehearsal: false,
    next: false,
    previous: false,
    pauseResume: false,
    adjustPlus: false,
    adjustMinus: false,
    end: false,
    reset: false,
  }
  if (!display) return none
  switch (display.phase) {
    case 'idle':
      return { ...none, start: true, rehearsal: true }
    case 'ended':
      return { ...none, reset: true }
    case 'running':
    case 'paused': {
      const index = display.index ?? 0
      return {
        ...none,
        next: index < display.segments.length - 1,
        previous: index > 0,
        pauseResume: true,
        adjustPlus: true,
        adjustMinus: display.allottedMs >= ADJUST_SECONDS * 1000,
        end: true,
        reset: true,
      }
    }
    default:
      display.phase satisfies never
      return none
  }
}

/** `reopenAnswered`: the reset's choice after a rehearsal (« remettre dans Publiées… »). */
export function inputFor(command: PanelCommand, display: ClockDisplay | null, reopenAnswered = false): ClockCommandInput {
  switch (command) {
    case 'start':
      return { type: 'start' }
    case 'rehearsal':
      return { type: 'start', speed: REHEARSAL_SPEED }
    case 'next':
      return { type: 'next' }
    case 'previous':
      return { type: 'previous' }
    case 'pauseResume':
      return { type: display?.phase === 'paused' ? 'resume' : 'pause' }
    case 'adjustPlus':
      return { type: 'adjust', seconds: ADJUST_SECONDS }
    case 'adjustMinus':
      return { type: 'adjust', seconds: -ADJUST_SECONDS }
    case 'end':
      return { type: 'end' }
    case 'reset':
      return reopenAnswered ? { type: 'reset', reopenAnswered: true } : { type: 'reset' }
    default:
      command satisfies never
      throw new TypeError(`unknown command ${String(command)}`)
  }
}

export function labelKeyOf(command: PanelCommand, display: ClockDisplay | null): MessageKey {
  switch (command) {
    case 'pauseResume':
      return display?.phase === 'paused' ? 'clock.cmd.resume' : 'clock.cmd.pause'
    case 'start':
      return 'clock.cmd.start'
    case 'rehearsal':
      return 'clock.cmd.rehearsal'
    case 'next':
      return 'clock.cmd.next'
    case 'previous':
      return 'clock.cmd.previous'
    case 'adjustPlus':
      return 'clock.cmd.adjustPlus'
    case 'adjustMinus':
      return 'clock.cmd.adjustMinus'
    case 'end':
      return 'clock.cmd.end'
    case 'reset':
      return 'clock.cmd.reset'
    default:
      command satisfies never
      return 'clock.cmd.start'
  }
}

/**
 * The questions a reset after this rehearsal may put back in « Publiées »: those answered since the rehearsal
 * started (the server marks them), and the one still on air (the reset ends it). None outside a rehearsal.
 */
export function rehearsalQuestions(items: Iterable<ItemView>, log: ClockLog | null): ItemView[] {
  const started = log && log.speed !== 1 ? log.commands.find((command) => command.type === 'start')?.at : undefined
  if (started === undefined) return []
  return [...items].filter(
    (item) =>
      item.status === 'on_air' ||
      (item.status === 'answered' &&
        item.answeredInRehearsal === true &&
        item.answeredAt !== null &&
        Date.parse(item.answeredAt) >= started),
  )
}

/** What a key press landed on, as far as shortcuts care. */
export interface KeyTarget {
  /** Typing goes there: text inputs, text areas, selects (type-ahead), contenteditable. */
  editable: boolean
  /** Space or Enter already means something there: buttons, links, checkboxes, focusable cards… */
  interactive: boolean
  /** Inside a form or a dialog (a card's edit panel, the merge dialog, the message box): keys belong there. */
  enclosed: boolean
}

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  repeat: boolean
  defaultPrevented: boolean
  target: KeyTarget
}

/** The clock command a key press means, or null: never while typing or in a form or dialog, never a held key, never one a card took. */
export function commandForKey(press: KeyPress): PanelCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.repeat || press.defaultPrevented) return null
  if (press.target.editable || press.target.enclosed) return null
  const key = press.key.toLowerCase()
  for (const [command, shortcut] of Object.entries(CLOCK_SHORTCUTS) as [PanelCommand, Shortcut][]) {
    if (!shortcut.keys.includes(key)) continue
    // Space on a focused control presses that control.
    if (command === 'pauseResume' && press.target.interactive) return null
    return command
  }
  return null
}

const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])
const INTERACTIVE_ROLES = new Set(['button', 'link', 'checkbox', 'switch', 'menuitem', 'option', 'tab', 'radio'])

interface ElementLike {
  tagName: string
  isContentEditable?: boolean
  tabIndex?: number
  getAttribute(name: string): string | null
  closest?(selectors: string): unknown
}

export function keyTargetOf(element: ElementLike | null): KeyTarget {
  if (!element || typeof element.tagName !== 'string') return { editable: false, interactive: false, enclosed: false }
  const tag = element.tagName.toUpperCase()
  const type = (element.getAttribute('type') ?? 'text').toLowerCase()
  const editable = element.isContentEditable === true || tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !NOT_TYPED.has(type))
  const role = element.getAttribute('role')
  const interactive =
    editable ||
    ['BUTTON', 'A', 'INPUT', 'SUMMARY', 'DIALOG'].includes(tag) ||
    (role !== null && INTERACTIVE_ROLES.has(role)) ||
    (typeof element.tabIndex === 'number' && element.tabIndex >= 0 && !['BODY', 'MAIN', 'HTML'].includes(tag))
  const enclosed = typeof element.closest === 'function' && element.closest('form, dialog, [role="dialog"]') !== null
  return { editable, interactive, enclosed }
}
