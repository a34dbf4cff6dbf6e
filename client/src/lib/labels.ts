// How a question's author, status and source read on screen, as dictionary keys and plain strings.
import type { Author, ItemSource, ItemStatus } from '../../../server/contract/schemas'
import type { MessageKey } from './messages.fr'

/**
 * "Name, Organisation", "@handle (Name)" for X, or null when the author is anonymous or unnamed
 * (the caller then shows the word « anonyme »).
 */
export function authorName(author: Author): string | null {
  if (author.anonymous) return null
  const name = author.name?.trim() || null
  const organisation = author.organisation?.trim() || null
  if (author.xHandle) {
    const handle = `@${author.xHandle.replace(/^@/, '')}`
    return name ? `${handle} (${name})` : handle
  }
  if (name && organisation) return `${name}, ${organisation}`
  return name ?? organisation
}

/** The status a moderator sees (dismissed reads « écartée »). */
export function statusKey(status: ItemStatus): MessageKey {
  return `status.${status}`
}

/**
 * The status the asker sees: a dismissed question reads « non publiée », with no reason; a merged one
 * « fusionnée avec une question similaire », without saying which.
 */
export function askerStatusKey(status: ItemStatus): MessageKey {
  if (status === 'dismissed') return 'asker.dismissed'
  if (status === 'merged') return 'asker.merged'
  if (status === 'withdrawn') return 'asker.withdrawn'
  return statusKey(status)
}

export function sourceKey(source: ItemSource): MessageKey {
  return `source.${source}`
}

/** Only http(s) links from item data become clickable (never javascript: or data: URLs). */
export function isWebUrl(url: string | null): url is string {
  if (!url) return false
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}
