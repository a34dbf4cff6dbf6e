// The socket twins of …/revision and …/withdrawal: same schema, same service, and the changes reach the
// moderators and the asker only.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../server/contract/realtime'
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
  for (const screen of open.splice(0)) screen.close()
})
afterAll(() => t.close())

async function screen(slug: string, token?: string, lang?: 'fr' | 'en') {
  const s = await connectScreen(t.url, { slug, token, lang })
  open.push(s)
  return s
}

const emit = <T>(s: Screen, name: 'question.ask' | 'question.revise' | 'question.withdraw', payload: unknown) =>
  s.socket.timeout(5000).emitWithAck(name as 'question.ask', payload as never) as unknown as Promise<Ack<T>>

function value<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`)
  return ack.value
}

const upsertsOf = (s: Screen, id: string) =>
  s.items.flatMap((change) => (change.type === 'item.upsert' && change.item.id === id ? [change.item] : []))

describe('the asker’s own question over Socket.IO', () => {
  it('a rewording and a withdrawal reach the moderators live, and no one else', async () => {
    const event = await createEvent(t)
    const alice = await joinAsAttendee(t, event.slug)
    const bob = await joinAsAttendee(t, event.slug)
    const moderator = await screen(event.slug, event.moderatorToken)
    const publicScreen = await screen(event.slug)
    const aliceScreen = await screen(event.slug, alice.token)
    const bobScreen = await screen(event.slug, bob.token)

    const asked = value(
      await emit<ItemView>(aliceScreen, 'question.ask', { text: 'Première version', displayName: 'Alice', idempotencyKey: 'socket-own-1' }),
    )
    const revised = value(
      await emit<ItemView>(aliceScreen, 'question.revise', { id: asked.id, version: asked.version, text: 'Seconde version' }),
    )
    expect(revised).toMatchObject({ text: 'Seconde version', status: 'pending', mine: true })
    await eventually(() => expect(upsertsOf(moderator, asked.id).at(-1)?.text).toBe('Seconde version'))
    await eventually(() => expect(upsertsOf(aliceScreen, asked.id).at(-1)?.text).toBe('Seconde version'))

    const withdrawn = value(await emit<ItemView>(aliceScreen, 'question.withdraw', { id: asked.id, version: revised.version }))
    expect(withdrawn.status).toBe('withdrawn')
    await eventually(() => expect(upsertsOf(moderator, asked.id).at(-1)?.status).toBe('withdrawn'))
    await eventually(() => expect(upsertsOf(aliceScreen, asked.id).at(-1)?.status).toBe('withdrawn'))
    // The moderators' copy says who asked; the asker's own does not carry it.
    expect(upsertsOf(moderator, asked.id).at(-1)?.askerId).toBe(alice.attendeeId)
    expect(upsertsOf(aliceScreen, asked.id).at(-1)?.askerId).toBeNull()

    // A question that never was public stays unheard of by the public and other attendees.
    await eventually(() => expect(moderator.received.some((c) => c.type === 'tally' && c.stats.withdrawn === 1)).toBe(true))
    expect(publicScreen.items).toEqual([])
    expect(bobScreen.items).toEqual([])
  })

  it('validates with the HTTP schema and answers in the handshake’s language', async () => {
    const event = await createEvent(t)
    const alice = await joinAsAttendee(t, event.slug)
    const bob = await joinAsAttendee(t, event.slug)
    const aliceScreen = await screen(event.slug, alice.token, 'en')
    const bobScreen = await screen(event.slug, bob.token, 'fr')
    const asked = value(
      await emit<ItemView>(aliceScreen, 'question.ask', { text: 'À retirer', displayName: 'Alice', idempotencyKey: 'socket-own-2' }),
    )

    const extra = await emit<ItemView>(aliceScreen, 'question.withdraw', { id: asked.id, version: 1, reason: 'x' })
    expect(extra).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Invalid request: "reason" is not an accepted field.' },
    })
    const noVersion = await emit<ItemView>(aliceScreen, 'question.revise', { id: asked.id, text: 'Sans version' })
    expect(noVersion).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('"version" is required') },
    })
    const notHers = await emit<ItemView>(bobScreen, 'question.withdraw', { id: asked.id, version: 1 })
    expect(notHers).toMatchObject({ ok: false, error: { code: 'question_not_found', message: 'Question introuvable.' } })

    const moderator = await screen(event.slug, event.moderatorToken)
    const tryModerator = await emit<ItemView>(moderator, 'question.withdraw', { id: asked.id, version: 1 })
    expect(tryModerator).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // The connection survives every refusal.
    expect(value(await emit<ItemView>(aliceScreen, 'question.withdraw', { id: asked.id, version: 1 })).status).toBe('withdrawn')
  })
})
