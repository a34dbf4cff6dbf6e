// The moderated queue over HTTP: votes, merge, edit, bulk, flags, blocking, limits, export and the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { connectScreen } from '../helpers/socket'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

type Event = Awaited<ReturnType<typeof createEvent>>
let keys = 0
const key = () => `key-${process.pid}-${++keys}`

function client(event: Event, on: TestApp = t) {
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    token: string | null,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    on.app.inject({
      method,
      url: `/api/events/${event.slug}${url}`,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(payload ? { payload } : {}),
    })
  const mod = event.moderatorToken
  return {
    call,
    async ask(text: string, token?: string): Promise<ItemView & { token: string }> {
      const asker = token ?? (await joinAsAttendee(on, event.slug)).token
      const response = await call('POST', '/questions', asker, {
        text,
        displayName: 'Dominique',
        organisation: 'Commune',
        idempotencyKey: key(),
      })
      if (response.statusCode !== 201) throw new Error(response.body)
      return { ...(response.json() as ItemView), token: asker }
    },
    moderate: (item: ItemView, body: object) => call('POST', `/questions/${item.id}/moderation`, mod, { version: item.version, ...body }),
    edit: (item: ItemView, body: object) => call('PATCH', `/questions/${item.id}`, mod, { version: item.version, ...body }),
    async published(text: string): Promise<ItemView> {
      const item = await this.ask(text)
      return (await this.moderate(item, { action: 'approve' })).json()
    },
    vote: (item: ItemView, token: string, up = true) => call(up ? 'POST' : 'DELETE', `/questions/${item.id}/vote`, token),
    all: async (): Promise<ItemView[]> => (await call('GET', '/questions', mod)).json(),
  }
}

describe('upvotes', () => {
  it('one per attendee, idempotent, removable, on published questions only', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.published('Quels financements pour 2021 ?')
    const voter = await joinAsAttendee(t, event.slug)
    expect((await c.vote(item, voter.token)).json()).toEqual({ id: item.id, votes: 1, voted: true })
    expect((await c.vote(item, voter.token)).json()).toEqual({ id: item.id, votes: 1, voted: true })
    const other = await joinAsAttendee(t, event.slug)
    expect((await c.vote(item, other.token)).json().votes).toBe(2)
    expect((await c.vote(item, voter.token, false)).json()).toEqual({ id: item.id, votes: 1, voted: false })
    expect((await c.vote(item, voter.token, false)).json().votes).toBe(1)
    // The voter's own list says which questions they support; counts are the last tally's (sent within 400 ms).
    await t.services.tally.drain()
    const seen: ItemView[] = (await c.call('GET', '/questions', other.token)).json()
    expect(seen.find((i) => i.id === item.id)).toMatchObject({ votes: 1, voted: true })

    const pending = await c.ask('Pas encore publiée')
    expect((await c.vote(pending, voter.token)).json().code).toBe('question_not_found')
    expect((await c.vote(item, event.moderatorToken)).statusCode).toBe(403)
    const onAir = (await c.moderate(item, { action: 'put_on_air' })).json()
    const answered = (await c.moderate(onAir, { action: 'mark_answered', reply: 'Voir le guide en ligne.' })).json()
    const late = await c.vote(answered, voter.token)
    expect(late.statusCode).toBe(409)
    expect(late.json().code).toBe('vote_closed')
  })
})

describe('merging duplicates', () => {
  it('sums supporters once each, keeps every asker, and takes the duplicate off public screens', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const kept = await c.published('Comment maintenir les jumelages pendant la crise ?')
    const duplicate = await c.published('Comment garder nos jumelages actifs pendant la crise ?')
    const [v1, v2, v3] = await Promise.all([1, 2, 3].map(() => joinAsAttendee(t, event.slug)))
    await c.vote(kept, v1!.token)
    await c.vote(duplicate, v1!.token)
    await c.vote(duplicate, v2!.token)
    await c.vote(duplicate, v3!.token)
    const fresh = (await c.all()).find((i) => i.id === duplicate.id)!
    expect(fresh.similar).toEqual([kept.id])

    const merged = await c.moderate(fresh, { action: 'merge', into: kept.id })
    expect(merged.json()).toMatchObject({ status: 'merged', mergedInto: kept.id })
    const target = (await c.all()).find((i) => i.id === kept.id)!
    expect(target.votes).toBe(3)
    expect(target.coAskers).toEqual([expect.objectContaining({ name: 'Dominique', source: 'attendee' })])
    const publicIds = ((await c.call('GET', '/questions', null)).json() as ItemView[]).map((i) => i.id)
    expect(publicIds).toEqual([kept.id])

    expect((await c.moderate(target, { action: 'merge', into: target.id })).statusCode).toBe(400)
    const another = await c.ask('Encore une')
    const intoMerged = await c.moderate(another, { action: 'merge', into: duplicate.id })
    expect(intoMerged.statusCode).toBe(409)
  })
})

describe('likely duplicates across processes', () => {
  it('each process offers the questions every process stored, as they stand when the new one is stored', async () => {
    // A second app on the same database is a second process: each keeps its own copy of the live questions.
    const other = await startTestApp({ database: t.database })
    try {
      const event = await createEvent(t)
      const here = client(event)
      const there = client(event, other)
      // What the moderators see of a question's likely duplicates (an asker's own view does not show them).
      const similarOf = async (item: ItemView) => (await here.all()).find((i) => i.id === item.id)!.similar
      const first = await here.ask('Comment maintenir les jumelages pendant la crise ?')
      expect(await similarOf(first)).toEqual([])
      const second = await there.ask('Comment garder les jumelages pendant la crise ?')
      expect(await similarOf(second)).toEqual([first.id])
      // Stored by the other process since this one last looked: offered, the closer first.
      const third = await here.ask('Comment garder nos jumelages pendant la crise ?')
      expect(await similarOf(third)).toEqual([second.id, first.id])

      // Decisions taken there leave the live questions here.
      expect((await there.moderate(second, { action: 'dismiss' })).statusCode).toBe(200)
      const fourth = await here.ask('Comment garder les jumelages pendant cette crise ?')
      expect(await similarOf(fourth)).toEqual([third.id, first.id])

      // Reworded, a question is compared with the others, never with itself.
      const reworded = await here.call('POST', `/questions/${third.id}/revision`, third.token, {
        version: third.version,
        text: 'Comment garder les jumelages pendant cette crise ?',
      })
      expect(reworded.statusCode, reworded.body).toBe(200)
      expect(await similarOf(third)).toEqual([fourth.id, first.id])
    } finally {
      await other.close()
    }
  })
})

describe('editing', () => {
  it('keeps the asker’s original words, normalises tags, checks the segment and the version', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Qeustion avec une faute')
    const view = (await t.app.inject(`/api/events/${event.slug}`)).json()
    const edited = await c.edit(item, {
      text: 'Question sans faute',
      tags: [' Budget ', 'budget', 'Santé'],
      segmentId: view.segments[1].id,
      rank: 1.5,
    })
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({
      text: 'Question sans faute',
      originalText: 'Qeustion avec une faute',
      tags: ['budget', 'santé'],
      rank: 1.5,
      version: 2,
    })
    const again = await c.edit(edited.json(), { text: 'Troisième version' })
    expect(again.json().originalText).toBe('Qeustion avec une faute')
    expect((await c.edit(item, { text: 'Périmée' })).statusCode).toBe(409)
    expect((await c.edit(again.json(), { segmentId: 999_999 })).json()).toMatchObject({
      code: 'invalid_input',
      params: { field: 'segmentId' },
    })
    // The public never sees the original.
    await c.moderate(again.json(), { action: 'approve' })
    const seen: ItemView[] = (await c.call('GET', '/questions', null)).json()
    expect(seen[0]).toMatchObject({ text: 'Troisième version', originalText: null, tags: [] })
  })
})

describe('bulk moderation', () => {
  it('approves what it can and reports each failure', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const items = [await c.ask('Un'), await c.ask('Deux'), await c.ask('Trois')]
    await c.moderate(items[2]!, { action: 'dismiss', reason: 'off_topic' })
    const result = await c.call('POST', '/questions/moderation', event.moderatorToken, {
      action: 'approve',
      items: items.map((i) => ({ id: i.id, version: i.version })),
    })
    expect(result.statusCode).toBe(200)
    expect(result.json().done.map((i: ItemView) => i.text)).toEqual(['Un', 'Deux'])
    expect(result.json().failed).toEqual([{ id: items[2]!.id, code: 'version_conflict', message: expect.any(String) }])
  })
})

describe('flags, holds and settings', () => {
  it('flags profanity and spam without deleting, and keeps flagged questions out of post-moderation', async () => {
    const event = await createEvent(t, { settings: { moderation: 'post' } })
    const c = client(event)
    expect((await c.ask('Une question normale')).status).toBe('approved')
    const rude = await c.ask('Cette politique est une vraie merde')
    expect(rude).toMatchObject({ status: 'pending' })
    const spam = await c.ask('GAGNEZ DE L’ARGENT FACILEMENT MAINTENANT http://a.xyz http://b.xyz')
    const all = await c.all()
    expect(all.find((i) => i.id === rude.id)!.flags).toEqual(['profanity'])
    expect(all.find((i) => i.id === spam.id)!.flags).toEqual(['spam'])
    // An edited list replaces the default one.
    await c.call('PATCH', '/settings', event.moderatorToken, { flagWords: ['jargon'] })
    expect((await c.ask('Trop de jargon ici')).status).toBe('pending')
    expect((await c.ask('Encore de la merde')).status).toBe('approved')
  })

  it('holds and flags new questions from a blocked asker', async () => {
    const event = await createEvent(t, { settings: { moderation: 'post' } })
    const c = client(event)
    const first = await c.ask('Avant le blocage')
    const block = await c.call('POST', `/attendees/${first.askerId ?? (await c.all())[0]!.askerId}/block`, event.moderatorToken, {
      blocked: true,
    })
    expect(block.json()).toMatchObject({ blocked: true })
    const held = await c.ask('Après le blocage', first.token)
    const seen = (await c.all()).find((i) => i.id === held.id)!
    expect(seen).toMatchObject({ status: 'pending', held: true, flags: ['blocked_asker'] })
    expect((await c.call('POST', `/attendees/${seen.askerId}/block`, first.token, { blocked: false })).statusCode).toBe(403)
  })

  it('applies a new length limit to the next question', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const changed = await c.call('PATCH', '/settings', event.moderatorToken, { maxQuestionLength: 40 })
    expect(changed.json()).toMatchObject({ maxQuestionLength: 40, moderation: 'pre' })
    const attendee = await joinAsAttendee(t, event.slug)
    const long = await c.call('POST', '/questions', attendee.token, { text: 'x'.repeat(41), displayName: 'A', idempotencyKey: key() })
    expect(long.json()).toMatchObject({ code: 'question_too_long', params: { limit: 40 } })
    expect((await t.app.inject(`/api/events/${event.slug}`)).json().settings.maxQuestionLength).toBe(40)
  })
})

describe('flood protection', () => {
  it('answers 429 with Retry-After after three questions a minute from one attendee', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const attendee = await joinAsAttendee(t, event.slug)
    for (const n of [1, 2, 3]) await c.ask(`Question ${n}`, attendee.token)
    const fourth = await c.call(
      'POST',
      '/questions',
      attendee.token,
      { text: 'Quatrième', displayName: 'A', idempotencyKey: key() },
      { 'accept-language': 'en' },
    )
    expect(fourth.statusCode).toBe(429)
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0)
    expect(fourth.json()).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many requests\. Try again in \d+ s\.$/),
    })
    // Another attendee is not affected.
    expect((await c.ask('Autre participant')).status).toBe('pending')
  })
})

describe('export and log', () => {
  it('exports CSV and JSON for moderators only, safe for spreadsheets', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('=HYPERLINK("http://evil") ; et "guillemets"')
    await c.moderate(item, { action: 'dismiss', reason: 'abusive' })
    const csv = await c.call('GET', '/export.csv', event.moderatorToken)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    const lines = csv.body.split('\r\n')
    // French first: no Accept-Language, French headers and words.
    expect(lines[0]!.startsWith('\uFEFFIdentifiant;Posée le;Source;Statut')).toBe(true)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"") ; et ""guillemets"""`)
    expect(lines[1]).toContain(';écartée;abusive;')
    // The time of asking in the event's zone (Paris: summer or winter time, with its offset).
    const askedAt = lines[1]!.split(';')[1]
    expect(askedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+0[12]:00$/)
    expect(Date.parse(askedAt!)).toBe(Date.parse(item.createdAt))
    const english = await c.call('GET', '/export.csv', event.moderatorToken, undefined, { 'accept-language': 'en-GB,en;q=0.8' })
    expect(english.headers['content-language']).toBe('en')
    expect(english.body.split('\r\n')[1]).toContain(';dismissed;abusive;')
    const chosen = await c.call('GET', '/export.csv?lang=fr', event.moderatorToken, undefined, { 'accept-language': 'en' })
    expect(chosen.body.startsWith('\uFEFFIdentifiant;')).toBe(true)
    expect((await c.call('GET', '/export.csv?lang=de', event.moderatorToken)).statusCode).toBe(400)
    const json = (await c.call('GET', '/export.json', event.moderatorToken)).json()
    expect(json.questions).toHaveLength(1)
    expect(json.questions[0]).toMatchObject({ status: 'dismissed', dismissReason: 'abusive', createdAt: askedAt })
    expect(json.timeZone).toBe('Europe/Paris')
    expect(json.stats.dismissed.abusive).toBe(1)
    expect((await c.call('GET', '/export.csv', item.token)).statusCode).toBe(403)
    expect((await c.call('GET', '/export.json', null)).statusCode).toBe(401)
  })

  it('logs who did what and when', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('À tracer')
    await c.call(
      'POST',
      `/questions/${item.id}/moderation`,
      event.moderatorToken,
      { action: 'approve', version: 1 },
      { 'x-moderator-name': encodeURIComponent('Élise') },
    )
    const log = (await c.call('GET', '/moderation-log', event.moderatorToken)).json()
    expect(log).toEqual([
      expect.objectContaining({
        actor: 'moderator:Élise',
        action: 'approve',
        fromStatus: 'pending',
        toStatus: 'approved',
        itemId: item.id,
      }),
    ])
  })
})

describe('settings reach the screens', () => {
  it('a new length limit is broadcast to every screen as an event change', async () => {
    const listening = await startTestApp({ listen: true })
    try {
      const event = await createEvent(listening)
      const screen = await connectScreen(listening.url, { slug: event.slug })
      const response = await listening.app.inject({
        method: 'PATCH',
        url: `/api/events/${event.slug}/settings`,
        headers: { authorization: `Bearer ${event.moderatorToken}` },
        payload: { maxQuestionLength: 140, anonymousAllowed: false },
      })
      expect(response.statusCode).toBe(200)
      await eventually(() =>
        expect(screen.received.find((c) => c.type === 'event')).toMatchObject({
          event: { slug: event.slug, settings: { maxQuestionLength: 140, anonymousAllowed: false } },
        }),
      )
      screen.close()
    } finally {
      await listening.close()
    }
  })

  it('bulk failures are worded in the caller’s language', async () => {
    const event = await createEvent(t)
    const c = client(event)
    const item = await c.ask('Déjà écartée')
    await c.moderate(item, { action: 'dismiss', reason: 'other' })
    const result = await c.call(
      'POST',
      '/questions/moderation',
      event.moderatorToken,
      { action: 'approve', items: [{ id: item.id, version: 1 }] },
      { 'accept-language': 'en' },
    )
    expect(result.json().failed[0].message).toMatch(/^Someone else has just changed this question/)
  })
})
