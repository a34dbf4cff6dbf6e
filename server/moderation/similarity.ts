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

export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const w of a) if (b.has(w)) shared += 1
  return shared / (a.size + b.size - shared)
}

const SIMILAR_THRESHOLD = 0.4

/**
 * Up to `limit` candidates most alike to `text`, most alike first. Candidates come oldest first, with their word
 * sets worked out once (live-questions.ts keeps them); on a tie the newer one wins.
 */
export function mostSimilar(
  text: string,
  candidates: Iterable<readonly [id: string, words: ReadonlySet<string>]>,
  options: { limit?: number; except?: string | null } = {},
): string[] {
  const { limit = 3, except = null } = options
  const words = wordsOf(text)
  const best: { id: string; score: number }[] = []
  for (const [id, other] of candidates) {
    if (id === except) continue
    const score = similarity(words, other)
    if (score < SIMILAR_THRESHOLD) continue
    // A short list kept sorted, rather than sorting every candidate.
    let at = best.length
    while (at > 0 && best[at - 1]!.score <= score) at--
    if (at < limit) {
      best.splice(at, 0, { id, score })
      if (best.length > limit) best.pop()
    }
  }
  return best.map((b) => b.id)
}
