// What a moderator should notice about a new question, whatever its source: flags and likely duplicates.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { events } from '../../db/schema'
import { DEFAULT_FLAG_WORDS, flagsFor } from './flags'
import { LiveQuestions } from './live-questions'

export interface Warnings {
  flags: string[]
  similar: string[]
}

/** One per process: it keeps each event's live questions (live-questions.ts), shared by every source. */
export class WarningsService {
  private readonly live = new LiveQuestions()

  /**
   * Inside the inserting transaction, so the duplicates offered are the questions as they are now. Questions
   * given with their ids are stored together and offered to the ones after them; `except` is the question being
   * reworded, which is not its own duplicate.
   */
  async for(
    tx: Db,
    eventId: number,
    questions: readonly { text: string; id?: string }[],
    options: { flagWords?: readonly string[] | null; except?: string } = {},
  ): Promise<Warnings[]> {
    const words = options.flagWords === undefined ? await eventFlagWords(tx, eventId) : options.flagWords
    const similar = await this.live.similarTo(tx, eventId, questions, options.except ?? null)
    return questions.map(({ text }, i) => ({ flags: flagsFor(text, words ?? DEFAULT_FLAG_WORDS), similar: similar[i]! }))
  }
}

async function eventFlagWords(tx: Db, eventId: number): Promise<readonly string[] | null> {
  const [row] = await tx.select({ settings: events.settings }).from(events).where(eq(events.id, eventId))
  return row?.settings.flagWords ?? null
}
