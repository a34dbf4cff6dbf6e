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
  // Any live item can join another; a merged one stays merged, a withdrawn one stays its asker's choice.
  merge: { pending: 'merged', approved: 'merged', on_air: 'merged', answered: 'merged', dismissed: 'merged' },
}

export type TransitionResult = { ok: true; to: ItemStatus } | { ok: false; action: ModerationAction; from: ItemStatus }

export function transition(from: ItemStatus, action: ModerationAction): TransitionResult {
  const to = TRANSITIONS[action][from]
  return to ? { ok: true, to } : { ok: false, action, from }
}

/** Statuses the public audience may see, in the order screens list them: anything else never leaves the moderators' room. */
export const PUBLIC_STATUSES = ['on_air', 'approved', 'answered'] as const satisfies readonly ItemStatus[]

export function isPublic(status: ItemStatus): boolean {
  return (PUBLIC_STATUSES as readonly ItemStatus[]).includes(status)
}

/** Supporting (« moi aussi ») is open while a question is published and not answered yet. */
export function isVotable(status: ItemStatus): boolean {
  return status === 'approved' || status === 'on_air'
}

export const ALL_ACTIONS = Object.keys(TRANSITIONS) as ModerationAction[]

/** The moves a status allows, in the order the régie offers them (merge is offered apart, on every live question). */
const BUTTON_ORDER: readonly ModerationAction[] = ['approve', 'put_on_air', 'mark_answered', 'reopen', 'restore', 'dismiss']
export function actionsFor(status: ItemStatus): ModerationAction[] {
  return BUTTON_ORDER.filter((action) => transition(status, action).ok)
}

/** What an asker may do to their own question. The server checks it; the attendee page offers only what it allows. */
export type AskerAction = 'revise' | 'withdraw'

// Only while no moderator has decided: once published, dismissed or merged, the question is the régie's.
const ASKER_TRANSITIONS: Record<AskerAction, Partial<Record<ItemStatus, ItemStatus>>> = {
  revise: { pending: 'pending' },
  withdraw: { pending: 'withdrawn' },
}

export type AskerTransitionResult = { ok: true; to: ItemStatus } | { ok: false; action: AskerAction; from: ItemStatus }

export function askerTransition(from: ItemStatus, action: AskerAction): AskerTransitionResult {
  const to = ASKER_TRANSITIONS[action][from]
  return to ? { ok: true, to } : { ok: false, action, from }
}

export function askerMay(status: ItemStatus, action: AskerAction): boolean {
  return ASKER_TRANSITIONS[action][status] !== undefined
}
