// What a moderator may do to a question in each status, and the keys that do it (pure).
import type { DismissReason, ItemStatus, ItemView, ModerationAction } from '../../../server/contract/schemas'
import type { MessageKey } from './messages.fr'
import { actionsFor, transition } from '../../../server/moderation/moderation.machine'

export { actionsFor }

/** The régie's lanes, in reading order; « all » lists every question, merged ones included. */
export const LANES = ['pending', 'approved', 'on_air', 'answered', 'dismissed'] as const satisfies readonly ItemStatus[]
export type Lane = (typeof LANES)[number]
export type View = 'lanes' | 'all'

export const DISMISS_REASONS: readonly DismissReason[] = ['off_topic', 'duplicate', 'abusive', 'other']

/** Single-key shortcuts on a focused card, for the moderation moves. */
export const SHORTCUTS: Readonly<Partial<Record<ModerationAction, string>>> = {
  approve: 'a',
  dismiss: 'd',
  put_on_air: 'o',
  mark_answered: 'r',
  reopen: 'u',
  restore: 'u',
}

/** The card's other tools and their keys. (S, N, P, Space, + and − belong to the clock panel.) */
export const TOOLS = ['edit', 'tags', 'segment', 'merge', 'block', 'select'] as const
export type Tool = (typeof TOOLS)[number]
export const TOOL_KEYS: Readonly<Record<Tool, string>> = { edit: 'e', tags: 't', segment: 'g', merge: 'm', block: 'b', select: 'x' }
/** With Shift, anywhere on the board: the bulk moves on the selected questions. */
export const BULK_KEYS: Readonly<Record<'approve' | 'dismiss', string>> = { approve: 'A', dismiss: 'D' }

export type CardCommand =
  | { kind: 'action'; action: ModerationAction }
  | { kind: 'tool'; tool: Tool }
  | { kind: 'move'; delta: -1 | 1 }
  | { kind: 'focus'; delta: -1 | 1 }
  | { kind: 'lane'; delta: -1 | 1 }
  | { kind: 'bulk'; action: 'approve' | 'dismiss' }

export interface KeyPress {
  key: string
  altKey?: boolean
  shiftKey?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
}

/** The tools a card offers: nothing is done to a merged question, nor to one its asker withdrew. */
export function toolsFor(item: Pick<ItemView, 'status' | 'askerId'>): readonly Tool[] {
  if (item.status === 'merged' || item.status === 'withdrawn') return []
  return TOOLS.filter((tool) => {
    if (tool === 'block') return item.askerId !== null
    if (tool === 'select') return isSelectable(item.status)
    return true
  })
}

/** Bulk moves are approve and dismiss: only pending and published questions can be selected. */
export function isSelectable(status: ItemStatus): boolean {
  return status === 'pending' || status === 'approved'
}

/** The action a plain key press triggers on a card in `status`, or null when the key means nothing there. */
export function actionForKey(status: ItemStatus, key: string): ModerationAction | null {
  const pressed = key.toLowerCase()
  return actionsFor(status).find((action) => SHORTCUTS[action] === pressed) ?? null
}

/** What a key press on a focused card means, or null (the key is then left to the browser). */
export function commandForKey(item: Pick<ItemView, 'status' | 'askerId'>, press: KeyPress): CardCommand | null {
  if (press.ctrlKey || press.metaKey) return null
  const vertical = press.key === 'ArrowUp' ? -1 : press.key === 'ArrowDown' ? 1 : 0
  if (press.altKey) {
    return vertical !== 0 && item.status === 'approved' ? { kind: 'move', delta: vertical } : null
  }
  if (vertical !== 0) return { kind: 'focus', delta: vertical }
  if (press.key === 'ArrowLeft') return { kind: 'lane', delta: -1 }
  if (press.key === 'ArrowRight') return { kind: 'lane', delta: 1 }
  if (press.key === '[' || press.key === ']') return item.status === 'approved' ? { kind: 'move', delta: press.key === '[' ? -1 : 1 } : null
  if (press.shiftKey) {
    if (press.key === BULK_KEYS.approve) return { kind: 'bulk', action: 'approve' }
    if (press.key === BULK_KEYS.dismiss) return { kind: 'bulk', action: 'dismiss' }
    return null
  }
  const action = actionForKey(item.status, press.key)
  if (action) return { kind: 'action', action }
  const tool = toolsFor(item).find((candidate) => TOOL_KEYS[candidate] === press.key.toLowerCase())
  return tool ? { kind: 'tool', tool } : null
}

/** Actions that need a word from the moderator first: a reason to dismiss, an optional reply to answer. */
export function needsForm(action: ModerationAction): boolean {
  return action === 'dismiss' || action === 'mark_answered'
}

export function actionLabelKey(action: ModerationAction): MessageKey {
  return `moderate.action.${action}`
}

export function toolLabelKey(tool: Tool): MessageKey {
  return `moderate.tool.${tool}`
}

export function laneTitleKey(lane: Lane | 'all'): MessageKey {
  return `moderate.lane.${lane}`
}

export function reasonKey(reason: DismissReason): MessageKey {
  return `moderate.reason.${reason}`
}

/** Flags raised by the server, as moderators read them. Unknown flags are shown as they are. */
export function flagKey(flag: string): MessageKey | null {
  switch (flag) {
    case 'profanity':
      return 'moderate.flag.profanity'
    case 'spam':
      return 'moderate.flag.spam'
    case 'blocked_asker':
      return 'moderate.flag.blocked_asker'
    default:
      return null
  }
}

/** After a card leaves a lane, the card that should take the focus: the next one, else the previous one. */
export function neighbourId(ids: readonly string[], leavingId: string): string | null {
  const index = ids.indexOf(leavingId)
  if (index === -1) return null
  return ids[index + 1] ?? ids[index - 1] ?? null
}

/** Merge targets: the likely duplicates first (in the server's order), then the others matching the search. */
export function mergeTargets(source: ItemView, items: Iterable<ItemView>, matches: (item: ItemView) => boolean): ItemView[] {
  const statusOrder: Record<ItemStatus, number> = { on_air: 0, approved: 1, pending: 2, answered: 3, dismissed: 4, merged: 5, withdrawn: 6 }
  const candidates = [...items].filter((item) => item.id !== source.id && transition(item.status, 'merge').ok)
  const similar = source.similar.flatMap((id) => candidates.filter((item) => item.id === id))
  const others = candidates
    .filter((item) => !source.similar.includes(item.id) && matches(item))
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.createdAt.localeCompare(a.createdAt))
  return [...similar.filter(matches), ...others]
}

/** Questions their askers withdrew between two states of the queue (the régie says so: their cards just vanish). */
export function withdrawnBetween(before: ReadonlyMap<string, ItemView> | null, after: ReadonlyMap<string, ItemView>): ItemView[] {
  if (before === null) return []
  return [...after.values()].filter((item) => item.status === 'withdrawn' && before.get(item.id)?.status === 'pending')
}
