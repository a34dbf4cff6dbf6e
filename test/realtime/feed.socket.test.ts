// The integration feed as a studio tool meets it: a raw WebSocket client (no Tribune code) and plain HTTP GETs.
import { Writable } from 'node:stream'
import { Compile } from 'typebox/compile'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { FeedClock, FeedHello, FeedOnAir, FeedPublished, FeedState } from '../../server/contract/feed'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, NO_LIMITS, startTestApp, type TestApp, tokenOf } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { connectScreen } from '../helpers/socket'

const checks = { hello: Compile(FeedHello), clock: Compile(FeedClock), on_air: Compile(FeedOnAir), published: Compile(FeedPublished) }

let t: TestApp
const logs: string[] = []
const clients: WebSocket[] = []
beforeAll(async () => {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString())
      done()
    },
  })
  t = await startTestApp({ listen: true, limits: NO_LIMITS, logLevel: 'info', logStream })
})
afterEach(() => {
  for (const client of clients.splice(0)) client.terminate()
})
afterAll(() => t.close())

interface Message {
  v: number
  type: 'hello' | 'clock' | 'on_air' | 'published'
  [field: string]: unknown
}

/** A tool's connection: every message parsed and checked against the documented schema as it arrives. */
async function connect(slug: string, key: string) {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/events/${slug}/feed?key=${encodeURIComponent(key)}`)
  clients.push(ws)
  const messages: Message[] = []
  const invalid: string[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Message
    if (!checks[message.type]?.Check(message)) invalid.push(data.toString())
    messages.push(message)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const last = (type: Message['type']) => messages.filter((m) => m.type === type).at(-1)
  return { ws, messages, invalid, closed, last }
}

/** The HTTP status a refused upgrade answers with. */
function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('open', () => reject(new Error('opened, expected a refusal')))
    ws.once('error', () => {})
  })
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function moderate(slug: string, token: string, item: ItemView, action: string): Promise<ItemView> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/events/${slug}/questions/${item.id}/moderation`,
    headers: bearer(token),
    payload: { action, version: item.version },
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

async function ask(slug: string, text: string): Promise<ItemView> {
  const attendee = await joinAsAttendee(t, slug)
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/events/${slug}/questions`,
    headers: bearer(attendee.token),
    payload: { text, displayName: 'Claire Martin', organisation: 'Mairie de Lyon', idempotencyKey: `k-${text.length}-${Date.now()}` },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

describe('integration feed', () => {
  it('sends hello, clock, on_air and published on connection, then what changes, in the documented schema', async () => {
    const event = await createEvent(t)
    const tool = await connect(event.slug, event.speakerToken)
    await eventually(() => expect(tool.messages.map((m) => m.type)).toEqual(['hello', 'clock', 'on_air', 'published']))
    expect(tool.messages.every((m) => m.v === 1)).toBe(true)
    expect(tool.last('hello')).toMatchObject({ event: { slug: event.slug, title: 'Webinaire de test', timeZone: 'Europe/Paris' } })
    expect(tool.last('on_air')).toMatchObject({ question: null })
    expect(tool.last('published')).toMatchObject({ questions: [] })
    expect(tool.last('clock')).toMatchObject({ clock: { phase: 'idle' }, timer: { text: '' } })

    // A question approved: it is in the published list; put on air: it moves to on_air, out of the list.
    const first = await moderate(
      event.slug,
      event.moderatorToken,
      await ask(event.slug, 'Quel calendrier pour le fonds de soutien ?'),
      'approve',
    )
    const second = await moderate(
      event.slug,
      event.moderatorToken,
      await ask(event.slug, 'Les communes rurales sont-elles concernées ?'),
      'approve',
    )
    await eventually(() =>
      expect((tool.last('published')?.questions as { id: string }[]).map((q) => q.id).sort()).toEqual([first.id, second.id].sort()),
    )
    await moderate(event.slug, event.moderatorToken, first, 'put_on_air')
    await eventually(() =>
      expect(tool.last('on_air')).toMatchObject({ question: { id: first.id, name: 'Claire Martin', organisation: 'Mairie de Lyon' } }),
    )
    await eventually(() => expect((tool.last('published')?.questions as { id: string }[]).map((q) => q.id)).toEqual([second.id]))

    // The clock started: a clock message at once, the timer as the stage shows it (15:00–15:30: 30:00 or just under).
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/clock`,
      headers: bearer(event.moderatorToken),
      payload: { type: 'start' },
    })
    expect(started.statusCode).toBe(200)
    await eventually(() =>
      expect(tool.last('clock')).toMatchObject({ clock: { phase: 'running' }, timer: { segmentTitle: 'Ouverture', overtime: false } }),
    )
    expect((tool.last('clock')?.timer as { text: string }).text).toMatch(/^(30:00|29:5\d)$/)
    // Nothing the moderators keep to themselves: pending questions, flags, askers' ids.
    const pending = await ask(event.slug, 'Une question encore en attente de modération ?')
    await moderate(event.slug, event.moderatorToken, second, 'dismiss').catch(() => undefined)
    expect(JSON.stringify(tool.messages)).not.toContain(pending.id)
    expect(JSON.stringify(tool.messages)).not.toContain('askerId')
    expect(tool.invalid).toEqual([])
  })

  it('answers a plain GET with the same state, and one GET per message for tools that poll', async () => {
    const event = await createEvent(t)
    const state = await t.app.inject({ method: 'GET', url: `/api/events/${event.slug}/feed`, headers: bearer(event.speakerToken) })
    expect(state.statusCode).toBe(200)
    expect(Compile(FeedState).Check(state.json())).toBe(true)
    const onAir = await t.app.inject({ method: 'GET', url: `/api/events/${event.slug}/feed/on-air?key=${event.speakerToken}` })
    expect(onAir.json()).toEqual({ v: 1, type: 'on_air', question: null })
    const clock = await t.app.inject({ method: 'GET', url: `/api/events/${event.slug}/feed/clock`, headers: bearer(event.moderatorToken) })
    expect(clock.json()).toMatchObject({ v: 1, type: 'clock', clock: { phase: 'idle' } })
    const published = await t.app.inject({ method: 'GET', url: `/api/events/${event.slug}/feed/published?key=${event.speakerToken}` })
    expect(published.json()).toEqual({ v: 1, type: 'published', questions: [] })
  })

  it('refuses the audience: no key 401, an attendee key 403, an unknown event 404, another path 404', async () => {
    const event = await createEvent(t)
    const attendee = await joinAsAttendee(t, event.slug)
    const base = `${t.url.replace('http', 'ws')}/api/events`
    expect(await refusal(`${base}/${event.slug}/feed`)).toBe(401)
    expect(await refusal(`${base}/${event.slug}/feed?key=${attendee.token}`)).toBe(403)
    expect(await refusal(`${base}/nope-${Date.now()}/feed?key=${event.speakerToken}`)).toBe(404)
    expect(await refusal(`${t.url.replace('http', 'ws')}/api/events/${event.slug}/somewhere-else`)).toBe(404)
    const http = await t.app.inject({ method: 'GET', url: `/api/events/${event.slug}/feed/published?key=${attendee.token}` })
    expect(http.statusCode).toBe(403)
    expect(http.json()).toMatchObject({ code: 'forbidden' })
    // Socket.IO's own WebSocket upgrades still work beside the feed.
    const screen = await connectScreen(t.url, { slug: event.slug })
    expect(screen.socket.io.engine.transport.name).toBe('websocket')
    screen.close()
  })

  it('closes a feed within a second of its key being renewed, and never logs the key', async () => {
    const event = await createEvent(t)
    const tool = await connect(event.slug, event.speakerToken)
    await eventually(() => expect(tool.messages.length).toBeGreaterThanOrEqual(4))
    const renewed = await t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/links`, headers: bearer(event.organiserToken) })
    expect(renewed.statusCode, renewed.body).toBe(200)
    const started = Date.now()
    const closed = await tool.closed
    expect(closed.code).toBe(4403)
    expect(Date.now() - started).toBeLessThan(1000)
    // The new key opens it.
    const fresh = await connect(event.slug, tokenOf(renewed.json().speaker as string))
    await eventually(() => expect(fresh.messages.length).toBe(4))
    expect(logs.join('')).toContain('/feed')
    expect(logs.join('')).not.toContain(event.speakerToken)
  })
})
