import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SpeakerMessage } from '../../server/contract/messages'
import type { Ack } from '../../server/contract/realtime'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectScreen, sync } from '../helpers/socket'

let t: TestApp
const open: Screen[] = []
beforeAll(async () => {
  t = await startTestApp({ listen: true })
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => t.close())

describe('messages to speakers', () => {
  it('reach the stage and the control room only; the acknowledgement comes back to the moderator', async () => {
    const event = await createEvent(t)
    const attendee = await joinAsAttendee(t, event.slug)
    const [moderator, stage, publicScreen, attendeeScreen] = await Promise.all([
      connectScreen(t.url, { slug: event.slug, token: event.moderatorToken }),
      connectScreen(t.url, { slug: event.slug, token: event.speakerToken }),
      connectScreen(t.url, { slug: event.slug }),
      connectScreen(t.url, { slug: event.slug, token: attendee.token }),
    ])
    open.push(moderator, stage, publicScreen, attendeeScreen)

    const sent = (await moderator.socket
      .timeout(5000)
      .emitWithAck('message.send', { text: '  Il vous reste 2 minutes  ' })) as Ack<SpeakerMessage>
    expect(sent).toMatchObject({ ok: true, value: { text: 'Il vous reste 2 minutes', acknowledgedAt: null } })
    const id = sent.ok ? sent.value.id : ''
    await eventually(() =>
      expect(stage.received).toEqual([expect.objectContaining({ type: 'message', message: expect.objectContaining({ id }) })]),
    )

    const byAttendee = await attendeeScreen.socket.timeout(5000).emitWithAck('message.acknowledge', { id })
    expect(byAttendee).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const acknowledged = (await stage.socket.timeout(5000).emitWithAck('message.acknowledge', { id })) as Ack<SpeakerMessage>
    expect(acknowledged.ok && acknowledged.value.acknowledgedAt).toBeTruthy()
    await eventually(() =>
      expect(moderator.received.at(-1)).toMatchObject({ type: 'message', message: { id, acknowledgedAt: expect.any(String) } }),
    )
    // Twice is harmless: same instant, nothing new broadcast.
    const again = (await stage.socket.timeout(5000).emitWithAck('message.acknowledge', { id })) as Ack<SpeakerMessage>
    expect(again.ok && again.value.acknowledgedAt).toBe(acknowledged.ok && acknowledged.value.acknowledgedAt)

    // A stage screen that reconnects finds the message in its snapshot; the public never sees it.
    const snapshot = await sync(stage, null)
    expect(snapshot.ok && snapshot.value.kind === 'snapshot' && snapshot.value.snapshot.messages.map((m) => m.id)).toEqual([id])
    const publicSnapshot = await sync(publicScreen, null)
    expect(publicSnapshot.ok && publicSnapshot.value.kind === 'snapshot' && publicSnapshot.value.snapshot.messages).toEqual([])
    expect(JSON.stringify([publicScreen.received, attendeeScreen.received])).not.toContain('2 minutes')
  })

  it('has HTTP twins with the same rules', async () => {
    const event = await createEvent(t)
    const post = (url: string, token: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })
    const sent = await post(`/api/events/${event.slug}/messages`, event.moderatorToken, { text: 'Conclure' })
    expect(sent.statusCode).toBe(201)
    expect((await post(`/api/events/${event.slug}/messages`, event.speakerToken, { text: 'x' })).statusCode).toBe(403)
    expect((await post(`/api/events/${event.slug}/messages`, event.moderatorToken, { text: '' })).statusCode).toBe(400)
    const ack = await post(`/api/events/${event.slug}/messages/${sent.json().id}/acknowledgement`, event.speakerToken)
    expect(ack.statusCode).toBe(200)
    expect(ack.json().acknowledgedAt).not.toBeNull()
  })
})
