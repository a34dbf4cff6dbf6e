import { describe, expect, it } from 'vitest'
import { applyChange, applySnapshot, applyVote, askerCount, emptyQueue, isVotable, sortPublished } from '../../../client/src/lib/queue'
import { item, snapshot } from './fixtures'

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'
const C = '00000000-0000-4000-8000-00000000000c'

function attendeeState() {
  const items = [
    item({ id: A, status: 'approved', votes: 3, voted: true }),
    item({ id: B, status: 'approved', votes: 1, voted: false }),
    item({ id: C, status: 'on_air', votes: 0 }),
  ]
  return applySnapshot(emptyQueue(), snapshot(10, items, { role: 'attendee', attendeeId: 'att-1' }))
}

describe('the attendee’s votes', () => {
  it('are seeded from the snapshot’s voted flags', () => {
    expect([...attendeeState().votedIds]).toEqual([A])
  })

  it('are not cleared by live upserts, which always carry voted: false', () => {
    const state = applyChange(attendeeState(), {
      seq: 11,
      prev: 10,
      type: 'item.upsert',
      item: item({ id: A, status: 'approved', votes: 4, version: 2 }),
    })
    expect(state.votedIds.has(A)).toBe(true)
    expect(state.items.get(A)!.votes).toBe(4)
  })

  it('follow the attendee’s own acknowledgements, count included', () => {
    let state = applyVote(attendeeState(), { id: B, votes: 2, voted: true })
    expect(state.votedIds.has(B)).toBe(true)
    expect(state.items.get(B)!.votes).toBe(2)
    state = applyVote(state, { id: A, votes: 2, voted: false })
    expect(state.votedIds.has(A)).toBe(false)
    expect(state.items.get(A)!.votes).toBe(2)
    // An idempotent repeat changes nothing.
    expect([...applyVote(state, { id: B, votes: 2, voted: true }).votedIds].sort()).toEqual([B])
  })

  it('keep the count of the coalesced tally, which replaces counts only', () => {
    const stats = snapshot(0, []).stats
    const state = applyChange(attendeeState(), { seq: 11, prev: 10, type: 'tally', votes: { [A]: 7 }, stats })
    expect(state.items.get(A)!.votes).toBe(7)
    expect(state.votedIds.has(A)).toBe(true)
  })

  it('are replaced by a new snapshot (after a reconnection)', () => {
    const state = applySnapshot(
      applyVote(attendeeState(), { id: B, votes: 2, voted: true }),
      snapshot(20, [item({ id: B, status: 'approved', voted: false })]),
    )
    expect([...state.votedIds]).toEqual([])
  })

  it('do not touch a question the attendee cannot see', () => {
    const state = applyVote(attendeeState(), { id: 'gone', votes: 1, voted: true })
    expect(state.votedIds.has('gone')).toBe(true)
    expect(state.items.has('gone')).toBe(false)
  })
})

describe('published questions', () => {
  it('can be supported until they are answered', () => {
    expect(isVotable(item({ id: A, status: 'approved' }))).toBe(true)
    expect(isVotable(item({ id: A, status: 'on_air' }))).toBe(true)
    expect(isVotable(item({ id: A, status: 'answered' }))).toBe(false)
    expect(isVotable(item({ id: A, status: 'pending' }))).toBe(false)
  })

  it('sort by support (then newest) or newest first', () => {
    const items = [
      item({ id: A, votes: 2, createdAt: '2020-05-19T13:01:00.000Z' }),
      item({ id: B, votes: 5, createdAt: '2020-05-19T13:02:00.000Z' }),
      item({ id: C, votes: 2, createdAt: '2020-05-19T13:03:00.000Z' }),
    ]
    expect(sortPublished(items, 'popular').map((i) => i.id)).toEqual([B, C, A])
    expect(sortPublished(items, 'recent').map((i) => i.id)).toEqual([C, B, A])
  })

  it('count their askers: the asker plus those merged into it', () => {
    const author = item({ id: A }).author
    expect(askerCount(item({ id: A }))).toBe(1)
    expect(askerCount(item({ id: A, coAskers: [author, { ...author, anonymous: true }] }))).toBe(3)
  })
})
