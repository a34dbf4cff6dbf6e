import { describe, expect, it } from 'vitest'
import { RANK_STEP, reorder, stepPlacement, type RankedItem } from '../../../client/src/lib/reorder'

const q = (...ranks: (number | null)[]): RankedItem[] => ranks.map((rank, index) => ({ id: `q${index + 1}`, rank }))

/** The order the server would list after the edits: rank first (lowest first), unplaced ones after, in order. */
function apply(queue: RankedItem[], edits: { id: string; rank: number }[]): string[] {
  const ranks = new Map(queue.map((item) => [item.id, item.rank]))
  for (const edit of edits) ranks.set(edit.id, edit.rank)
  const position = new Map(queue.map((item, index) => [item.id, index]))
  return [...ranks.entries()]
    .sort(([a, ra], [b, rb]) => {
      if (ra !== rb) {
        if (ra === null || ra === undefined) return 1
        if (rb === null || rb === undefined) return -1
        return ra - rb
      }
      return position.get(a)! - position.get(b)!
    })
    .map(([id]) => id)
}

describe('reorder the answer queue', () => {
  it('gives a question a rank between its new neighbours', () => {
    const queue = q(1000, 2000, 3000)
    const edits = reorder(queue, 'q3', { before: 'q2' })
    expect(edits).toEqual([{ id: 'q3', rank: 1500 }])
    expect(apply(queue, edits)).toEqual(['q1', 'q3', 'q2'])
  })

  it('moves to the top below the first rank, and to the bottom past the last', () => {
    const queue = q(1000, 2000, 3000)
    expect(reorder(queue, 'q3', { index: 0 })).toEqual([{ id: 'q3', rank: 1000 - RANK_STEP }])
    expect(reorder(queue, 'q1', { after: 'q3' })).toEqual([{ id: 'q1', rank: 3000 + RANK_STEP }])
  })

  it('places unranked questions above the moved one so that they stay above it', () => {
    // Nobody placed anything yet: the queue is in vote order. Moving the third one to second place
    // ranks the first one too, otherwise the moved question would jump above it.
    const queue = q(null, null, null, null)
    const edits = reorder(queue, 'q3', { before: 'q2' })
    expect(edits).toEqual([
      { id: 'q1', rank: RANK_STEP },
      { id: 'q3', rank: 2 * RANK_STEP },
    ])
    expect(apply(queue, edits)).toEqual(['q1', 'q3', 'q2', 'q4'])
  })

  it('needs a single edit to move an unranked question to the top', () => {
    const queue = q(null, null, null)
    expect(reorder(queue, 'q3', { index: 0 })).toEqual([{ id: 'q3', rank: RANK_STEP }])
  })

  it('moves a ranked question below unranked ones by ranking those above it', () => {
    const queue = q(100, null, null)
    const edits = reorder(queue, 'q1', { after: 'q2' })
    expect(apply(queue, edits)).toEqual(['q2', 'q1', 'q3'])
    expect(edits.map((e) => e.id)).toEqual(['q2', 'q1'])
  })

  it('sends nothing when the question does not move or is unknown', () => {
    const queue = q(1000, 2000)
    expect(reorder(queue, 'q1', { before: 'q2' })).toEqual([])
    expect(reorder(queue, 'q2', { after: 'q1' })).toEqual([])
    expect(reorder(queue, 'nope', { index: 0 })).toEqual([])
    expect(reorder(queue, 'q1', { before: 'nope' })).toEqual([])
  })

  it('renumbers when two ranks are too close to split', () => {
    const queue = q(1, 1 + 1e-9, 5)
    const edits = reorder(queue, 'q3', { before: 'q2' })
    expect(apply(queue, edits)).toEqual(['q1', 'q3', 'q2'])
    const ranks = edits.map((e) => e.rank)
    expect(new Set(ranks).size).toBe(ranks.length)
  })

  it('survives many moves in a row, always landing where asked', () => {
    let queue = q(null, null, null, null, null)
    for (let round = 0; round < 80; round += 1) {
      // Always move the last one to second place: the gap halves each time until renumbering kicks in.
      const ids = queue.map((item) => item.id)
      const last = ids[ids.length - 1]!
      const edits = reorder(queue, last, { before: ids[1]! })
      const expected = [ids[0], last, ...ids.slice(1, -1)]
      const order = apply(queue, edits)
      expect(order).toEqual(expected)
      const ranks = new Map(queue.map((item) => [item.id, item.rank]))
      for (const edit of edits) ranks.set(edit.id, edit.rank)
      queue = order.map((id) => ({ id, rank: ranks.get(id) ?? null }))
    }
  })
})

describe('keyboard steps (Alt+↑ / Alt+↓) in a filtered view', () => {
  it('moves past the visible neighbour', () => {
    expect(stepPlacement(['a', 'b', 'c'], 'b', -1)).toEqual({ before: 'a' })
    expect(stepPlacement(['a', 'b', 'c'], 'b', 1)).toEqual({ after: 'c' })
    expect(stepPlacement(['a', 'b', 'c'], 'a', -1)).toBeNull()
    expect(stepPlacement(['a', 'b', 'c'], 'c', 1)).toBeNull()
    expect(stepPlacement(['a'], 'z', 1)).toBeNull()
  })

  it('jumps over questions the filter hides', () => {
    const queue = q(1000, 2000, 3000, 4000)
    // q2 and q3 are hidden: Alt+↑ on q4 moves it above q1, its visible neighbour.
    const placement = stepPlacement(['q1', 'q4'], 'q4', -1)!
    expect(apply(queue, reorder(queue, 'q4', placement))).toEqual(['q4', 'q1', 'q2', 'q3'])
  })
})
