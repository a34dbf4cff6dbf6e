// The régie's filters (pure): by source, segment, tag and a free-text search, accents and case ignored.
import type { ItemSource, ItemView } from '../../../server/contract/schemas'

export interface QueueFilter {
  source: ItemSource | 'all'
  /** A segment id, 'none' for questions assigned to no segment, or 'all'. */
  segment: number | 'none' | 'all'
  /** A tag, or 'all'. */
  tag: string
  text: string
}

export const NO_FILTER: QueueFilter = { source: 'all', segment: 'all', tag: 'all', text: '' }

/** Lower case, accents removed, runs of blanks as one space: « Élus » finds « élus » and « ELUS ». */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

export function isFiltering(filter: QueueFilter): boolean {
  return filter.source !== 'all' || filter.segment !== 'all' || filter.tag !== 'all' || foldText(filter.text) !== ''
}

/** Everything a moderator may search a question by: its words (edited and original), asker, tags and reply. */
function searchableText(item: ItemView): string {
  const people = [item.author, ...item.coAskers].flatMap((a) => [a.name, a.organisation, a.xHandle ? `@${a.xHandle}` : null])
  return foldText([item.text, item.originalText, item.reply, item.contextText, ...people, ...item.tags].filter(Boolean).join(' \n '))
}

export function matchesFilter(item: ItemView, filter: QueueFilter): boolean {
  if (filter.source !== 'all' && item.source !== filter.source) return false
  if (filter.segment === 'none' && item.segmentId !== null) return false
  if (typeof filter.segment === 'number' && item.segmentId !== filter.segment) return false
  if (filter.tag !== 'all' && !item.tags.includes(filter.tag)) return false
  // Every word must appear somewhere, in any order.
  const words = foldText(filter.text).split(' ').filter(Boolean)
  if (words.length === 0) return true
  const haystack = searchableText(item)
  return words.every((word) => haystack.includes(word))
}

export function filterItems(items: readonly ItemView[], filter: QueueFilter): ItemView[] {
  return isFiltering(filter) ? items.filter((item) => matchesFilter(item, filter)) : [...items]
}

/** The tags in use, alphabetically, for the tag filter. */
export function tagsInUse(items: Iterable<ItemView>): string[] {
  const tags = new Set<string>()
  for (const item of items) for (const tag of item.tags) tags.add(tag)
  return [...tags].sort((a, b) => a.localeCompare(b, 'fr'))
}

/** A tag as the server stores it: trimmed, blanks collapsed, lower case. Empty means no tag. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 40)
}

/** The tag list after adding one (no duplicates, at most 20) or removing one. */
export function withTag(tags: readonly string[], tag: string): string[] {
  const clean = normaliseTag(tag)
  if (!clean || tags.includes(clean)) return [...tags]
  return [...tags, clean].slice(0, 20)
}

export function withoutTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((candidate) => candidate !== tag)
}
