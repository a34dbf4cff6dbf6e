import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, Snapshot, SyncResult } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectError, connectScreen, sync } from '../helpers/socket'

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

function value<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`)
  return ack.value
}

async function room() {
  const event = await createEvent(t)
  const alice = await joinAsAttendee(t, event.slug)
  const bob = await joinAsAttendee(t, event.slug)
  return {
    event,
    moderator: await screen(event.slug, event.moderatorToken),
    publicScreen: await screen(event.slug),
    alice: await screen(event.slug, alice.token),
    bob: await screen(event.slug, bob.token),
    aliceId: alice.attendeeId,
  }
}

const ask = (s: Screen, text: string, key = `k${Math.random().toString(36).slice(2, 12)}`) =>
  s.socket
    .timeout(5000)
    .emitWithAck('question.ask', { text, displayName: 'Alice', organisation: 'Ville de Test', idempotencyKey: key }) as Promise<
    Ack<ItemView>
  >

describe('questions over Socket.IO', () => {
  it('a pending question reaches moderators and its author only; approval reaches everyone', async () => {
    const r = await room()
    const item = value(await ask(r.alice, 'Quel calendrier pour les appels à projets ?'))
    // Acknowledged after commit: the moderator's HTTP view has it already.
    const stored = await t.app.inject({
      url: `/api/events/${r.event.slug}/questions`,
      headers: { authorization: `Bearer ${r.event.moderatorToken}` },
    })
    expect(stored.json().map((i: ItemView) => i.id)).toContain(item.id)

    await eventually(() =>
      expect(r.moderator.items).toEqual([
        expect.objectContaining({ type: 'item.upsert', item: expect.objectContaining({ id: item.id, status: 'pending' }) }),
      ]),
    )
    await eventually(() =>
      expect(r.alice.items).toEqual([
        expect.objectContaining({ type: 'item.upsert', item: expect.objectContaining({ id: item.id, mine: true }) }),
      ]),
    )

    const approved = value(
      (await r.moderator.socket
        .timeout(5000)
        .emitWithAck('question.moderate', { id: item.id, action: 'approve', version: item.version })) as Ack<ItemView>,
    )
    expect(approved.status).toBe('approved')
    for (const s of [r.publicScreen, r.bob]) {
      await eventually(() =>
        expect(s.items).toEqual([
          expect.objectContaining({ type: 'item.upsert', item: expect.objectContaining({ id: item.id, status: 'approved', mine: false }) }),
        ]),
      )
    }
    await eventually(() => expect(r.alice.items.at(-1)).toMatchObject({ item: { status: 'approved', mine: true } }))
    // Sequence numbers only go up.
    const seqs = r.moderator.items.map((c) => c.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('the public never receives a pending or dismissed question, on any path', async () => {
    const r = await room()
    const kept = value(await ask(r.alice, 'Publiée'))
    const dropped = value(await ask(r.alice, 'Écartée'))
    await r.moderator.socket.emitWithAck('question.moderate', { id: dropped.id, action: 'dismiss', version: 1, reason: 'abusive' })
    await r.moderator.socket.emitWithAck('question.moderate', { id: kept.id, action: 'approve', version: 1 })
    await eventually(() => expect(r.bob.items).toHaveLength(1))
    // Everything the public screen and Bob received, live and by replay, is about the published one.
    const replayed = value(await sync(r.bob, 0)) as Extract<SyncResult, { kind: 'changes' }>
    const snapshot = value(await sync(r.publicScreen, null)) as { kind: 'snapshot'; snapshot: Snapshot }
    const seen = JSON.stringify([
      r.publicScreen.items,
      r.bob.items,
      replayed.changes.filter((c) => c.type.startsWith('item')),
      snapshot.snapshot.items,
    ])
    expect(seen).not.toContain(dropped.id)
    expect(seen).not.toContain('Écartée')
    expect(seen).not.toContain('abusive')
    // The author is told it was not published, without the reason.
    await eventually(() =>
      expect(
        r.alice.items.find((c) => c.type === 'item.upsert' && c.item.id === dropped.id && c.item.status === 'dismissed'),
      ).toMatchObject({ item: { dismissReason: null } }),
    )
  })

  it('a screen that reconnects with its last sequence number receives exactly what it missed', async () => {
    const r = await room()
    const first = value(await ask(r.alice, 'Avant la coupure'))
    await r.moderator.socket.emitWithAck('question.moderate', { id: first.id, action: 'approve', version: 1 })
    await eventually(() => expect(r.bob.items).toHaveLength(1))
    const lastSeq = r.bob.items[0]!.seq
    r.bob.close()

    const second = value(await ask(r.alice, 'Pendant la coupure'))
    const hidden = value(await ask(r.alice, 'Jamais publiée'))
    await r.moderator.socket.emitWithAck('question.moderate', { id: second.id, action: 'approve', version: 1 })
    await r.moderator.socket.emitWithAck('question.moderate', { id: first.id, action: 'put_on_air', version: 2 })

    const bob = await screen(r.event.slug)
    const result = value(await sync(bob, lastSeq)) as Extract<SyncResult, { kind: 'changes' }>
    expect(result.kind).toBe('changes')
    expect(
      result.changes.filter((c) => c.type !== 'tally').map((c) => (c.type === 'item.upsert' ? [c.item.id, c.item.status] : c)),
    ).toEqual([
      [second.id, 'approved'],
      [first.id, 'on_air'],
    ])
    expect(JSON.stringify(result)).not.toContain(hidden.id)
    expect(result.seq).toBeGreaterThan(lastSeq)
  })

  it('a first connection, or one from the future, gets a snapshot for its role', async () => {
    const r = await room()
    const item = value(await ask(r.alice, 'Dans l’instantané'))
    const forModerator = value(await sync(r.moderator, null)) as { kind: 'snapshot'; snapshot: Snapshot }
    expect(forModerator.kind).toBe('snapshot')
    expect(forModerator.snapshot).toMatchObject({ role: 'moderator', event: { slug: r.event.slug } })
    expect(forModerator.snapshot.items.map((i) => i.id)).toEqual([item.id])
    const forAlice = value(await sync(r.alice, 10_000_000)) as { kind: 'snapshot'; snapshot: Snapshot }
    expect(forAlice.kind).toBe('snapshot')
    expect(forAlice.snapshot).toMatchObject({ role: 'attendee', attendeeId: r.aliceId, items: [{ id: item.id, mine: true }] })
    const forPublic = value(await sync(r.publicScreen, null)) as { kind: 'snapshot'; snapshot: Snapshot }
    expect(forPublic.snapshot.items).toEqual([])
  })
})

describe('bad input over Socket.IO', () => {
  it('a malformed payload gets an error acknowledgement and the connection stays up', async () => {
    const r = await room()
    const s = r.alice.socket as unknown as { emitWithAck(name: string, ...args: unknown[]): Promise<Ack<unknown>>; connected: boolean }
    for (const payload of [
      null,
      'text',
      { text: 5 },
      { text: 'ok', idempotencyKey: 'bad key!' },
      { text: 'ok', idempotencyKey: 'abcdefgh', extra: 1 },
    ]) {
      const ack = await s.emitWithAck('question.ask', payload)
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    const huge = await s.emitWithAck('question.ask', { text: 'x'.repeat(600), displayName: 'A', idempotencyKey: 'abcdefghij' })
    expect(huge).toMatchObject({ ok: false, error: { code: 'question_too_long', params: { limit: 500 } } })
    expect(r.alice.socket.connected).toBe(true)
    expect(value(await sync(r.alice, null)).kind).toBe('snapshot')
  })

  it('speaks the language chosen in the handshake', async () => {
    const event = await createEvent(t)
    const attendee = await joinAsAttendee(t, event.slug)
    const en = await screen(event.slug, attendee.token, 'en')
    const ack = await en.socket.emitWithAck('question.ask', { text: '   ', displayName: 'A', idempotencyKey: 'abcdefghij' })
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'question_empty', message: 'Your question is empty. Write your question before sending it.' },
    })
  })

  it('refuses a wrong token or an unknown event at the handshake with a code', async () => {
    const event = await createEvent(t)
    expect(await connectError(t.url, { slug: event.slug, token: 'forged' })).toMatchObject({
      message: 'forbidden',
      data: { code: 'forbidden' },
    })
    expect(await connectError(t.url, { slug: 'no-such-event' })).toMatchObject({ message: 'event_not_found' })
    expect(await connectError(t.url, {} as never)).toMatchObject({ message: 'invalid_input' })
  })

  it('attendees cannot moderate, and a moderator’s socket stops working once links are rotated', async () => {
    const r = await room()
    const item = value(await ask(r.alice, 'Tentative'))
    const byAttendee = await r.bob.socket.emitWithAck('question.moderate', { id: item.id, action: 'approve', version: 1 })
    expect(byAttendee).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const disconnected = new Promise<string>((resolve) => r.moderator.socket.once('disconnect', resolve))
    await t.services.events.rotateLinks(r.event.slug)
    // The server drops the socket that joined with the old link, and the old link cannot come back.
    expect(await disconnected).toBe('io server disconnect')
    expect((await connectError(t.url, { slug: r.event.slug, token: r.event.moderatorToken })).data).toMatchObject({ code: 'forbidden' })
    // Nobody else was dropped.
    expect(r.alice.socket.connected && r.bob.socket.connected && r.publicScreen.socket.connected).toBe(true)
  })
})
