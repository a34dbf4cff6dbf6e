import { describe, expect, it } from 'vitest'
import type { Author, ItemStatus } from '../../../server/contract/schemas'
import { askInput, DraftKey, newIdempotencyKey, questionLength } from '../../../client/src/lib/draft'
import { askerStatusKey, authorName, isWebUrl, statusKey } from '../../../client/src/lib/labels'
import { actionForKey, actionsFor, LANES, neighbourId } from '../../../client/src/lib/moderation'

describe('moderation actions', () => {
  it('offers the legal moves of each status', () => {
    expect(actionsFor('pending')).toEqual(['approve', 'dismiss'])
    expect(actionsFor('approved')).toEqual(['put_on_air'])
    expect(actionsFor('on_air')).toEqual(['mark_answered'])
    expect(actionsFor('answered')).toEqual(['reopen'])
    expect(actionsFor('dismissed')).toEqual(['restore'])
    expect(actionsFor('merged')).toEqual([])
    expect(LANES).toEqual(['pending', 'approved', 'on_air', 'answered', 'dismissed'])
  })

  it('maps shortcut keys to the action legal in the card status only', () => {
    expect(actionForKey('pending', 'a')).toBe('approve')
    expect(actionForKey('pending', 'D')).toBe('dismiss')
    expect(actionForKey('pending', 'o')).toBeNull()
    expect(actionForKey('approved', 'o')).toBe('put_on_air')
    expect(actionForKey('approved', 'd')).toBeNull()
    expect(actionForKey('on_air', 'r')).toBe('mark_answered')
    expect(actionForKey('answered', 'r')).toBeNull()
  })

  it('moves the focus to the next card, else the previous one', () => {
    expect(neighbourId(['a', 'b', 'c'], 'b')).toBe('c')
    expect(neighbourId(['a', 'b', 'c'], 'c')).toBe('b')
    expect(neighbourId(['a'], 'a')).toBeNull()
    expect(neighbourId(['a'], 'z')).toBeNull()
  })
})

describe('labels', () => {
  const person: Author = { source: 'attendee', anonymous: false, name: 'Camille', organisation: 'Commune test', xHandle: null, avatarUrl: null }

  it('names the author, or leaves the word « anonyme » to the caller', () => {
    expect(authorName(person)).toBe('Camille, Commune test')
    expect(authorName({ ...person, organisation: null })).toBe('Camille')
    expect(authorName({ ...person, name: '  ' })).toBe('Commune test')
    expect(authorName({ ...person, anonymous: true })).toBeNull()
    expect(authorName({ ...person, name: null, organisation: null })).toBeNull()
    expect(authorName({ ...person, xHandle: 'cncd', name: 'CNCD', organisation: null })).toBe('@cncd (CNCD)')
  })

  it('shows « non publiée » to the asker where moderators see « écartée »', () => {
    const statuses: ItemStatus[] = ['pending', 'approved', 'on_air', 'answered', 'merged']
    for (const status of statuses) expect(askerStatusKey(status)).toBe(statusKey(status))
    expect(statusKey('dismissed')).toBe('status.dismissed')
    expect(askerStatusKey('dismissed')).toBe('asker.dismissed')
  })

  it('only links to web addresses', () => {
    expect(isWebUrl('https://x.com/cncd/status/1')).toBe(true)
    expect(isWebUrl('javascript:alert(1)')).toBe(false)
    expect(isWebUrl(null)).toBe(false)
  })
})

describe('question drafts', () => {
  it('keeps one idempotency key per draft until it is accepted', () => {
    let n = 0
    const key = new DraftKey(() => `key-${++n}-abcdef`)
    const first = key.current
    expect(key.current).toBe(first) // a retry after an error reuses it
    key.renew()
    expect(key.current).not.toBe(first)
  })

  it('generates keys the contract accepts, even without randomUUID', () => {
    const pattern = /^[A-Za-z0-9_-]{8,64}$/
    expect(newIdempotencyKey()).toMatch(pattern)
    const insecure: Pick<Crypto, 'getRandomValues'> = { getRandomValues: (array) => crypto.getRandomValues(array) }
    expect(newIdempotencyKey(insecure)).toMatch(pattern)
  })

  it('builds the payload: anonymous questions carry no name, blanks are left out', () => {
    const fields = { text: 'Question ?', anonymous: false, displayName: ' Camille ', organisation: '' }
    expect(askInput(fields, 'k-12345678')).toEqual({ text: 'Question ?', displayName: 'Camille', idempotencyKey: 'k-12345678' })
    expect(askInput({ ...fields, anonymous: true }, 'k-12345678')).toEqual({
      text: 'Question ?',
      anonymous: true,
      idempotencyKey: 'k-12345678',
    })
  })

  it('counts characters as people do', () => {
    expect(questionLength('  Bonjour  ')).toBe(7)
    expect(questionLength('👍🏽')).toBe(2)
    expect(questionLength('e\u0301')).toBe(1)
  })
})
