// What clock commands do to questions: « Terminer » ends the one on air; the reset after a rehearsal ends it
// too and, when asked, reopens what the rehearsal answered. HTTP and Socket.IO, every screen told, all logged.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ClockCommandInput, ClockView } from '../../server/contract/clock'
import type { Ack, Change } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectScreen } from '../helpers/socket'

let t: TestApp
const open: Screen[] = []
beforeAll(async () => {
  t = await startTestApp({ listen: true })
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => t.close())

let keys = 0

interface LogRow {
  seq: number
  actor: string
  itemId: string
  action: string
  fromStatus: string
  toStatus: string
  detail: Record<string, unknown>
}

async function setUp() {
  const event = await createEvent(t)
  const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken, name: 'Camille' })
  const stage = await connectScreen(t.url, { slug: event.slug, token: event.speakerToken })
  const audience = await connectScreen(t.url, { slug: event.slug })
  open.push(moderator, stage, audience)
  const mod = { authorization: `Bearer ${event.moderatorToken}` }
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/events/${event.slug}${url}`, headers: mod, ...(payload ? { payload } : {}) })

  async function published(text: string): Promise<ItemView> {
    const asker = await joinAsAttendee(t, event.slug)
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${asker.token}` },
      payload: { text, displayName: 'Dominique', idempotencyKey: `clock-${process.pid}-${++keys}` },
    })
    const item = asked.json() as ItemView
    return (await api('POST', `/questions/${item.id}/moderation`, { action: 'approve', version: item.version })).json()
  }
  const item = async (id: string): Promise<ItemView> =>
    ((await api('GET', '/questions')).json() as ItemView[]).find((candidate) => candidate.id === id)!
  async function moderate(id: string, action: string): Promise<ItemView> {
    const current = await item(id)
    const response = await api('POST', `/questions/${id}/moderation`, { action, version: current.version })
    expect(response.statusCode, response.body).toBe(200)
    return response.json()
  }
  async function clock(body: ClockCommandInput): Promise<ClockView> {
    const ack = (await moderator.socket.timeout(5000).emitWithAck('clock.command', body)) as Ack<ClockView>
    if (!ack.ok) throw new Error(JSON.stringify(ack.error))
    return ack.value
  }
  const log = async (): Promise<LogRow[]> => (await api('GET', '/moderation-log')).json()
  return { event, moderator, stage, audience, api, published, item, moderate, clock, log }
}

/** The status of a question as a screen last heard it. */
const heard = (screen: Screen, id: string): string | undefined =>
  screen.received.filter((c): c is Extract<Change, { type: 'item.upsert' }> => c.type === 'item.upsert' && c.item.id === id).at(-1)?.item
    .status

describe('« Terminer »', () => {
  it('ends the question on air in the same transaction: answered, logged by the moderator, on every screen', async () => {
    const s = await setUp()
    const question = await s.published('Quels financements pour la coopération en 2021 ?')
    await s.clock({ type: 'start' })
    await s.moderate(question.id, 'put_on_air')
    for (const screen of [s.stage, s.audience]) await eventually(() => expect(heard(screen, question.id)).toBe('on_air'))

    const ended = await s.clock({ type: 'end' })
    expect(ended.phase).toBe('ended')
    for (const screen of [s.stage, s.audience, s.moderator]) await eventually(() => expect(heard(screen, question.id)).toBe('answered'))
    const answered = await s.item(question.id)
    expect(answered).toMatchObject({ status: 'answered', answeredInRehearsal: false })
    // The answer time is the end command's own instant.
    expect(Date.parse(answered.answeredAt!)).toBe(ended.log.commands.at(-1)!.at)

    const entry = (await s.log()).find((row) => row.itemId === question.id && row.toStatus === 'answered')
    expect(entry).toMatchObject({
      actor: 'moderator:Camille',
      action: 'mark_answered',
      fromStatus: 'on_air',
      detail: { cause: 'clock_end' },
    })
    // Sequenced right after the clock change it belongs with.
    const clockChange = s.stage.received.find((c) => c.type === 'clock' && c.log.commands.at(-1)?.type === 'end')!
    expect(entry!.seq).toBe(clockChange.seq + 1)
    // The public counts follow (the tally).
    await eventually(() =>
      expect(s.audience.received.filter((c) => c.type === 'tally').at(-1)).toMatchObject({
        stats: expect.objectContaining({ answered: 1 }),
      }),
    )
  })

  it('over HTTP too, and with nothing on air it changes no question', async () => {
    const s = await setUp()
    await s.clock({ type: 'start' })
    const before = (await s.log()).length
    const response = await s.api('POST', '/clock', { type: 'end' })
    expect(response.statusCode).toBe(200)
    expect((await s.log()).length).toBe(before)
  })
})

describe('the reset after a rehearsal', () => {
  it('reopens the questions the rehearsal answered, when asked, and ends the one still on air', async () => {
    const s = await setUp()
    const [first, second, third, live] = await Promise.all(
      ['Première question de répétition ?', 'Deuxième question de répétition ?', 'Troisième ?', 'Restée publiée ?'].map((text) =>
        s.published(text),
      ),
    )
    await s.clock({ type: 'start', speed: 60 })
    await s.moderate(first!.id, 'put_on_air')
    await s.moderate(second!.id, 'put_on_air') // the first one counts as answered
    await s.moderate(second!.id, 'mark_answered')
    await s.moderate(third!.id, 'put_on_air')
    expect(await s.item(first!.id)).toMatchObject({ status: 'answered', answeredInRehearsal: true })
    expect(await s.item(second!.id)).toMatchObject({ status: 'answered', answeredInRehearsal: true })
    for (const id of [first!.id, second!.id]) await eventually(() => expect(heard(s.audience, id)).toBe('answered'))

    const reset = (await s.api('POST', '/clock', { type: 'reset', reopenAnswered: true })).json() as ClockView
    expect(reset).toMatchObject({ phase: 'idle', log: { commands: [] } })
    for (const id of [first!.id, second!.id, third!.id]) {
      expect(await s.item(id)).toMatchObject({ status: 'approved', answeredAt: null, answeredInRehearsal: false })
      for (const screen of [s.stage, s.audience]) await eventually(() => expect(heard(screen, id)).toBe('approved'))
    }
    expect((await s.item(live!.id)).status).toBe('approved')

    const reopened = (await s.log()).filter((row) => row.action === 'reopen')
    expect(reopened.map((row) => row.itemId).sort()).toEqual([first!.id, second!.id, third!.id].sort())
    for (const row of reopened) expect(row).toMatchObject({ actor: 'moderator', detail: { cause: 'rehearsal_reset' } })
    // The question on air went through « answered » (ended with the rehearsal) before being reopened.
    expect((await s.log()).find((row) => row.itemId === third!.id && row.action === 'mark_answered')).toMatchObject({
      detail: { cause: 'clock_end' },
    })
  })

  it('keeps the answers when not asked, reopens only the last rehearsal’s, and a live reset touches nothing', async () => {
    const s = await setUp()
    const [kept, rehearsed, answeredLive] = await Promise.all(['Gardée ?', 'Rouverte ?', 'En direct ?'].map((text) => s.published(text)))

    // First rehearsal, reset without reopening: its answer stays answered (and stays a rehearsal answer).
    await s.clock({ type: 'start', speed: 60 })
    await s.moderate(kept!.id, 'put_on_air')
    await s.clock({ type: 'reset' })
    expect(await s.item(kept!.id)).toMatchObject({ status: 'answered', answeredInRehearsal: true })

    // Second rehearsal, ended with « Terminer », then reset with reopening: only its own answer comes back.
    await s.clock({ type: 'start', speed: 60 })
    await s.moderate(rehearsed!.id, 'put_on_air')
    await s.clock({ type: 'end' })
    expect(await s.item(rehearsed!.id)).toMatchObject({ status: 'answered', answeredInRehearsal: true })
    await s.clock({ type: 'reset', reopenAnswered: true })
    expect((await s.item(rehearsed!.id)).status).toBe('approved')
    expect((await s.item(kept!.id)).status).toBe('answered')

    // Live: an answer is a live one; a reset of a live run (a false start) changes no question, even when asked.
    await s.clock({ type: 'start' })
    await s.moderate(answeredLive!.id, 'put_on_air')
    await s.moderate(answeredLive!.id, 'mark_answered')
    await s.moderate(rehearsed!.id, 'put_on_air')
    await s.clock({ type: 'reset', reopenAnswered: true })
    expect(await s.item(answeredLive!.id)).toMatchObject({ status: 'answered', answeredInRehearsal: false })
    expect((await s.item(rehearsed!.id)).status).toBe('on_air')
  })

  it('refuses a malformed reset with invalid_input', async () => {
    const s = await setUp()
    const response = await s.api('POST', '/clock', { type: 'reset', reopenAnswered: 'yes' })
    expect(response.statusCode).toBe(400)
    expect(response.json().code).toBe('invalid_input')
  })
})
