// What an attendee's screen reader is told as the queue changes (pure): questions published, the question on
// air, their own questions' status. Published ones are batched so a busy room is a murmur, not a stream.
import type { ItemStatus, ItemView } from '../../../server/contract/schemas'

export type News =
  | { kind: 'published'; id: string; text: string }
  | { kind: 'onAir'; id: string; text: string }
  /** One of the attendee's own questions changed status (or was just sent: `sent`). */
  | { kind: 'mine'; id: string; text: string; status: ItemStatus; sent?: boolean }

/**
 * The news between two states of the queue. Nothing on the first state (a page just opened hears nothing);
 * an own question's move is said once, even when it also goes on air.
 */
export function newsBetween(before: ReadonlyMap<string, ItemView> | null, after: ReadonlyMap<string, ItemView>): News[] {
  if (before === null) return []
  const news: News[] = []
  for (const item of after.values()) {
    const previous = before.get(item.id)
    if (previous?.status === item.status) continue
    if (item.mine) {
      // A question just sent is announced by the form; here only the régie's (or the asker's) later moves.
      if (previous) news.push({ kind: 'mine', id: item.id, text: item.text, status: item.status })
    } else if (item.status === 'on_air') {
      news.push({ kind: 'onAir', id: item.id, text: item.text })
    } else if (item.status === 'approved' && (!previous || previous.status === 'pending')) {
      // Newly published; a question reopened after its answer is not news for the room.
      news.push({ kind: 'published', id: item.id, text: item.text })
    }
  }
  return news
}

/** How long published questions gather before one sentence says them all. */
export const BATCH_MS = 8000

/**
 * Holds published-question news for BATCH_MS, then says them in one utterance; anything else is said at once,
 * together with whatever was waiting. Time is given, never read, so tests drive it.
 */
export class NewsBatcher {
  #waiting: News[] = []
  #since: number | null = null

  constructor(private readonly windowMs: number = BATCH_MS) {}

  /** News arriving at `now`: what to say now (null: nothing yet). */
  add(news: readonly News[], now: number): News[] | null {
    if (news.length === 0) return this.due(now)
    const urgent = news.some((item) => item.kind !== 'published')
    this.#waiting.push(...news)
    this.#since ??= now
    return urgent ? this.#flush() : this.due(now)
  }

  /** The waiting news once the window has passed. */
  due(now: number): News[] | null {
    if (this.#since === null || now - this.#since < this.windowMs) return null
    return this.#flush()
  }

  /** When to call `due` next, or null when nothing waits. */
  get dueAt(): number | null {
    return this.#since === null ? null : this.#since + this.windowMs
  }

  #flush(): News[] {
    const said = this.#waiting
    this.#waiting = []
    this.#since = null
    return said
  }
}

/** Long questions are cut for the ear: the first words say which one it is. */
export function excerpt(text: string, max = 90): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}
