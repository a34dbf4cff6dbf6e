import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultEvent } from '../../server/events/default-event'
import { ADMIN_TOKEN, createEvent, startTestApp, tokenOf, type TestApp } from '../helpers/app'
import { expectedDatabaseKind } from '../helpers/db'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('health and documentation', () => {
  it('reports the database in use', async () => {
    const response = await t.app.inject('/health')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'ok', database: expectedDatabaseKind() })
  })

  it('publishes an OpenAPI document listing the routes', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/events',
        '/api/events/{slug}',
        '/api/events/{slug}/questions',
        '/api/events/{slug}/questions/{id}/moderation',
      ]),
    )
  })
})

describe('the default event', () => {
  it('is created once with four segments at the right instants', async () => {
    const first = await t.services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
    const second = await t.services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
    expect(first?.links.moderator).toMatch(/^http:\/\/tribune\.test\/e\/daect-2020-05-19\/moderate#token=[\w-]{43}$/)
    expect(second).toBeNull()

    const event = (await t.app.inject('/api/events/daect-2020-05-19')).json()
    expect(event.timeZone).toBe('Europe/Paris')
    // Where the public screen tells the audience to ask: the same address as the attendee link.
    expect(event.attendeeUrl).toBe(first?.links.attendee)
    expect(event.attendeeUrl).toBe('http://tribune.test/e/daect-2020-05-19')
    expect(event.segments.map((s: { plannedStart: string; plannedEnd: string }) => [s.plannedStart, s.plannedEnd])).toEqual([
      ['2020-05-19T15:00:00+02:00', '2020-05-19T15:45:00+02:00'],
      ['2020-05-19T15:45:00+02:00', '2020-05-19T16:15:00+02:00'],
      ['2020-05-19T16:15:00+02:00', '2020-05-19T17:00:00+02:00'],
      ['2020-05-19T17:00:00+02:00', '2020-05-19T17:30:00+02:00'],
    ])
    expect(event.segments[3].kind).toBe('qa')
    expect(Date.parse(event.segments[0].plannedStart)).toBe(Date.parse('2020-05-19T13:00:00Z'))
    // Secrets never appear in the public view.
    expect(JSON.stringify(event)).not.toMatch(/secret|hash|token/i)
  })
})

describe('creating events', () => {
  const agenda = {
    title: 'Réunion',
    timeZone: 'America/New_York',
    date: '2026-03-08',
    segments: [
      { title: 'Avant', start: '01:00', end: '02:00' },
      { title: 'Après le changement d’heure', start: '03:00', end: '04:00' },
    ],
  }

  it('refuses a caller without the operator token', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/events', payload: agenda })
    expect(none.statusCode).toBe(401)
    expect(none.json().code).toBe('unauthorized')
    const wrong = await t.app.inject({ method: 'POST', url: '/api/events', headers: { authorization: 'Bearer nope' }, payload: agenda })
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('forbidden')
  })

  it('computes instants in the event time zone across a DST change and returns working links', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: agenda,
    })
    expect(response.statusCode).toBe(201)
    const { slug, links } = response.json()
    expect(slug).toBe('reunion-2026-03-08')
    expect(links.speaker).toContain(`/e/${slug}/stage#token=`)
    const event = (await t.app.inject(`/api/events/${slug}`)).json()
    expect(event.segments[0].plannedStart).toBe('2026-03-08T01:00:00-05:00')
    // 02:00 EST becomes 03:00 EDT: the first segment lasts one hour of real time.
    expect(event.segments[0].plannedEnd).toBe('2026-03-08T03:00:00-04:00')
    expect(event.segments[0].durationSeconds).toBe(3600)
    expect(event.segments[1].plannedStart).toBe('2026-03-08T03:00:00-04:00')

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: agenda,
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('event_exists')
  })

  it('rejects an unknown time zone and malformed agendas with invalid_input', async () => {
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': 'en' },
        payload,
      })
    const zone = await post({ ...agenda, timeZone: 'Mars/Olympus' })
    expect(zone.statusCode).toBe(400)
    expect(zone.json()).toMatchObject({ code: 'invalid_input', params: { field: 'timeZone' } })
    const time = await post({ ...agenda, segments: [{ title: 'x', start: '25:00', end: '26:00' }] })
    expect(time.statusCode).toBe(400)
    expect(time.json().code).toBe('invalid_input')
    expect(time.json()).toMatchObject({
      params: { field: 'segments.0.start', rule: 'format' },
      message: 'Invalid request: "segments.0.start" is not in the expected format.',
    })
    const missing = await post({ ...agenda, title: undefined })
    expect(missing.json().message).toBe('Invalid request: "title" is required.')
    const fr = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { ...agenda, title: 'x'.repeat(301) },
    })
    expect(fr.json().message).toBe('Requête invalide : « title » dépasse 300 caractères.')
  })
})

describe('local times that name no instant', () => {
  const post = (payload: object, lang: 'fr' | 'en') =>
    t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': lang },
      payload: { title: 'Nuit du changement d’heure', timeZone: 'Europe/Paris', ...payload },
    })

  it('refuses an impossible date in French and English, and creates nothing', async () => {
    const payload = { slug: 'fevrier-30', date: '2026-02-30', segments: [{ title: 'Ouverture', start: '15:00', end: '16:00' }] }
    const fr = await post(payload, 'fr')
    expect(fr.statusCode).toBe(400)
    expect(fr.json()).toMatchObject({
      code: 'invalid_input',
      params: { field: 'date', rule: 'not_a_date' },
      message: 'Requête invalide : « date » n’est pas une date du calendrier (2026-02-30).',
    })
    expect((await post(payload, 'en')).json().message).toBe('Invalid request: "date" is not a calendar date (2026-02-30).')
    expect((await t.app.inject('/api/events/fevrier-30')).statusCode).toBe(404)
  })

  it('refuses a segment starting in the spring-forward gap, naming the field and the local time', async () => {
    const payload = {
      date: '2026-03-29',
      segments: [
        { title: 'Ouverture', start: '01:00', end: '01:45' },
        { title: 'Dans le saut', start: '02:30', end: '03:10' },
      ],
    }
    const fr = await post(payload, 'fr')
    expect(fr.statusCode).toBe(400)
    expect(fr.json()).toMatchObject({
      code: 'invalid_input',
      params: { field: 'segments.1.start', rule: 'nonexistent_time', time: '02:30', date: '2026-03-29' },
      message:
        'Requête invalide : « segments.1.start » indique une heure locale qui n’existe pas : le 29 mars 2026 (Europe/Paris), ' +
        'les horloges passent de 02\u00a0h\u00a000 à 03\u00a0h\u00a000 et sautent 02\u00a0h\u00a030.',
    })
    expect((await post(payload, 'en')).json().message).toBe(
      'Invalid request: "segments.1.start" is a local time that does not exist: on 29 March 2026 (Europe/Paris) ' +
        'the clocks go from 02:00 to 03:00, skipping 02:30.',
    )
  })

  it('refuses a segment of no length, and plans the fall-back night with the first occurrence of a repeated time', async () => {
    const empty = await post({ date: '2026-10-25', segments: [{ title: 'Vide', start: '02:30', end: '02:30' }] }, 'en')
    expect(empty.statusCode).toBe(400)
    expect(empty.json()).toMatchObject({
      params: { field: 'segments.0.end', rule: 'empty_segment' },
      message: 'Invalid request: "segments.0.end" leaves the segment no time: from 02:30 to 02:30 on 25 October 2026 it would last 0 min.',
    })
    const created = await post(
      {
        slug: 'heure-repetee-2026',
        date: '2026-10-25',
        segments: [
          { title: 'Avant', start: '01:30', end: '02:30' },
          { title: 'Pendant', start: '02:30', end: '03:30' },
        ],
      },
      'fr',
    )
    expect(created.statusCode).toBe(201)
    const event = (await t.app.inject('/api/events/heure-repetee-2026')).json()
    expect(event.segments.map((s: { plannedStart: string; plannedEnd: string }) => [s.plannedStart, s.plannedEnd])).toEqual([
      ['2026-10-25T01:30:00+02:00', '2026-10-25T02:30:00+02:00'],
      ['2026-10-25T02:30:00+02:00', '2026-10-25T03:30:00+01:00'],
    ])
  })

  it('documents the rules in the OpenAPI descriptions of date, start and end', async () => {
    const doc = JSON.stringify((await t.app.inject('/api/openapi.json')).json())
    expect(doc).toContain('2026-02-30 is refused')
    expect(doc).toContain('first occurrence')
    expect(doc).toContain('does not exist')
  })
})

describe('unknown events and link rotation', () => {
  it('answers 404 with a stable code in the caller’s language', async () => {
    const fr = await t.app.inject('/api/events/nope')
    expect(fr.statusCode).toBe(404)
    expect(fr.json()).toMatchObject({ code: 'event_not_found', message: 'Webinaire introuvable : « nope ».' })
    const en = await t.app.inject({ url: '/api/events/nope', headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    expect(en.json()).toMatchObject({ code: 'event_not_found', message: 'Webinar not found: "nope".' })
  })

  it('rotating links makes the old moderator token useless', async () => {
    const event = await createEvent(t)
    const listAs = (token: string) =>
      t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: { authorization: `Bearer ${token}` } })
    expect((await listAs(event.moderatorToken)).statusCode).toBe(200)
    const fresh = await t.services.events.rotateLinks(event.slug)
    expect((await listAs(event.moderatorToken)).statusCode).toBe(403)
    expect((await listAs(tokenOf(fresh.moderator))).statusCode).toBe(200)
  })
})
