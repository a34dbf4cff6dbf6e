// Reordering the answer queue (pure): the ranks to send so that one question lands where the moderator put it.
//
// The queue is ordered by rank (lowest first), then — for questions nobody placed, rank null — by votes and age.
// Moving a question gives it a rank between its new neighbours'. Questions above it that had no rank get one
// too (in their current order), otherwise they would fall below it; questions below keep theirs.
import type { ItemView } from '../../../server/contract/schemas'

export const RANK_STEP = 1024
/** Below this gap two ranks are too close to split: the whole placed part of the queue is renumbered. */
const MIN_GAP = 1e-6

export type RankedItem = Pick<ItemView, 'id' | 'rank'>
export interface RankEdit {
  id: string
  rank: number
}

export type Placement = { before: string } | { after: string } | { index: number }

/**
 * The rank edits that move `id` to `placement` in `queue` (given in answer order); empty when nothing moves.
 * Every edit is needed: send them all (one `question.edit` each).
 */
export function reorder(queue: readonly RankedItem[], id: string, placement: Placement): RankEdit[] {
  const from = queue.findIndex((item) => item.id === id)
  if (from === -1) return []
  const moved = queue[from]!
  const rest = queue.filter((item) => item.id !== id)
  const to = targetIndex(rest, placement)
  if (to === null || to === from) return []
  const order = [...rest.slice(0, to), moved, ...rest.slice(to)]

  // Ranks as they will be: everything above the moved question gets one, in its present order.
  const ranks = new Map<string, number>()
  let last: number | null = null
  for (const item of order.slice(0, to)) {
    const rank: number = item.rank ?? (last === null ? RANK_STEP : last + RANK_STEP)
    ranks.set(item.id, rank)
    last = rank
  }
  const next = order[to + 1]?.rank ?? null
  let rank: number
  if (last === null) rank = next === null ? RANK_STEP : next - RANK_STEP
  else if (next === null) rank = last + RANK_STEP
  else rank = (last + next) / 2
  ranks.set(id, rank)

  const tooClose = last !== null && next !== null && (next - last < MIN_GAP || rank <= last || rank >= next)
  if (tooClose) return renumber(order)
  return changed(order, ranks)
}

/** Alt+↑ / Alt+↓ in a (possibly filtered) view: the placement that moves `id` past its visible neighbour. */
export function stepPlacement(visibleIds: readonly string[], id: string, delta: -1 | 1): Placement | null {
  const index = visibleIds.indexOf(id)
  const neighbour = visibleIds[index + delta]
  if (index === -1 || neighbour === undefined) return null
  return delta < 0 ? { before: neighbour } : { after: neighbour }
}

function targetIndex(rest: readonly RankedItem[], placement: Placement): number | null {
  if ('index' in placement) return Math.max(0, Math.min(rest.length, Math.trunc(placement.index)))
  const anchor = 'before' in placement ? placement.before : placement.after
  const index = rest.findIndex((item) => item.id === anchor)
  if (index === -1) return null
  return 'before' in placement ? index : index + 1
}

/** Every question down to the last placed one gets a fresh, evenly spaced rank. */
function renumber(order: readonly RankedItem[]): RankEdit[] {
  let lastPlaced = -1
  order.forEach((item, index) => {
    if (item.rank !== null) lastPlaced = index
  })
  const ranks = new Map(order.slice(0, lastPlaced + 1).map((item, index) => [item.id, (index + 1) * RANK_STEP]))
  return changed(order, ranks)
}

function changed(order: readonly RankedItem[], ranks: ReadonlyMap<string, number>): RankEdit[] {
  return order.flatMap((item) => {
    const rank = ranks.get(item.id)
    return rank !== undefined && rank !== item.rank ? [{ id: item.id, rank }] : []
  })
}
