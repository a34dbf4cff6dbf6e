import { describe, expect, it } from 'vitest'
import {
  applyChange,
  applyChanges,
  applyItem,
  applySnapshot,
  applySync,
  countByStatus,
  emptyQueue,
  itemsByStatus,
  myItems,
  onAirItem,
  publishedItems,
  type QueueState,
  resumeFrom,
  verdict,
} from '../../../client/src/lib/queue'
import { item, snapshot } from './fixtures'

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'
const C = '00000000-0000-4000-8000-00000000000c'

function loaded(seq = 10, items = [item({ id: A })]): QueueState {
  return applySnapshot(emptyQueue(), snapshot(seq, items), Date.parse('2020-05-19T13:09:58.000Z'))
}

describe('applySnapshot', () => {
  it('replaces the whole state and estimates the server clock offset', () => {
    const before = applyChange(loaded(3, [item({ id: B })]), { seq: 4, prev: 3, type: 'item.remove', id: B })
    const state = applySnapshot(
      before,
      snapshot(10, [item({ id: A })], { role: 'attendee', attendeeId: 'att-1' }),
      Date.parse('2020-05-19T13:09:58.000Z'),
    )
    expect(state.seq).toBe(10)
    expect(state.role).toBe('attendee')
    expect(state.attendeeId).toBe('att-1')
    expect([...state.items.keys()]).toEqual([A])
    expect(state.serverOffsetMs).toBe(2000)
    expect(state.clock).toEqual({ speed: 1, commands: [] })
  })
})

describe('applyChange', () => {
  it('upserts and removes items, moving the offset', () => {
    let state = loaded()
    state = applyChange(state, { seq: 11, prev: 10, type: 'item.upsert', item: item({ id: B, text: 'Deuxième' }) })
    expect(state.seq).toBe(11)
    expect(state.items.get(B)?.text).toBe('Deuxième')
    state = applyChange(state, { seq: 12, prev: 11, type: 'item.remove', id: A })
    expect(state.items.has(A)).toBe(false)
    expect(state.seq).toBe(12)
  })

  it('ignores changes already applied (seq ≤ last applied)', () => {
    const state = loaded(10)
    expect(applyChange(state, { seq: 10, prev: 9, type: 'item.remove', id: A })).toBe(state)
    expect(applyChange(state, { seq: 7, prev: 6, type: 'item.upsert', item: item({ id: B }) })).toBe(state)
  })

  it('ignores changes before any snapshot', () => {
    const state = emptyQueue()
    expect(applyChange(state, { seq: 1, prev: 0, type: 'item.upsert', item: item({ id: A }) })).toBe(state)
  })

  it('never lets an older version overwrite a newer one, but still advances', () => {
    let state = applyItem(loaded(10), item({ id: A, version: 3, status: 'approved' }))
    state = applyChange(state, { seq: 11, prev: 10, type: 'item.upsert', item: item({ id: A, version: 2, status: 'pending' }) })
    expect(state.items.get(A)?.status).toBe('approved')
    expect(state.seq).toBe(11)
  })

  it('keeps the clock log from clock changes', () => {
    const log = { speed: 1, commands: [{ type: 'start', at: 1 }] }
    const state = applyChange(loaded(10), { seq: 11, prev: 10, type: 'clock', log })
    expect(state.clock).toEqual(log)
    expect(state.seq).toBe(11)
  })

  it('keeps the régie messages in order, updating one when it is acknowledged', () => {
    const message = { id: 'm1', text: 'Il reste 5 minutes', sentAt: '2020-05-19T13:40:00.000Z', acknowledgedAt: null }
    let state = applyChange(loaded(10), { seq: 11, prev: 10, type: 'message', message })
    state = applyChange(state, {
      seq: 12,
      prev: 11,
      type: 'message',
      message: { ...message, id: 'm0', sentAt: '2020-05-19T13:30:00.000Z' },
    })
    state = applyChange(state, { seq: 13, prev: 12, type: 'message', message: { ...message, acknowledgedAt: '2020-05-19T13:41:00.000Z' } })
    expect(state.messages.map((m) => [m.id, m.acknowledgedAt])).toEqual([
      ['m0', null],
      ['m1', '2020-05-19T13:41:00.000Z'],
    ])
  })

  it('does not mutate the previous state', () => {
    const state = loaded()
    applyChange(state, { seq: 11, prev: 10, type: 'item.remove', id: A })
    expect(state.items.has(A)).toBe(true)
  })
})

describe('gaps', () => {
  it('applies a change whose channel carried nothing since where the screen stands', () => {
    // The public channel skipped 11 and 12 (pending questions): prev says so.
    expect(verdict(loaded(10), { seq: 13, prev: 10, type: 'item.remove', id: A })).toBe('apply')
  })

  it('asks for a resync when the channel carried something the screen has not applied', () => {
    expect(verdict(loaded(10), { seq: 13, prev: 12, type: 'item.remove', id: A })).toBe('gap')
  })

  it('drops what it already applied, whatever prev says', () => {
    expect(verdict(loaded(10), { seq: 9, prev: 8, type: 'item.remove', id: A })).toBe('stale')
    expect(verdict(loaded(10), { seq: 10, prev: 9, type: 'item.remove', id: A })).toBe('stale')
  })

  it('follows an attendee’s private channel on its own: a public change does not cover it, nor the reverse', () => {
    let state = applyChange(loaded(10), { seq: 11, prev: 10, type: 'item.upsert', item: item({ id: B, status: 'approved' }) })
    expect([state.seq, state.ownSeq]).toEqual([11, 10])
    const own = { seq: 12, prev: 10, own: true as const, type: 'item.upsert' as const, item: item({ id: C, mine: true }) }
    expect(verdict(state, own)).toBe('apply')
    state = applyChange(state, own)
    expect([state.seq, state.ownSeq]).toEqual([11, 12])
    // The same number on both channels (a question of mine, published): each channel applies it once.
    const published = item({ id: C, status: 'approved', version: 2 })
    state = applyChange(state, { seq: 13, prev: 11, type: 'item.upsert', item: published })
    // The public copy, first, cannot know whose it is: the question stays mine in between (a screen reader hears
    // « your question is published », not « a new question »).
    expect(state.items.get(C)?.mine).toBe(true)
    state = applyChange(state, { seq: 13, prev: 12, own: true, type: 'item.upsert', item: { ...published, mine: true } })
    expect(state.items.get(C)?.mine).toBe(true)
    expect(verdict(state, { seq: 15, prev: 14, own: true, type: 'item.remove', id: C })).toBe('gap')
    // A resync starts where the furthest-behind channel stands.
    expect(resumeFrom({ ...state, ownSeq: 12 })).toBe(12)
  })

  it('moves both channels to the end of a replay', () => {
    const state = applySync(loaded(10), {
      kind: 'changes',
      seq: 20,
      changes: [{ seq: 14, prev: 10, own: true, type: 'item.remove', id: A }],
    })
    expect([state.seq, state.ownSeq]).toEqual([20, 20])
    expect(state.items.has(A)).toBe(false)
  })
})

describe('applySync', () => {
  it('applies missed changes in order, then moves to the server offset', () => {
    const state = applySync(loaded(10), {
      kind: 'changes',
      seq: 15,
      changes: [
        { seq: 11, prev: 10, type: 'item.upsert', item: item({ id: B }) },
        { seq: 13, prev: 12, type: 'item.upsert', item: item({ id: B, version: 2, status: 'approved' }) },
      ],
    })
    expect(state.items.get(B)?.status).toBe('approved')
    // Changes this audience may not see leave gaps: the offset is the server's.
    expect(state.seq).toBe(15)
  })

  it('replaces everything on a snapshot', () => {
    const state = applySync(loaded(10), { kind: 'snapshot', snapshot: snapshot(40, [item({ id: C })]) })
    expect(state.seq).toBe(40)
    expect([...state.items.keys()]).toEqual([C])
  })

  it('cannot apply changes without a base snapshot', () => {
    const state = applySync(emptyQueue(), { kind: 'changes', seq: 3, changes: [] })
    expect(state.seq).toBeNull()
  })

  it('buffered live changes after a sync: the ones it covered are ignored', () => {
    const synced = applySync(loaded(10), {
      kind: 'changes',
      seq: 12,
      changes: [{ seq: 12, prev: 11, type: 'item.upsert', item: item({ id: B }) }],
    })
    const buffered = [
      { seq: 12, prev: 11, type: 'item.remove' as const, id: B },
      { seq: 13, prev: 12, type: 'item.upsert' as const, item: item({ id: C }) },
    ]
    const state = applyChanges(synced, buffered)
    expect(state.items.has(B)).toBe(true)
    expect(state.items.has(C)).toBe(true)
    expect(state.seq).toBe(13)
  })
})

describe('applyItem (acknowledged item)', () => {
  it('shows the item at once without touching the offset', () => {
    const state = applyItem(loaded(10), item({ id: B, mine: true }))
    expect(state.items.get(B)?.mine).toBe(true)
    expect(state.seq).toBe(10)
  })

  it('is dropped when a newer version is already known', () => {
    const state = applyChange(loaded(10), { seq: 11, prev: 10, type: 'item.upsert', item: item({ id: A, version: 2, status: 'approved' }) })
    expect(applyItem(state, item({ id: A, version: 1 }))).toBe(state)
  })
})

describe('selectors', () => {
  const items = new Map(
    [
      item({ id: 'p2', status: 'pending', createdAt: '2020-05-19T13:06:00.000Z' }),
      item({ id: 'p1', status: 'pending', createdAt: '2020-05-19T13:01:00.000Z' }),
      item({ id: 'ap-votes', status: 'approved', votes: 5 }),
      item({ id: 'ap-rank', status: 'approved', rank: 1, votes: 0 }),
      item({ id: 'ap-old', status: 'approved', votes: 5, createdAt: '2020-05-19T13:00:00.000Z' }),
      item({ id: 'air', status: 'on_air' }),
      item({ id: 'ans-old', status: 'answered', answeredAt: '2020-05-19T13:20:00.000Z' }),
      item({ id: 'ans-new', status: 'answered', answeredAt: '2020-05-19T13:30:00.000Z' }),
      item({ id: 'gone', status: 'dismissed', mine: true, createdAt: '2020-05-19T13:02:00.000Z' }),
      item({ id: 'mine', status: 'pending', mine: true, createdAt: '2020-05-19T13:07:00.000Z' }),
    ].map((entry) => [entry.id, entry]),
  )
  const ids = (list: { id: string }[]) => list.map((entry) => entry.id)

  it('orders the pending lane first come, first served', () => {
    expect(ids(itemsByStatus(items, 'pending'))).toEqual(['p1', 'p2', 'mine'])
  })

  it('orders the answer queue by rank, then votes, then age', () => {
    expect(ids(itemsByStatus(items, 'approved'))).toEqual(['ap-rank', 'ap-old', 'ap-votes'])
  })

  it('lists published questions: on air first, then the queue, then answered (latest first)', () => {
    expect(ids(publishedItems(items))).toEqual(['air', 'ap-rank', 'ap-old', 'ap-votes', 'ans-new', 'ans-old'])
  })

  it('lists my questions newest first, whatever their status', () => {
    expect(ids(myItems(items))).toEqual(['mine', 'gone'])
  })

  it('finds the question on air and counts each status', () => {
    expect(onAirItem(items)?.id).toBe('air')
    expect(onAirItem(new Map())).toBeNull()
    expect(countByStatus(items)).toEqual({ pending: 3, approved: 3, on_air: 1, answered: 2, dismissed: 1, merged: 0, withdrawn: 0 })
  })
})
