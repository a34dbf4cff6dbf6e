import { describe, expect, it } from 'vitest'
import type { ItemView } from '../../../server/contract/schemas'
import { BATCH_MS, NewsBatcher, excerpt, newsBetween, type News } from '../../../client/src/lib/attendee-news'
import { item } from './fixtures'

const map = (...items: ItemView[]) => new Map(items.map((i) => [i.id, i]))

describe('what an attendee hears', () => {
  it('nothing when the page first fills', () => {
    expect(newsBetween(null, map(item({ id: 'a', status: 'approved' })))).toEqual([])
  })

  it('a newly published question, the question on air, and their own question’s moves', () => {
    const before = map(
      item({ id: 'mine', mine: true, status: 'pending', text: 'La mienne' }),
      item({ id: 'queued', status: 'approved', text: 'En file' }),
      item({ id: 'answered', status: 'answered' }),
    )
    const after = map(
      item({ id: 'mine', mine: true, status: 'approved', text: 'La mienne' }),
      item({ id: 'queued', status: 'on_air', text: 'En file' }),
      item({ id: 'fresh', status: 'approved', text: 'Nouvelle' }),
      // Reopened after its answer: back in the queue, not news for the room.
      item({ id: 'answered', status: 'approved' }),
    )
    expect(newsBetween(before, after)).toEqual([
      { kind: 'mine', id: 'mine', text: 'La mienne', status: 'approved' },
      { kind: 'onAir', id: 'queued', text: 'En file' },
      { kind: 'published', id: 'fresh', text: 'Nouvelle' },
    ])
  })

  it('says an own question on air once, as theirs; a question just sent is left to the form', () => {
    const before = map(item({ id: 'mine', mine: true, status: 'approved' }))
    const after = map(item({ id: 'mine', mine: true, status: 'on_air' }), item({ id: 'sent', mine: true, status: 'pending' }))
    expect(newsBetween(before, after)).toEqual([{ kind: 'mine', id: 'mine', text: 'Une question ?', status: 'on_air' }])
  })

  it('nothing when only votes or words change', () => {
    const before = map(item({ id: 'a', status: 'approved', votes: 1 }))
    expect(newsBetween(before, map(item({ id: 'a', status: 'approved', votes: 5, text: 'Reformulée' })))).toEqual([])
  })
})

describe('batching', () => {
  const published = (id: string): News => ({ kind: 'published', id, text: id })

  it('gathers published questions for a while, then says them together', () => {
    const batcher = new NewsBatcher()
    expect(batcher.add([published('a')], 1000)).toBeNull()
    expect(batcher.dueAt).toBe(1000 + BATCH_MS)
    expect(batcher.add([published('b')], 3000)).toBeNull()
    expect(batcher.due(1000 + BATCH_MS - 1)).toBeNull()
    expect(batcher.due(1000 + BATCH_MS)?.map((n) => n.id)).toEqual(['a', 'b'])
    expect(batcher.dueAt).toBeNull()
    expect(batcher.due(100_000)).toBeNull()
  })

  it('says urgent news at once, with whatever was waiting', () => {
    const batcher = new NewsBatcher()
    batcher.add([published('a')], 0)
    const said = batcher.add([{ kind: 'onAir', id: 'b', text: 'b' }], 10)
    expect(said?.map((n) => n.kind)).toEqual(['published', 'onAir'])
    expect(batcher.dueAt).toBeNull()
  })
})

describe('excerpt', () => {
  it('cuts long questions on a word, short ones stay whole', () => {
    expect(excerpt('Une  question\ncourte ?')).toBe('Une question courte ?')
    const long =
      'Comment les collectivités territoriales peuvent-elles adapter leurs partenariats internationaux pendant la crise sanitaire ?'
    expect(excerpt(long)).toBe('Comment les collectivités territoriales peuvent-elles adapter leurs partenariats…')
  })
})
