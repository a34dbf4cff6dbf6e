import { describe, expect, it } from 'vitest'
import { displayOrder } from '../../../client/src/lib/stable-order'

describe('the published list while someone uses it', () => {
  it('follows the live order when nobody is interacting', () => {
    expect(displayOrder(['a', 'b', 'c'], ['c', 'a', 'b'], false)).toEqual({ order: ['c', 'a', 'b'], stale: false })
    expect(displayOrder(null, ['b', 'a'], true)).toEqual({ order: ['b', 'a'], stale: false })
  })

  it('keeps every question in its place while held, and says the live order differs', () => {
    expect(displayOrder(['a', 'b', 'c'], ['c', 'a', 'b'], true)).toEqual({ order: ['a', 'b', 'c'], stale: true })
  })

  it('drops questions that left and appends new ones while held', () => {
    expect(displayOrder(['a', 'b', 'c'], ['a', 'c', 'd'], true)).toEqual({ order: ['a', 'c', 'd'], stale: false })
    expect(displayOrder(['a', 'b'], ['d', 'a', 'b'], true)).toEqual({ order: ['a', 'b', 'd'], stale: true })
  })
})
