// Likely duplicates by wording (pure): word sets without stop words, compared with Jaccard similarity.
import { fold } from './flags'

const STOP_WORDS = new Set(
  (
    'le la les un une des de du d l au aux et ou en dans sur pour par avec sans ce ces cet cette est sont ' +
    'que qui quoi quel quelle quels quelles comment pourquoi quand ou est-ce il elle ils elles on nous vous ' +
    'je tu se sa son ses leur leurs mon ma mes notre nos votre vos y a ne pas plus peut peuvent faire ' +
    'the a an of to in on for and or is are be can how what why when which who with do does it this that these those'
  ).split(' '),
)

export function wordsOf(text: string): Set<string> {
  return new Set(
    fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
      // A crude stem: plural and feminine endings, so "projets" meets "projet".
      .map((w) => w.replace(/(?:es|s|e)$/u, '')),
  )
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const w of a) if (b.has(w)) shared += 1
  return shared / (a.size + b.size - shared)
}

const SIMILAR_THRESHOLD = 0.4

/** Up to `limit` candidates most alike to `text`, most alike first. */
export function mostSimilar(text: string, candidates: readonly { id: string; text: string }[], limit = 3): string[] {
  const words = wordsOf(text)
  return candidates
    .map((c) => ({ id: c.id, score: similarity(words, wordsOf(c.text)) }))
    .filter((c) => c.score >= SIMILAR_THRESHOLD)
    .sort((x, y) => y.score - x.score)
    .slice(0, limit)
    .map((c) => c.id)
}
