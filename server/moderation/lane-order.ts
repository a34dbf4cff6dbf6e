// The order every screen lists a status in (pure): the régie's lanes, the stage, the audience and the integration feed.
import type { ItemStatus, ItemView } from '../contract/schemas'

type Ordered = Pick<ItemView, 'id' | 'createdAt' | 'updatedAt' | 'answeredAt' | 'rank' | 'votes'>

const byCreated = (a: Ordered, b: Ordered) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
const newestFirst = (key: (item: Ordered) => string | null) => (a: Ordered, b: Ordered) =>
  (key(b) ?? b.updatedAt).localeCompare(key(a) ?? a.updatedAt) || byCreated(a, b)

/** The answer queue's order: explicit rank first (lowest first), then most upvoted, then oldest. */
function byAnswerOrder(a: Ordered, b: Ordered): number {
  if (a.rank !== b.rank) {
    if (a.rank === null) return 1
    if (b.rank === null) return -1
    return a.rank - b.rank
  }
  return b.votes - a.votes || byCreated(a, b)
}

const LANE_ORDER: Record<ItemStatus, (a: Ordered, b: Ordered) => number> = {
  pending: byCreated, // first come, first triaged
  approved: byAnswerOrder,
  on_air: byCreated,
  answered: newestFirst((item) => item.answeredAt),
  dismissed: newestFirst((item) => item.updatedAt),
  merged: newestFirst((item) => item.updatedAt),
  withdrawn: newestFirst((item) => item.updatedAt),
}

/** The items of one status, in that status's order. */
export function inLaneOrder<T extends Ordered & { status: ItemStatus }>(items: Iterable<T>, status: ItemStatus): T[] {
  return [...items].filter((item) => item.status === status).sort(LANE_ORDER[status])
}

/** Newest first by creation: one's own questions. */
export function newestCreatedFirst(a: Ordered, b: Ordered): number {
  return byCreated(b, a)
}
