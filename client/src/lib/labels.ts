// How a question's status and source read on screen, as dictionary keys; which links are followed.
import type { ItemSource, ItemStatus } from '../../../server/contract/schemas'
import type { MessageKey } from './messages.fr'

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
