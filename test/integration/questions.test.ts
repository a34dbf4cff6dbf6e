import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

async function setup(overrides = {}) {
  const event = await createEvent(t, overrides)
  const attendee = await joinAsAttendee(t, event.slug)
  const ask = (payload: object, token = attendee.token, lang = 'fr') =>
    t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${token}`, 'accept-language': lang },
      payload,
    })
  const list = (token?: string) =>
    t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const moderate = (id: string, payload: object, token = event.moderatorToken) =>
    t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions/${id}/moderation`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    })
  return { event, attendee, ask, list, moderate }
}

const question = (text: string, key = `k-${Math.random().toString(36).slice(2, 12)}`) => ({
  text,
  displayName: 'Camille',
  organisation: 'Commune de Test',
  idempotencyKey: key,
})

describe('asking', () => {
  it('stores a pending question the public cannot see but its author and moderators can', async () => {
    const s = await setup()
    const response = await s.ask(question('Comment maintenir les échanges ?'))
    expect(response.statusCode).toBe(201)
    const item: ItemView = response.json()
    expect(item).toMatchObject({ status: 'pending', mine: true, source: 'attendee', author: { name: 'Camille' } })

    expect((await s.list()).json()).toEqual([])
    expect((await s.list(s.attendee.token)).json().map((i: ItemView) => i.id)).toEqual([item.id])
    const other = await joinAsAttendee(t, s.event.slug)
    expect((await s.list(other.token)).json()).toEqual([])
    expect((await s.list(s.event.moderatorToken)).json().map((i: ItemView) => i.status)).toEqual(['pending'])
  })

  it('a retry with the same idempotency key returns the first question and stores one', async () => {
    const s = await setup()
    const body = question('Une seule fois', 'same-key-123')
    const [a, b] = await Promise.all([s.ask(body), s.ask(body)])
    expect(a.json().id).toBe(b.json().id)
    expect((await s.list(s.event.moderatorToken)).json()).toHaveLength(1)
  })

  it('rejects empty, whitespace-only and over-long questions with the limit in the caller’s language', async () => {
    const s = await setup({ settings: { maxQuestionLength: 50 } })
    const empty = await s.ask(question(''))
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('question_empty')
    const blank = await s.ask(question(' \n\t \u202E '))
    expect(blank.json().code).toBe('question_empty')
    const long = await s.ask(question('é'.repeat(51)))
    expect(long.statusCode).toBe(400)
    expect(long.json()).toMatchObject({ code: 'question_too_long', params: { limit: 50, length: 51 } })
    expect(long.json().message).toContain('50 caractères')
    const longEn = await s.ask(question('x'.repeat(1200)), s.attendee.token, 'en')
    expect(longEn.json().message).toBe('Your question is over the 50-character limit (1,200 typed).')
    // Exactly at the limit, counted in characters, is accepted.
    expect((await s.ask(question('é'.repeat(50)))).statusCode).toBe(201)
  })

  it('keeps markup as text and strips control and bidi-override characters', async () => {
    const s = await setup()
    const item = (await s.ask(question('<img src=x onerror=alert(1)> ok\u202E?\u0007'))).json()
    expect(item.text).toBe('<img src=x onerror=alert(1)> ok?')
  })

  it('requires an attendee token, and refuses an unknown one', async () => {
    const s = await setup()
    const none = await t.app.inject({ method: 'POST', url: `/api/events/${s.event.slug}/questions`, payload: question('Sans jeton') })
    expect(none.statusCode).toBe(401)
    expect((await s.ask(question('Mauvais jeton'), 'not-a-real-token')).statusCode).toBe(403)
    // A moderator is not an attendee.
    expect((await s.ask(question('Régie'), s.event.moderatorToken)).statusCode).toBe(403)
  })

  it('asks for a name unless anonymous, and refuses anonymity where the event forbids it', async () => {
    const s = await setup({ settings: { anonymousAllowed: false } })
    const nameless = await s.ask({ text: 'Qui suis-je ?', idempotencyKey: 'nameless-1' })
    expect(nameless.json().code).toBe('name_required')
    const anonymous = await s.ask({ text: 'Anonyme ?', anonymous: true, idempotencyKey: 'anon-1234' })
    expect(anonymous.json().code).toBe('anonymous_not_allowed')
  })

  it('rejects a malformed body with invalid_input and never a 500', async () => {
    const s = await setup()
    const bad = await s.ask({ text: 42, idempotencyKey: 'x' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('invalid_input')
    const notJson = await t.app.inject({
      method: 'POST',
      url: `/api/events/${s.event.slug}/questions`,
      headers: { authorization: `Bearer ${s.attendee.token}`, 'content-type': 'application/json' },
      payload: '{"text":',
    })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().code).toBe('invalid_input')
  })
})

describe('moderating', () => {
  it('approve publishes to everyone; dismiss hides from all but the author, as “dismissed” without reason', async () => {
    const s = await setup()
    const a: ItemView = (await s.ask(question('À publier'))).json()
    const b: ItemView = (await s.ask(question('À écarter'))).json()
    const approved = await s.moderate(a.id, { action: 'approve', version: a.version })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toMatchObject({ status: 'approved', version: a.version + 1 })
    const dismissed = await s.moderate(b.id, { action: 'dismiss', version: b.version, reason: 'off_topic' })
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', dismissReason: 'off_topic' })

    expect((await s.list()).json().map((i: ItemView) => i.text)).toEqual(['À publier'])
    const own: ItemView[] = (await s.list(s.attendee.token)).json()
    expect(own.find((i) => i.id === b.id)).toMatchObject({ status: 'dismissed', dismissReason: null, mine: true })
  })

  it('answers 409 with the fresh item when the version is stale', async () => {
    const s = await setup()
    const item: ItemView = (await s.ask(question('Course'))).json()
    expect((await s.moderate(item.id, { action: 'approve', version: 1 })).statusCode).toBe(200)
    const stale = await s.moderate(item.id, { action: 'approve', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { id: item.id, status: 'approved', version: 2 } })
  })

  it('refuses illegal transitions and keeps one question on air', async () => {
    const s = await setup()
    const a: ItemView = (await s.ask(question('Première'))).json()
    const b: ItemView = (await s.ask(question('Seconde'))).json()
    const illegal = await s.moderate(a.id, { action: 'mark_answered', version: 1 })
    expect(illegal.statusCode).toBe(409)
    expect(illegal.json().code).toBe('illegal_transition')
    expect(illegal.json().message).toContain('en attente de modération')

    await s.moderate(a.id, { action: 'approve', version: 1 })
    await s.moderate(b.id, { action: 'approve', version: 1 })
    await s.moderate(a.id, { action: 'put_on_air', version: 2 })
    await s.moderate(b.id, { action: 'put_on_air', version: 2 })
    const all: ItemView[] = (await s.list(s.event.moderatorToken)).json()
    expect(all.filter((i) => i.status === 'on_air').map((i) => i.id)).toEqual([b.id])
    expect(all.find((i) => i.id === a.id)).toMatchObject({ status: 'answered' })
  })

  it('refuses attendees, speakers and unknown items', async () => {
    const s = await setup()
    const item: ItemView = (await s.ask(question('Protégée'))).json()
    expect((await s.moderate(item.id, { action: 'approve', version: 1 }, s.attendee.token)).statusCode).toBe(403)
    expect((await s.moderate(item.id, { action: 'approve', version: 1 }, s.event.speakerToken)).statusCode).toBe(403)
    const unknown = await s.moderate('00000000-0000-4000-8000-000000000000', { action: 'approve', version: 1 })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('question_not_found')
    const badId = await s.moderate('not-a-uuid', { action: 'approve', version: 1 })
    expect(badId.statusCode).toBe(400)
  })
})
