// The moderation state machine (pure). Every legal move is listed here; anything else is an illegal transition.
import type { ItemStatus, ModerationAction } from '../contract/schemas'

const TRANSITIONS: Record<ModerationAction, Partial<Record<ItemStatus, ItemStatus>>> = {
  approve: { pending: 'approved' },
  // A published question can still be taken down (post-moderation, or a second look).
  dismiss: { pending: 'dismissed', approved: 'dismissed' },
  restore: { dismissed: 'pending' },
  put_on_air: { approved: 'on_air' },
  mark_answered: { on_air: 'answered' },
  reopen: { answered: 'approved' },
  // Any live item can join another; a merged one stays merged.
  merge: { pending: 'merged', approved: 'merged', on_air: 'merged', answered: 'merged', dismissed: 'merged' },
}

export type TransitionResult = { ok: true; to: ItemStatus } | { ok: false; action: ModerationAction; from: ItemStatus }

export function transition(from: ItemStatus, action: ModerationAction): TransitionResult {
  const to = TRANSITIONS[action][from]
  return to ? { ok: true, to } : { ok: false, action, from }
}

/** Statuses the public audience may see: anything else never leaves the moderators' room. */
export const PUBLIC_STATUSES: ReadonlySet<ItemStatus> = new Set(['approved', 'on_air', 'answered'])

export function isPublic(status: ItemStatus): boolean {
  return PUBLIC_STATUSES.has(status)
}

export const ALL_ACTIONS = Object.keys(TRANSITIONS) as ModerationAction[]
