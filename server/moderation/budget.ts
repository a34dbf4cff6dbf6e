// The answer-session budget (pure): how many queued questions fit in the time left.
import type { ItemView } from '../contract/schemas'

export const DEFAULT_ANSWER_MS = 2 * 60_000

type AnswerTimes = Pick<ItemView, 'onAirAt' | 'answeredAt' | 'answeredInRehearsal'>

/**
 * The average time from on air to answered over answered items; two minutes until there is one. Answers given
 * during a rehearsal are not learned from: they were given at rehearsal pace, for practice.
 */
export function averageAnswerMs(items: readonly AnswerTimes[]): { averageMs: number; learnedFrom: number } {
  const durations = items
    .filter((i) => i.answeredInRehearsal !== true)
    .flatMap((i) => (i.onAirAt && i.answeredAt ? [Date.parse(i.answeredAt) - Date.parse(i.onAirAt)] : []))
    .filter((d) => d > 0)
  if (durations.length === 0) return { averageMs: DEFAULT_ANSWER_MS, learnedFrom: 0 }
  return { averageMs: durations.reduce((a, b) => a + b, 0) / durations.length, learnedFrom: durations.length }
}

export interface Budget {
  averageMs: number
  learnedFrom: number
  /** How many queued questions fit in the time left. */
  fits: number
  /** Queue ids in order: those that fit, then those to answer in writing afterwards. */
  answered: string[]
  followUp: string[]
}

export function answerBudget(remainingMs: number, queue: readonly Pick<ItemView, 'id'>[], history: readonly AnswerTimes[]): Budget {
  const { averageMs, learnedFrom } = averageAnswerMs(history)
  const fits = Math.max(0, Math.floor(Math.max(0, remainingMs) / averageMs))
  return {
    averageMs,
    learnedFrom,
    fits,
    answered: queue.slice(0, fits).map((i) => i.id),
    followUp: queue.slice(fits).map((i) => i.id),
  }
}
