// An attendee rewords or withdraws their own question while it awaits moderation, over HTTP: ownership, the state
// machine, versions, the log the moderators read, and what everyone else sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView, QueueStats } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

type Event = Awaited<ReturnType<typeof createEvent>>
let keys = 0

function client(event: Event) {
  const call = (method: 'GET' | 'POST', url: string, token: string | null, payload?: object, lang = 'fr') =>
    t.app.inject({
      method,
      url: `/api/events/${event.slug}${url}`,
      headers: { 'accept-language': lang, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(payload ? { payload } : {}),
    })
  return {
    call,
    async ask(text: string, token?: string): Promise<ItemView & { token: string }> {
      const asker = token ?? (await joinAsAttendee(t, event.slug)).token
      const response = await call('POST', '/questions', asker, { text, displayName: 'Camille', idempotencyKey: `own-${++keys}-key` })
      if (response.statusCode !== 201) throw new Error(response.body)
      return { ...(response.json() as ItemView), token: asker }
    },
    revise: (item: ItemView, token: string | null, text: string, version = item.version, lang?: string) =>
      call('POST', `/questions/${item.id}/revision`, token, { version, text }, lang),
    withdraw: (item: ItemView, token: string | null, version = item.version, lang?: string) =>
      call('POST', `/questions/${item.id}/withdrawal`, token, { version }, lang),
    list: async (token: string | null): Promise<ItemView[]> => (await call('GET', '/questions', token)).json(),
    log: async () => (await call('GET', '/moderation-log', event.moderatorToken)).json() as Promise<Record<string, unknown>[]>,
  }
}

describe("an attendee's own pending question", () => {
  it('can be reworded: the moderators see the new words, the log keeps the old ones, flags follow the words', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Quel calendrier pour les appels à projets ?')

    const revised = await c.revise(item, item.token, 'Quel calendrier pour les appels à projets de 2021, merde ?')
    expect(revised.statusCode).toBe(200)
    expect(revised.json()).toMatchObject({ id: item.id, status: 'pending', version: item.version + 1, mine: true, flags: [] })
    const seenByModerators = (await c.list(event.moderatorToken)).find((i) => i.id === item.id)!
    expect(seenByModerators.text).toBe('Quel calendrier pour les appels à projets de 2021, merde ?')
    // Flags follow the new words; the asker's words are theirs, so no « original text » is kept on the card.
    expect(seenByModerators.flags).toEqual(['profanity'])
    expect(seenByModerators.originalText).toBeNull()

    const cleaned = await c.revise(revised.json(), item.token, 'Quel calendrier pour les appels à projets de 2021 ?')
    expect((await c.list(event.moderatorToken)).find((i) => i.id === item.id)!.flags).toEqual([])
    const log = await c.log()
    const revisions = log.filter((entry) => entry.action === 'revise')
    expect(revisions).toHaveLength(2)
    expect(revisions[0]).toMatchObject({
      actor: expect.stringMatching(/^attendee:/),
      fromStatus: 'pending',
      toStatus: 'pending',
      detail: { fields: ['text'], previousText: 'Quel calendrier pour les appels à projets de 2021, merde ?' },
    })
    // The same words again change nothing and log nothing.
    const same = await c.revise(cleaned.json(), item.token, ' Quel calendrier pour les appels à projets de 2021 ? ')
    expect(same.json().version).toBe(cleaned.json().version)
    expect((await c.log()).filter((entry) => entry.action === 'revise')).toHaveLength(2)
  })

  it('can be withdrawn: it leaves the pending lane for « withdrawn », counted and logged, invisible to the public', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Une question que je retire')
    const other = await c.ask('Une question qui reste')

    const withdrawn = await c.withdraw(item, item.token)
    expect(withdrawn.statusCode).toBe(200)
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', mine: true })
    expect((await c.list(item.token)).find((i) => i.id === item.id)?.status).toBe('withdrawn')
    expect((await c.list(null)).map((i) => i.id)).not.toContain(item.id)
    expect((await c.list(other.token)).map((i) => i.id)).toEqual([other.id])
    const all = await c.list(event.moderatorToken)
    expect(all.find((i) => i.id === item.id)?.status).toBe('withdrawn')
    const log = await c.log()
    expect(log[0]).toMatchObject({
      action: 'withdraw',
      fromStatus: 'pending',
      toStatus: 'withdrawn',
      actor: expect.stringMatching(/^attendee:/),
    })
    const stats = (await t.services.tally.stats((await t.services.events.find(event.slug)).id)) satisfies QueueStats
    expect(stats).toMatchObject({ received: 2, pending: 1, withdrawn: 1 })

    // Nothing more can be done to it, by its asker or by a moderator.
    const again = await c.withdraw(withdrawn.json(), item.token)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('question_locked')
    const approve = await c.call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, {
      action: 'approve',
      version: withdrawn.json().version,
    })
    expect(approve.statusCode).toBe(409)
    expect(approve.json().code).toBe('illegal_transition')
    const merge = await c.call('POST', `/questions/${other.id}/moderation`, event.moderatorToken, {
      action: 'merge',
      version: other.version,
      into: item.id,
    })
    expect(merge.json().code).toBe('illegal_transition')
  })

  it('is locked once the régie has decided, with a message in the asker’s language', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Publiée avant ma correction')
    const approved = (
      await c.call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, { action: 'approve', version: item.version })
    ).json() as ItemView
    const fr = await c.revise(approved, item.token, 'Trop tard')
    expect(fr.statusCode).toBe(409)
    expect(fr.json()).toMatchObject({ code: 'question_locked', message: expect.stringContaining('La régie a déjà traité cette question') })
    const en = await c.withdraw(approved, item.token, approved.version, 'en-GB,en;q=0.9')
    expect(en.json()).toMatchObject({ code: 'question_locked', message: expect.stringContaining('can no longer be edited or withdrawn') })
    expect((await c.list(null)).find((i) => i.id === item.id)?.text).toBe('Publiée avant ma correction')
  })

  it('belongs to its asker only; a stale version gets the current question back', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Ma question à moi')
    const stranger = await joinAsAttendee(t, event.slug)

    // Someone else's question is as good as absent.
    expect((await c.revise(item, stranger.token, 'Piratée')).json().code).toBe('question_not_found')
    expect((await c.withdraw(item, stranger.token)).json().code).toBe('question_not_found')
    expect((await c.withdraw(item, event.moderatorToken)).statusCode).toBe(403)
    expect((await c.withdraw(item, event.speakerToken)).statusCode).toBe(403)
    expect((await c.withdraw(item, null)).statusCode).toBe(401)

    // A moderator's edit came first: the asker's copy is stale.
    const edited = await c.call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, { action: 'dismiss', version: 1 })
    expect(edited.statusCode).toBe(200)
    const restored = await c.call('POST', `/questions/${item.id}/moderation`, event.moderatorToken, { action: 'restore', version: 2 })
    expect(restored.json().status).toBe('pending')
    const stale = await c.revise(item, item.token, 'Ma question corrigée')
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { id: item.id, version: 3, mine: true, flags: [] } })
    // The conflict shows the asker their own view, never the moderators' (no reason, no asker id).
    expect(stale.json().current.askerId).toBeNull()
    expect((await c.revise(item, item.token, 'Ma question corrigée', 3)).statusCode).toBe(200)
  })

  it('is checked like a new question: empty, too long, unknown fields', async () => {
    const event = await createEvent(t, { settings: { maxQuestionLength: 40 } })
    const c = client(event)
    const item = await c.ask('Courte question')
    expect((await c.revise(item, item.token, '   ')).json().code).toBe('question_empty')
    const long = await c.revise(item, item.token, 'x'.repeat(41), item.version, 'en')
    expect(long.json()).toMatchObject({ code: 'question_too_long', message: 'Your question is over the 40-character limit (41 typed).' })
    const extra = await c.call('POST', `/questions/${item.id}/withdrawal`, item.token, { version: 1, status: 'approved' })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().code).toBe('invalid_input')
  })
})
