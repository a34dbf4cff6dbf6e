import { describe, expect, it } from 'vitest'
import type { ItemStatus } from '../../server/contract/schemas'
import { ALL_ACTIONS, askerMay, askerTransition, isPublic, transition } from '../../server/moderation/moderation.machine'

const STATUSES: ItemStatus[] = ['pending', 'approved', 'on_air', 'answered', 'dismissed', 'merged', 'withdrawn']

// The whole table from DESIGN.md; every other (status, action) pair must be refused.
const LEGAL: Record<string, ItemStatus> = {
  'pending/approve': 'approved',
  'pending/dismiss': 'dismissed',
  'approved/dismiss': 'dismissed',
  'dismissed/restore': 'pending',
  'approved/put_on_air': 'on_air',
  'on_air/mark_answered': 'answered',
  'answered/reopen': 'approved',
  'pending/merge': 'merged',
  'approved/merge': 'merged',
  'on_air/merge': 'merged',
  'answered/merge': 'merged',
  'dismissed/merge': 'merged',
}

describe('the moderation state machine', () => {
  for (const from of STATUSES) {
    for (const action of ALL_ACTIONS) {
      const expected = LEGAL[`${from}/${action}`]
      it(`${action} on ${from} → ${expected ?? 'illegal'}`, () => {
        const result = transition(from, action)
        expect(result).toEqual(expected ? { ok: true, to: expected } : { ok: false, action, from })
      })
    }
  }

  it('knows every action of the contract', () => {
    expect([...ALL_ACTIONS].sort()).toEqual(['approve', 'dismiss', 'mark_answered', 'merge', 'put_on_air', 'reopen', 'restore'])
  })

  it('lets an asker reword or withdraw their question only while it awaits moderation', () => {
    for (const from of STATUSES) {
      expect(askerTransition(from, 'withdraw'), from).toEqual(
        from === 'pending' ? { ok: true, to: 'withdrawn' } : { ok: false, action: 'withdraw', from },
      )
      expect(askerTransition(from, 'revise'), from).toEqual(
        from === 'pending' ? { ok: true, to: 'pending' } : { ok: false, action: 'revise', from },
      )
      expect(askerMay(from, 'withdraw')).toBe(from === 'pending')
    }
  })

  it('shows only published, on-air and answered questions to the public', () => {
    expect(STATUSES.filter(isPublic)).toEqual(['approved', 'on_air', 'answered'])
  })
})
