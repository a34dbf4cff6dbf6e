// Two moderators at the same instant: answers, never 500s, and nothing half done — on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventSettings, ItemView } from '../../server/contract/schemas'
import { NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { connectScreen } from '../helpers/socket'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ listen: true, limits: NO_LIMITS })
})
afterAll(() => t.close())

let keys = 0
type Event = Awaited<ReturnType<typeof createEvent>>

function api(event: Event) {
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/events/${event.slug}${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    })
  return {
    call,
    async published(text: string): Promise<ItemView> {
      const { token } = await joinAsAttendee(t, event.slug)
      const asked = await call('POST', '/questions', token, { text, displayName: 'Dominique', idempotencyKey: `conflict-${++keys}-key` })
      const item = asked.json() as ItemView
      return (
        await call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, { action: 'approve', version: item.version })
      ).json()
    },
    moderate: (item: ItemView, body: object) =>
      call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, { version: item.version, ...body }),
    all: async (): Promise<ItemView[]> => (await call('GET', '/questions', event.moderatorToken)).json(),
  }
}

describe('conflicts', () => {
  it('two questions put on air at the same moment: both answered 200, the second replaces the first', async () => {
    const event = await createEvent(t)
    const c = api(event)
    for (let round = 0; round < 10; round++) {
      const [a, b] = [await c.published(`A${round}`), await c.published(`B${round}`)]
      const answers = await Promise.all([c.moderate(a, { action: 'put_on_air' }), c.moderate(b, { action: 'put_on_air' })])
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200])
      const items = await c.all()
      const onAir = items.filter((i) => i.status === 'on_air')
      expect(onAir).toHaveLength(1)
      // Whichever went second is on air; the other one was answered by it.
      const other = onAir[0]!.id === a.id ? b : a
      expect(items.find((i) => i.id === other.id)?.status).toBe('answered')
    }
  })

  it('two moderators on one question: one wins, the other gets 409 with the question as it is now', async () => {
    const event = await createEvent(t)
    const c = api(event)
    for (let round = 0; round < 10; round++) {
      const item = await c.published(`Q${round}`)
      const answers = await Promise.all([
        c.moderate(item, { action: 'put_on_air' }),
        c.moderate(item, { action: 'dismiss', reason: 'duplicate' }),
      ])
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409])
      const lost = answers.find((r) => r.statusCode === 409)!.json()
      expect(lost).toMatchObject({ code: 'version_conflict', current: { id: item.id, version: item.version + 1 } })
    }
  })

  it('a bulk action answers per question and leaves nothing half done', async () => {
    const event = await createEvent(t)
    const c = api(event)
    const { token } = await joinAsAttendee(t, event.slug)
    const asked: ItemView[] = []
    for (let i = 0; i < 4; i++) {
      asked.push(
        (await c.call('POST', '/questions', token, { text: `En lot ${i}`, displayName: 'D', idempotencyKey: `bulk-${++keys}-key` })).json(),
      )
    }
    // One was changed by someone else meanwhile: its version is stale.
    await c.moderate(asked[1]!, { action: 'dismiss', reason: 'other' })
    const response = await c.call('POST', '/questions/moderation', event.moderatorToken, {
      action: 'approve',
      items: asked.map((i) => ({ id: i.id, version: i.version })),
    })
    expect(response.statusCode, response.body).toBe(200)
    const { done, failed } = response.json() as { done: ItemView[]; failed: { id: string; code: string }[] }
    expect(done.map((i) => i.id).sort()).toEqual([asked[0]!.id, asked[2]!.id, asked[3]!.id].sort())
    expect(failed).toEqual([expect.objectContaining({ id: asked[1]!.id, code: 'version_conflict' })])
  })

  it('two moderators changing different settings at once both keep their change, and every régie sees both', async () => {
    const event = await createEvent(t)
    const c = api(event)
    const regie = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    try {
      for (let round = 0; round < 5; round++) {
        const anonymousAllowed = round % 2 === 0
        const maxQuestionLength = 300 + round
        const answers = await Promise.all([
          c.call('PATCH', '/settings', event.moderatorToken, { anonymousAllowed }),
          c.call('PATCH', '/settings', event.moderatorToken, { maxQuestionLength }),
        ])
        expect(answers.map((r) => r.statusCode)).toEqual([200, 200])
        const stored = (await t.app.inject(`/api/events/${event.slug}`)).json().settings as EventSettings
        expect(stored).toMatchObject({ anonymousAllowed, maxQuestionLength })
        await eventually(() => {
          const last = regie.received.filter((change) => change.type === 'event').at(-1)
          expect(last?.type === 'event' && last.event.settings).toMatchObject({ anonymousAllowed, maxQuestionLength })
        })
      }
    } finally {
      regie.close()
    }
  })

  it('fifty supporters at once: every vote counted once, each told a count that includes theirs', async () => {
    const event = await createEvent(t)
    const c = api(event)
    const item = await c.published('Très soutenue')
    const voters = await Promise.all(Array.from({ length: 50 }, () => joinAsAttendee(t, event.slug)))
    const answers = await Promise.all(voters.map((v) => c.call('POST', `/questions/${item.id}/vote`, v.token)))
    expect(answers.every((r) => r.statusCode === 200)).toBe(true)
    const counts = answers.map((r) => (r.json() as { votes: number }).votes)
    // Votes take no lock: each count is read after its own vote, but votes committing at the same moment may not see
    // each other yet, so no answer need say 50. The stored count, folded by the tally, is exact.
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...counts)).toBeLessThanOrEqual(50)
    await t.services.tally.drain()
    expect((await c.all()).find((i) => i.id === item.id)?.votes).toBe(50)
  })

  it('votes written together: a refused one fails alone, and one attendee’s quick changes of mind keep their order', async () => {
    const event = await createEvent(t)
    const c = api(event)
    const open = await c.published('Ouverte')
    const closed = await c.published('Déjà répondue')
    const onAir = (await c.moderate(closed, { action: 'put_on_air' })).json() as ItemView
    expect((await c.moderate(onAir, { action: 'mark_answered' })).statusCode).toBe(200)
    const row = await t.services.events.find(event.slug)
    const voters = await Promise.all(
      Array.from({ length: 30 }, async () => t.services.access.resolve(row, (await joinAsAttendee(t, event.slug)).token)),
    )
    const settle = (promise: Promise<{ votes: number; voted: boolean }>) =>
      promise.then(
        (value) => ({ ok: true as const, value }),
        (error: { code?: string }) => ({ ok: false as const, code: error.code }),
      )
    // All sent before any is answered, so they share transactions; the last voter also changes their mind four times.
    const storm = voters.map((v) => settle(t.services.votes.vote(row, v, open.id, true)))
    const refused = voters.slice(0, 5).map((v) => settle(t.services.votes.vote(row, v, closed.id, true)))
    const unknown = settle(t.services.votes.vote(row, voters[0]!, '00000000-0000-4000-8000-000000000000', true))
    const fickle = voters.at(-1)!
    const changes = [false, true, false, true].map((up) => settle(t.services.votes.vote(row, fickle, open.id, up)))

    expect((await Promise.all(storm)).every((r) => r.ok)).toBe(true)
    expect((await Promise.all(refused)).map((r) => (r.ok ? 'ok' : r.code))).toEqual(Array(5).fill('vote_closed'))
    expect(await unknown).toEqual({ ok: false, code: 'question_not_found' })
    // Each answer is about that change, in the order sent: the last one leaves the vote in place.
    const answers = await Promise.all(changes)
    expect(answers.map((r) => r.ok && r.value.voted)).toEqual([false, true, false, true])
    await t.services.tally.drain()
    const items = await c.all()
    expect(items.find((i) => i.id === open.id)?.votes).toBe(30)
    expect(items.find((i) => i.id === closed.id)?.votes).toBe(0)
  })

  it('questions asked at the same moment are each stored once, announced once in order, and offered as each other’s duplicates', async () => {
    const event = await createEvent(t)
    const c = api(event)
    const row = await t.services.events.find(event.slug)
    const regie = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    // A second app on the same database stands for a second process.
    const other = await startTestApp({ database: t.database, limits: NO_LIMITS })
    try {
      const askers = await Promise.all(
        Array.from({ length: 40 }, async () => t.services.access.resolve(row, (await joinAsAttendee(t, event.slug)).token)),
      )
      const ask = (services: TestApp['services'], i: number, key = `storm-${i}`) =>
        services.questions.ask(row, askers[i]!, {
          text: `Quel calendrier pour les appels à projets de coopération, ${['Lyon', 'Lille', 'Nantes', 'Rennes'][i % 4]} ?`,
          displayName: 'Dominique',
          idempotencyKey: key,
        })
      // All sent before any is answered, so they share transactions.
      const answered = await Promise.all(askers.map((_, i) => ask(t.services, i)))
      expect(new Set(answered.map((q) => q.id)).size).toBe(40)

      const stored = (await c.all()).filter((q) => answered.some((a) => a.id === q.id))
      expect(stored).toHaveLength(40)
      const upserts = () => regie.items.filter((change) => change.type === 'item.upsert')
      await eventually(() => expect(upserts()).toHaveLength(40))
      // Announced once each, in the stream's order.
      const announced = upserts()
      expect(new Set(announced.map((change) => change.item.id)).size).toBe(40)
      const seqs = announced.map((change) => change.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      // Each question after the first is offered at least one earlier one, asked in the same moment, as a duplicate
      // (one process writes one batch at a time: each sees every batch before it).
      const order = new Map(announced.map((change, i) => [change.item.id, i]))
      for (const question of stored) {
        const position = order.get(question.id)!
        if (position === 0) continue
        expect(question.similar.length, question.text).toBeGreaterThan(0)
        for (const similar of question.similar) expect(order.get(similar)).toBeLessThan(position)
      }

      // The same submission through both processes at once (a retry that may race past the stored check, other
      // questions asked beside it): one question, the same answer to both, announced once.
      const beside = askers.slice(1, 6).map((_, i) => ask(other.services, i + 1, `beside-${i}`))
      const [here, there] = await Promise.all([ask(t.services, 0, 'raced'), ask(other.services, 0, 'raced')])
      expect(there.id).toBe(here.id)
      expect(new Set((await Promise.all(beside)).map((q) => q.id)).size).toBe(5)
      await eventually(() => expect(upserts()).toHaveLength(46))
      expect(upserts().filter((change) => change.item.id === here.id)).toHaveLength(1)
    } finally {
      regie.close()
      await other.close()
    }
  })
})
