import { describe, expect, it } from 'vitest'
import type { Author, ItemStatus } from '../../../server/contract/schemas'
import { askInput, DraftKey, newIdempotencyKey, questionLength } from '../../../client/src/lib/draft'
import { authorName } from '../../../client/src/lib/author'
import { askerStatusKey, isWebUrl, statusKey } from '../../../client/src/lib/labels'
import {
  actionForKey,
  actionsFor,
  commandForKey,
  flagKey,
  isSelectable,
  LANES,
  mergeTargets,
  neighbourId,
  toolsFor,
  withdrawnBetween,
} from '../../../client/src/lib/moderation'
import { actorOf, causeKeyOf, parseLog } from '../../../client/src/lib/moderation-log'
import { item } from './fixtures'

describe('moderation actions', () => {
  it('offers the legal moves of each status', () => {
    expect(actionsFor('pending')).toEqual(['approve', 'dismiss'])
    expect(actionsFor('approved')).toEqual(['put_on_air', 'dismiss'])
    expect(actionsFor('on_air')).toEqual(['mark_answered'])
    expect(actionsFor('answered')).toEqual(['reopen'])
    expect(actionsFor('dismissed')).toEqual(['restore'])
    expect(actionsFor('merged')).toEqual([])
    // Its asker's choice: nothing for a moderator to do, not even merging.
    expect(actionsFor('withdrawn')).toEqual([])
    expect(toolsFor({ status: 'withdrawn', askerId: 'a1' })).toEqual([])
    expect(LANES).toEqual(['pending', 'approved', 'on_air', 'answered', 'dismissed'])
  })

  it('tells which pending questions their askers withdrew', () => {
    const before = new Map([
      ['a', item({ id: 'a' })],
      ['b', item({ id: 'b', status: 'dismissed' })],
    ])
    const after = new Map([
      ['a', item({ id: 'a', status: 'withdrawn' })],
      ['b', item({ id: 'b', status: 'dismissed' })],
    ])
    expect(withdrawnBetween(before, after).map((i) => i.id)).toEqual(['a'])
    expect(withdrawnBetween(null, after)).toEqual([])
  })

  it('maps shortcut keys to the action legal in the card status only', () => {
    expect(actionForKey('pending', 'a')).toBe('approve')
    expect(actionForKey('pending', 'D')).toBe('dismiss')
    expect(actionForKey('pending', 'o')).toBeNull()
    expect(actionForKey('approved', 'o')).toBe('put_on_air')
    expect(actionForKey('approved', 'd')).toBe('dismiss')
    expect(actionForKey('approved', 'a')).toBeNull()
    expect(actionForKey('answered', 'u')).toBe('reopen')
    expect(actionForKey('dismissed', 'u')).toBe('restore')
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
  const person: Author = {
    source: 'attendee',
    anonymous: false,
    name: 'Camille',
    organisation: 'Commune test',
    xHandle: null,
    avatarUrl: null,
  }

  it('names the author, or leaves the word « anonyme » to the caller', () => {
    expect(authorName(person)).toBe('Camille, Commune test')
    expect(authorName({ ...person, organisation: null })).toBe('Camille')
    expect(authorName({ ...person, name: '  ' })).toBe('Commune test')
    expect(authorName({ ...person, anonymous: true })).toBeNull()
    expect(authorName({ ...person, name: null, organisation: null })).toBeNull()
    expect(authorName({ ...person, xHandle: 'cncd', name: 'CNCD', organisation: null })).toBe('@cncd (CNCD)')
  })

  it('shows « non publiée » to the asker where moderators see « écartée »', () => {
    const statuses: ItemStatus[] = ['pending', 'approved', 'on_air', 'answered']
    for (const status of statuses) expect(askerStatusKey(status)).toBe(statusKey(status))
    expect(statusKey('dismissed')).toBe('status.dismissed')
    expect(askerStatusKey('dismissed')).toBe('asker.dismissed')
    // A merged question reads « fusionnée avec une question similaire », without saying which.
    expect(askerStatusKey('merged')).toBe('asker.merged')
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

describe('card keyboard commands', () => {
  const pending = { status: 'pending' as const, askerId: 'att-1' }
  const approved = { status: 'approved' as const, askerId: null }

  it('maps letters to moves and tools, legal in the card status only', () => {
    expect(commandForKey(pending, { key: 'a' })).toEqual({ kind: 'action', action: 'approve' })
    expect(commandForKey(pending, { key: 'e' })).toEqual({ kind: 'tool', tool: 'edit' })
    expect(commandForKey(pending, { key: 't' })).toEqual({ kind: 'tool', tool: 'tags' })
    expect(commandForKey(pending, { key: 'm' })).toEqual({ kind: 'tool', tool: 'merge' })
    expect(commandForKey(pending, { key: 'b' })).toEqual({ kind: 'tool', tool: 'block' })
    expect(commandForKey(pending, { key: 'x' })).toEqual({ kind: 'tool', tool: 'select' })
    expect(commandForKey(pending, { key: 'g' })).toEqual({ kind: 'tool', tool: 'segment' })
    // No asker to block on a question from X or typed in by the régie.
    expect(commandForKey(approved, { key: 'b' })).toBeNull()
    expect(commandForKey({ status: 'merged', askerId: null }, { key: 'e' })).toBeNull()
    expect(commandForKey({ status: 'answered', askerId: null }, { key: 'x' })).toBeNull()
  })

  it('reorders the answer queue with Alt+arrows or brackets, elsewhere moves the focus', () => {
    expect(commandForKey(approved, { key: 'ArrowUp', altKey: true })).toEqual({ kind: 'move', delta: -1 })
    expect(commandForKey(approved, { key: ']' })).toEqual({ kind: 'move', delta: 1 })
    expect(commandForKey(pending, { key: 'ArrowUp', altKey: true })).toBeNull()
    expect(commandForKey(pending, { key: 'ArrowDown' })).toEqual({ kind: 'focus', delta: 1 })
    expect(commandForKey(pending, { key: 'ArrowRight' })).toEqual({ kind: 'lane', delta: 1 })
  })

  it('leaves Ctrl / ⌘ combinations to the browser and keeps Shift for the bulk moves', () => {
    expect(commandForKey(pending, { key: 'a', ctrlKey: true })).toBeNull()
    expect(commandForKey(pending, { key: 'A', shiftKey: true })).toEqual({ kind: 'bulk', action: 'approve' })
    expect(commandForKey(pending, { key: 'D', shiftKey: true })).toEqual({ kind: 'bulk', action: 'dismiss' })
    expect(commandForKey(pending, { key: 'E', shiftKey: true })).toBeNull()
  })

  it('never uses the clock panel’s keys (S, N, P, Space, +, −)', () => {
    for (const key of ['s', 'n', 'p', ' ', '+', '-', '−']) expect(commandForKey(pending, { key })).toBeNull()
  })

  it('lets only pending and published questions be selected', () => {
    expect(isSelectable('pending')).toBe(true)
    expect(isSelectable('approved')).toBe(true)
    expect(isSelectable('on_air')).toBe(false)
    expect(toolsFor({ status: 'on_air', askerId: 'att-1' })).toEqual(['edit', 'tags', 'segment', 'merge', 'block'])
  })
})

describe('merge targets', () => {
  const source = item({ id: 's', text: 'Comment financer les projets ?', similar: ['t2'] })
  const items = [
    source,
    item({ id: 't1', status: 'approved', text: 'Quel calendrier ?', createdAt: '2020-05-19T13:01:00.000Z' }),
    item({ id: 't2', status: 'pending', text: 'Financer les projets comment ?' }),
    item({ id: 't3', status: 'merged', text: 'Déjà fusionnée' }),
    item({ id: 't4', status: 'on_air', text: 'À l’antenne' }),
  ]

  it('lists likely duplicates first, then live questions on air, published, pending…', () => {
    expect(mergeTargets(source, items, () => true).map((i) => i.id)).toEqual(['t2', 't4', 't1'])
  })

  it('never offers the question itself or a merged one, and applies the search', () => {
    expect(mergeTargets(source, items, (i) => i.text.includes('calendrier')).map((i) => i.id)).toEqual(['t1'])
  })
})

describe('flags and the moderation log', () => {
  it('names the server’s flags', () => {
    expect(flagKey('profanity')).toBe('moderate.flag.profanity')
    expect(flagKey('spam')).toBe('moderate.flag.spam')
    expect(flagKey('blocked_asker')).toBe('moderate.flag.blocked_asker')
    expect(flagKey('unknown')).toBeNull()
  })

  it('reads the log, newest first, skipping what it cannot read', () => {
    const log = parseLog({
      entries: [
        {
          at: '2020-05-19T13:01:00Z',
          actor: 'moderator:Claire',
          action: 'approve',
          fromStatus: 'pending',
          toStatus: 'approved',
          itemId: 'a',
          detail: {},
        },
        {
          at: '2020-05-19T13:02:00Z',
          actor: 'moderator',
          action: 'dismiss',
          fromStatus: 'pending',
          toStatus: 'dismissed',
          itemId: 'b',
          detail: { reason: 'other' },
        },
        { nonsense: true },
      ],
    })
    expect(log.map((e) => e.itemId)).toEqual(['b', 'a'])
    expect(parseLog([{ at: 'x', action: 'edit' }])).toHaveLength(1)
    expect(parseLog('nope')).toEqual([])
    expect(actorOf('moderator:Claire')).toEqual({ kind: 'named', name: 'Claire' })
    expect(actorOf('moderator')).toEqual({ kind: 'moderator', name: null })
    expect(actorOf('attendee:123').kind).toBe('attendee')
  })

  it('says when the clock did it: « Terminer », the reset after a rehearsal', () => {
    expect(causeKeyOf({ detail: { cause: 'clock_end' } })).toBe('clock.logCause.clockEnd')
    expect(causeKeyOf({ detail: { cause: 'rehearsal_reset' } })).toBe('clock.logCause.rehearsalReset')
    expect(causeKeyOf({ detail: { reason: 'other' } })).toBeNull()
  })
})
