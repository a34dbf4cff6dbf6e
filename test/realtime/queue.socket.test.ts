import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, Change } from '../../server/contract/realtime'
import type { ItemView, VoteResult } from '../../server/contract/schemas'
import { NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectScreen } from '../helpers/socket'

let t: TestApp
const open: Screen[] = []
beforeAll(async () => {
  // Generous limits: these tests are about races and storms, not about flood protection.
  t = await startTestApp({
    listen: true,
    limits: NO_LIMITS,
  })
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => t.close())

async function screen(slug: string, token?: string) {
  const s = await connectScreen(t.url, { slug, token })
  open.push(s)
  return s
}

function value<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`)
  return ack.value
}

describe('two moderators racing', () => {
  it('on the same item 100 times: exactly one wins each time, the other gets a conflict', async () => {
    const event = await createEvent(t)
    const asker = await screen(event.slug, (await joinAsAttendee(t, event.slug)).token)
    const alice = await screen(event.slug, event.moderatorToken)
    const bob = await screen(event.slug, event.moderatorToken)
    let conflicts = 0
    for (let round = 0; round < 100; round++) {
      const item = value(
        (await asker.socket.emitWithAck('question.ask', {
          text: `Question ${round}`,
          displayName: 'A',
          idempotencyKey: `race-${round}-xyz`,
        })) as Ack<ItemView>,
      )
      const [a, b] = (await Promise.all([
        alice.socket.emitWithAck('question.moderate', { id: item.id, action: 'approve', version: item.version }),
        bob.socket.emitWithAck('question.moderate', { id: item.id, action: 'dismiss', version: item.version, reason: 'duplicate' }),
      ])) as Ack<ItemView>[]
      const winners = [a, b].filter((r) => r!.ok)
      expect(winners).toHaveLength(1)
      const loser = [a, b].find((r) => !r!.ok)!
      expect(loser).toMatchObject({ ok: false, error: { code: 'version_conflict' } })
      conflicts += 1
    }
    expect(conflicts).toBe(100)
    const all: ItemView[] = (
      await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: { authorization: `Bearer ${event.moderatorToken}` } })
    ).json()
    expect(all).toHaveLength(100)
    expect(all.every((i) => i.version === 2 && (i.status === 'approved' || i.status === 'dismissed'))).toBe(true)
  }, 120_000)
})

describe('a vote storm', () => {
  it('loses no vote and reaches screens as at most four tallies a second', async () => {
    const event = await createEvent(t)
    const asker = await screen(event.slug, (await joinAsAttendee(t, event.slug)).token)
    const moderator = await screen(event.slug, event.moderatorToken)
    const item = value(
      (await asker.socket.emitWithAck('question.ask', {
        text: 'Soutenez-moi',
        displayName: 'A',
        idempotencyKey: 'storm-question',
      })) as Ack<ItemView>,
    )
    await moderator.socket.emitWithAck('question.moderate', { id: item.id, action: 'approve', version: 1 })
    const watcher = await screen(event.slug)
    const voters = await Promise.all(
      Array.from({ length: 120 }, async () => screen(event.slug, (await joinAsAttendee(t, event.slug)).token)),
    )

    const started = Date.now()
    const acks = (await Promise.all(
      voters.map((v) => v.socket.emitWithAck('question.vote', { id: item.id, up: true })),
    )) as Ack<VoteResult>[]
    expect(acks.every((a) => a.ok)).toBe(true)
    const tallies = () => watcher.received.filter((c): c is Extract<Change, { type: 'tally' }> => c.type === 'tally' && item.id in c.votes)
    await eventually(() => expect(tallies().at(-1)?.votes[item.id]).toBe(120))
    const elapsedSeconds = (Date.now() - started) / 1000
    // Coalesced: far fewer broadcasts than votes, never more than 4 per second (plus the one in flight).
    expect(tallies().length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * 4) + 1)
    expect(tallies().length).toBeLessThan(120)
    const stored: ItemView[] = (await t.app.inject(`/api/events/${event.slug}/questions`)).json()
    expect(stored[0]!.votes).toBe(120)
    // Transparent counts travel with the tally.
    expect(tallies().at(-1)!.stats).toMatchObject({ received: 1, published: 1 })
  })
})

describe('rate limits over Socket.IO', () => {
  it('answer with rate_limited and the wait in seconds', async () => {
    const limited = await startTestApp({ listen: true })
    try {
      const event = await createEvent(limited)
      const s = await connectScreen(limited.url, { slug: event.slug, token: (await joinAsAttendee(limited, event.slug)).token, lang: 'fr' })
      open.push(s)
      for (let i = 0; i < 3; i++)
        value(
          (await s.socket.emitWithAck('question.ask', {
            text: `Q${i}`,
            displayName: 'A',
            idempotencyKey: `limit-${i}-abc`,
          })) as Ack<ItemView>,
        )
      const refused = await s.socket.emitWithAck('question.ask', { text: 'Q4', displayName: 'A', idempotencyKey: 'limit-4-abc' })
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'rate_limited', params: { retryAfter: expect.any(Number) }, message: expect.stringMatching(/^Trop de demandes/) },
      })
    } finally {
      await limited.close()
    }
  })
})
