import { afterEach, describe, expect, it, vi } from 'vitest'
import { RateLimiter } from '../../server/limits/rate-limiter'
import { DEFAULT_ANSWER_MS, answerBudget, averageAnswerMs } from '../../server/moderation/budget'
import { flagsFor } from '../../server/moderation/flags'
import { mostSimilar, similarity, wordsOf } from '../../server/moderation/similarity'

describe('profanity and spam flags', () => {
  it('match whole words in French and English, accents and case ignored', () => {
    expect(flagsFor('Quelle MERDE cette réforme')).toEqual(['profanity'])
    expect(flagsFor('Ce projet est bâtard')).toEqual(['profanity'])
    expect(flagsFor('What the fuck')).toEqual(['profanity'])
    // "con" inside another word is not a swear word.
    expect(flagsFor('Comment concilier les contraintes ?')).toEqual([])
  })
  it('use the event’s own list when it has one', () => {
    expect(flagsFor('Trop de jargon', ['jargon'])).toEqual(['profanity'])
    expect(flagsFor('Quelle merde', ['jargon'])).toEqual([])
  })
  it('spot spam: several links, shouting, repeated characters', () => {
    expect(flagsFor('Voir http://a.example et http://b.example')).toEqual(['spam'])
    expect(flagsFor('ACHETEZ MAINTENANT CETTE OFFRE INCROYABLE')).toEqual(['spam'])
    expect(flagsFor('Bonjouuuuuuuuuur')).toEqual(['spam'])
    expect(flagsFor('Une question sur le site www.diplomatie.gouv.fr')).toEqual([])
  })
})

describe('likely duplicates', () => {
  it('finds questions with the same words regardless of stop words, accents and plurals', () => {
    expect(similarity(wordsOf('Les projets de coopération'), wordsOf('projet coopération'))).toBe(1)
    const candidates = [
      ['a', wordsOf('Comment maintenir les jumelages pendant la crise ?')],
      ['b', wordsOf('Quel budget pour la santé ?')],
    ] as const
    expect(mostSimilar('Comment garder les jumelages actifs pendant la crise ?', candidates)).toEqual(['a'])
    expect(mostSimilar('Rien à voir', candidates)).toEqual([])
  })

  it('offers the three most alike, most alike first, the newer on a tie, never the question itself', () => {
    const text = 'Quel calendrier pour les appels à projets européens ?'
    const candidates: [string, Set<string>][] = [
      ['old-same', wordsOf('Quel calendrier pour les appels à projets européens ?')],
      ['half', wordsOf('Calendrier des appels de la région')],
      ['close', wordsOf('Le calendrier des appels à projets ?')],
      ['new-same', wordsOf('Quel calendrier pour les appels à projets européens ?')],
      ['other', wordsOf('Quel budget pour la santé ?')],
    ]
    expect(mostSimilar(text, candidates)).toEqual(['new-same', 'old-same', 'close'])
    expect(mostSimilar(text, candidates, { limit: 1 })).toEqual(['new-same'])
    expect(mostSimilar(text, candidates, { except: 'new-same' })).toEqual(['old-same', 'close', 'half'])
  })
})

describe('answer-session budget', () => {
  it('uses two minutes per answer until answers teach it better', () => {
    expect(averageAnswerMs([])).toEqual({ averageMs: DEFAULT_ANSWER_MS, learnedFrom: 0 })
    const history = [
      { onAirAt: '2020-05-19T15:00:00Z', answeredAt: '2020-05-19T15:03:00Z' },
      { onAirAt: '2020-05-19T15:03:00Z', answeredAt: '2020-05-19T15:04:00Z' },
      { onAirAt: null, answeredAt: '2020-05-19T15:05:00Z' },
    ]
    expect(averageAnswerMs(history)).toEqual({ averageMs: 120_000, learnedFrom: 2 })
  })
  it('cuts the queue at what fits and marks the rest for written follow-up', () => {
    const queue = ['q1', 'q2', 'q3', 'q4'].map((id) => ({ id }))
    expect(answerBudget(5 * 60_000, queue, [])).toMatchObject({ fits: 2, answered: ['q1', 'q2'], followUp: ['q3', 'q4'] })
    expect(answerBudget(-1000, queue, [])).toMatchObject({ fits: 0, followUp: ['q1', 'q2', 'q3', 'q4'] })
  })
})

describe('rate limiter', () => {
  afterEach(() => vi.useRealTimers())

  it('allows three questions a minute per attendee and sixty per address, then says how long to wait', async () => {
    vi.useFakeTimers({ now: 0 })
    const limiter = new RateLimiter()
    const refused = expect.objectContaining({ code: 'rate_limited' })
    for (let i = 0; i < 3; i++) await limiter.take('question', 'a1', '10.0.0.1')
    await expect(limiter.take('question', 'a1', '10.0.0.1')).rejects.toEqual(expect.objectContaining({ params: { retryAfter: 60 } }))
    vi.setSystemTime(45_000)
    await expect(limiter.take('question', 'a1', '10.0.0.1')).rejects.toEqual(expect.objectContaining({ params: { retryAfter: 15 } }))
    vi.setSystemTime(60_001)
    await expect(limiter.take('question', 'a1', '10.0.0.1')).resolves.toBeUndefined()
    // A new minute for the address too: one question so far; 59 more fill its allowance of 60.
    for (let i = 0; i < 59; i++) await limiter.take('question', `other-${i}`, '10.0.0.1')
    await expect(limiter.take('question', 'late', '10.0.0.1')).rejects.toEqual(refused)
    await expect(limiter.take('vote', 'a1', '10.0.0.1')).resolves.toBeUndefined()
  })
})
