// How a question's author reads on screen. Apart from labels.ts: a page that shows authors carries no status
// or source words for it (the build keeps the words a page's modules name: client/build/page-keys.ts).
import type { Author } from '../../../server/contract/schemas'

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
