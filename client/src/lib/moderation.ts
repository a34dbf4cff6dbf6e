// What a moderator may do to a question in each status, and the keys that do it.
import type { DismissReason, ItemStatus, ModerationAction } from '../../../server/contract/schemas'
import type { MessageKey } from './messages.fr'

/** The régie's lanes, in reading order. Merged questions are not shown in a lane. */
export const LANES = ['pending', 'approved', 'on_air', 'answered', 'dismissed'] as const satisfies readonly ItemStatus[]
export type Lane = (typeof LANES)[number]

/** The moderation state machine, seen from the buttons: pending → approved | dismissed; approved → on_air → answered. */
export const ACTIONS_BY_STATUS: Record<ItemStatus, readonly ModerationAction[]> = {
  pending: ['approve', 'dismiss'],
  approved: ['put_on_air'],
  on_air: ['mark_answered'],
  answered: ['reopen'],
  dismissed: ['restore'],
  merged: [],
}

export const DISMISS_REASONS: readonly DismissReason[] = ['off_topic', 'duplicate', 'abusive', 'other']

/** Single-key shortcuts on a focused card. */
export const SHORTCUTS: Readonly<Partial<Record<ModerationAction, string>>> = {
  approve: 'a',
  dismiss: 'd',
  put_on_air: 'o',
  mark_answered: 'r',
}

export function actionsFor(status: ItemStatus): readonly ModerationAction[] {
  return ACTIONS_BY_STATUS[status]
}

/** The action a key press triggers on a card in `status`, or null when the key means nothing there. */
export function actionForKey(status: ItemStatus, key: string): ModerationAction | null {
  const pressed = key.toLowerCase()
  return actionsFor(status).find((action) => SHORTCUTS[action] === pressed) ?? null
}

export function actionLabelKey(action: ModerationAction): MessageKey {
  return `moderate.action.${action}`
}

export function laneTitleKey(lane: Lane): MessageKey {
  return `moderate.lane.${lane}`
}

export function reasonKey(reason: DismissReason | null): MessageKey {
  return reason === null ? 'moderate.reason.none' : `moderate.reason.${reason}`
}

/** After a card leaves a lane, the card that should take the focus: the next one, else the previous one. */
export function neighbourId(ids: readonly string[], leavingId: string): string | null {
  const index = ids.indexOf(leavingId)
  if (index === -1) return null
  return ids[index + 1] ?? ids[index - 1] ?? null
}
