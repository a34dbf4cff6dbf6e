import { describe, expect, it } from 'vitest'
import {
  filterItems,
  foldText,
  isFiltering,
  matchesFilter,
  NO_FILTER,
  normaliseTag,
  tagsInUse,
  withoutTag,
  withTag,
} from '../../../client/src/lib/filters'
import { item } from './fixtures'

const camille = item({ id: 'a', text: 'Quel budget pour les élus locaux ?', tags: ['budget'], segmentId: 101 })
const tweet = item({
  id: 'b',
  source: 'x',
  text: 'Et la coopération décentralisée ?',
  author: { source: 'x', anonymous: false, name: 'CNCD', organisation: null, xHandle: 'cncd', avatarUrl: null },
})
const manual = item({
  id: 'c',
  source: 'manual',
  text: 'Question saisie',
  originalText: 'question saisie par la régie',
  tags: ['finances', 'budget'],
})
const all = [camille, tweet, manual]

describe('régie filters', () => {
  it('ignores case and accents, and needs every word', () => {
    expect(foldText('  Élus   LOCAUX ')).toBe('elus locaux')
    expect(matchesFilter(camille, { ...NO_FILTER, text: 'ELUS' })).toBe(true)
    expect(matchesFilter(camille, { ...NO_FILTER, text: 'locaux budget' })).toBe(true)
    expect(matchesFilter(camille, { ...NO_FILTER, text: 'locaux coopération' })).toBe(false)
  })

  it('searches the asker, the X handle, the original text and the tags', () => {
    expect(filterItems(all, { ...NO_FILTER, text: '@cncd' }).map((i) => i.id)).toEqual(['b'])
    expect(filterItems(all, { ...NO_FILTER, text: 'camille' }).map((i) => i.id)).toEqual(['a', 'c'])
    expect(filterItems(all, { ...NO_FILTER, text: 'par la régie' }).map((i) => i.id)).toEqual(['c'])
    expect(filterItems(all, { ...NO_FILTER, text: 'finances' }).map((i) => i.id)).toEqual(['c'])
  })

  it('filters by source, segment and tag', () => {
    expect(filterItems(all, { ...NO_FILTER, source: 'x' }).map((i) => i.id)).toEqual(['b'])
    expect(filterItems(all, { ...NO_FILTER, source: 'manual' }).map((i) => i.id)).toEqual(['c'])
    expect(filterItems(all, { ...NO_FILTER, segment: 101 }).map((i) => i.id)).toEqual(['a'])
    expect(filterItems(all, { ...NO_FILTER, segment: 'none' }).map((i) => i.id)).toEqual(['b', 'c'])
    expect(filterItems(all, { ...NO_FILTER, tag: 'budget' }).map((i) => i.id)).toEqual(['a', 'c'])
    expect(filterItems(all, { ...NO_FILTER, tag: 'budget', source: 'attendee' }).map((i) => i.id)).toEqual(['a'])
  })

  it('knows when a filter is on', () => {
    expect(isFiltering(NO_FILTER)).toBe(false)
    expect(isFiltering({ ...NO_FILTER, text: '   ' })).toBe(false)
    expect(isFiltering({ ...NO_FILTER, text: 'x' })).toBe(true)
    expect(isFiltering({ ...NO_FILTER, segment: 'none' })).toBe(true)
    expect(filterItems(all, NO_FILTER)).toEqual(all)
  })

  it('lists the tags in use and edits tag lists as the server stores them', () => {
    expect(tagsInUse(all)).toEqual(['budget', 'finances'])
    expect(normaliseTag('  Élus   Locaux ')).toBe('élus locaux')
    expect(withTag(['budget'], ' BUDGET ')).toEqual(['budget'])
    expect(withTag(['budget'], 'Santé')).toEqual(['budget', 'santé'])
    expect(withTag(['budget'], '   ')).toEqual(['budget'])
    expect(withoutTag(['budget', 'santé'], 'budget')).toEqual(['santé'])
  })
})
