// Hostile text and malformed calls that used to answer 500 or hang: each now answers a stable code or is cleaned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { ADMIN_TOKEN, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ listen: true })
})
afterAll(() => t.close())

const NUL = '\u0000'

describe('stored text is cleaned in one place', () => {
  it('a NUL or a bidi override in an event’s title, organiser, segment title, speaker or flag word is removed, not a 500', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: {
        slug: 'hygiene-nul',
        title: `Webinaire${NUL} du\u202E   jour`,
        organiser: `Ville${NUL}\u2066 de Lyon`,
        timeZone: 'Europe/Paris',
        date: '2020-05-19',
        segments: [{ title: `Ouver${NUL}ture`, start: '15:00', end: '15:30', speakers: [`Élise${NUL} Martin`, ` Paul\u2069 `] }],
        settings: { flagWords: [`arna${NUL}que`] },
      },
    })
    expect(response.statusCode, response.body).toBe(201)
    const event = (await t.app.inject('/api/events/hygiene-nul')).json()
    expect(event).toMatchObject({ title: 'Webinaire du jour', organiser: 'Ville de Lyon' })
    expect(event.segments[0]).toMatchObject({ title: 'Ouverture', speakers: ['Élise Martin', 'Paul'] })
  })

  it('a title made only of controls is refused as empty (400 invalid_input)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-language': 'en' },
      payload: {
        title: `${NUL}\u202E`,
        timeZone: 'Europe/Paris',
        date: '2020-05-19',
        segments: [{ title: 'A', start: '15:00', end: '15:30' }],
      },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'invalid_input', params: { field: 'title' } })
  })

  it('a flag word and a question with a NUL are stored without it', async () => {
    const event = await createEvent(t)
    const settings = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${event.slug}/settings`,
      headers: { authorization: `Bearer ${event.moderatorToken}` },
      payload: { flagWords: [`ga${NUL}rbage`] },
    })
    expect(settings.statusCode).toBe(200)
    expect(settings.json().flagWords).toEqual(['garbage'])
    const attendee = await joinAsAttendee(t, event.slug)
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${attendee.token}` },
      payload: { text: `Une${NUL} question\u202E  sur\r\ndeux lignes  `, idempotencyKey: 'hygiene-0001', anonymous: true },
    })
    expect(asked.statusCode, asked.body).toBe(201)
    expect(asked.json().text).toBe('Une question sur\ndeux lignes')
  })

  it('a malformed percent-encoding in x-moderator-name is ignored: the action is done and logged as « moderator »', async () => {
    const event = await createEvent(t)
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${event.slug}/settings`,
      headers: { authorization: `Bearer ${event.moderatorToken}`, 'x-moderator-name': '%E0%A4%A' },
      payload: { anonymousAllowed: false },
    })
    expect(response.statusCode).toBe(200)
    const named = await t.app.inject({
      method: 'GET',
      url: `/api/events/${event.slug}/moderation-log`,
      headers: { authorization: `Bearer ${event.moderatorToken}`, 'x-moderator-name': `${encodeURIComponent('Élise')}%00%E2%80%AE` },
    })
    expect(named.statusCode).toBe(200)
  })
})

describe('socket actions answer whatever the arguments', () => {
  type Raw = Socket & { emit(event: string, ...args: unknown[]): Socket }
  async function connect(slug: string, token: string): Promise<Raw> {
    const socket = io(t.url, { auth: { slug, token, lang: 'en' }, transports: ['websocket'], reconnection: false, forceNew: true })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('connect_error', reject)
    })
    return socket as Raw
  }
  function call(socket: Raw, event: string, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve) => socket.emit(event, ...args, resolve))
  }

  it('no payload, a non-object payload, extra arguments: an acknowledgement with invalid_input; no callback: no crash', async () => {
    const event = await createEvent(t)
    const socket = await connect(event.slug, event.moderatorToken)
    try {
      const invalid = { ok: false, error: expect.objectContaining({ code: 'invalid_input', message: expect.any(String) }) }
      expect(await call(socket, 'question.moderate')).toEqual(invalid)
      expect(await call(socket, 'question.moderate', 'approve')).toEqual(invalid)
      expect(await call(socket, 'clock.command', null)).toEqual(invalid)
      expect(await call(socket, 'clock.command', [1, 2])).toEqual(invalid)
      expect(await call(socket, 'message.send', { text: 'a' }, { text: 'b' })).toEqual(invalid)
      expect(await call(socket, 'message.send', { text: NUL })).toEqual(expect.objectContaining({ ok: false }))
      // Without a callback nothing can be answered; the connection stays up and the next call is answered.
      socket.emit('question.moderate', { id: 'x' })
      socket.emit('sync')
      socket.emit('time.ping', 42, 'extra')
      expect(await call(socket, 'time.ping', { t0: 1 })).toEqual({ ok: true, value: { t0: 1, serverNow: expect.any(Number) } })
      expect(socket.connected).toBe(true)
    } finally {
      socket.close()
    }
  })

  it('a handshake naming a slug with a NUL is refused with a code, not an internal error', async () => {
    const socket = io(t.url, { auth: { slug: `a${NUL}b` }, transports: ['websocket'], reconnection: false, forceNew: true })
    const error = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve))
    socket.close()
    expect(error.data).toMatchObject({ code: 'invalid_input' })
  })
})
