// What a moderator should notice about a new question, whatever its source: flags and likely duplicates.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { events } from '../../db/schema'
import { QuestionsRepository } from '../questions/questions.repository'
import { DEFAULT_FLAG_WORDS, flagsFor } from './flags'
import { mostSimilar } from './similarity'

export interface Warnings {
  flags: string[]
  similar: string[]
}

/** Inside the inserting transaction, so the duplicates offered are the questions as they are now. */
export async function warningsFor(
  tx: Db,
  eventId: number,
  texts: readonly string[],
  flagWords?: readonly string[] | null,
): Promise<Warnings[]> {
  const words = flagWords === undefined ? await eventFlagWords(tx, eventId) : flagWords
  const live = await QuestionsRepository.liveTexts(tx, eventId)
  return texts.map((text) => ({ flags: flagsFor(text, words ?? DEFAULT_FLAG_WORDS), similar: mostSimilar(text, live) }))
}

async function eventFlagWords(tx: Db, eventId: number): Promise<readonly string[] | null> {
  const [row] = await tx.select({ settings: events.settings }).from(events).where(eq(events.id, eventId))
  return row?.settings.flagWords ?? null
}
