// Newcomers arriving while questions are being published: each one's first snapshot plus what reaches it live
// holds every published question. This is the path a join storm takes through the shortcuts for speed: the
// token remembered by the process that handed it out, the audience's share of the snapshot kept between
// newcomers and served without reading the stream's head while the feed has delivered nothing newer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Change, SyncResult } from '../../server/contract/realtime'
import { NO_LIMITS, createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { seeder } from '../helpers/seed'
import { type Screen, connectScreen, sync } from '../helpers/socket'

let t: TestApp
const screens: Screen[] = []
beforeAll(async () => {
  t = await startTestApp({ listen: true, limits: NO_LIMITS })
})
afterAll(async () => {
  for (const screen of screens) screen.close()
  await t.close()
})

/** The question ids a screen shows: its snapshot, then the upserts after it (live, in the order received). */
function shown(snapshot: Extract<SyncResult, { kind: 'snapshot' }>['snapshot'], received: Change[]): Set<string> {
  const ids = new Set(snapshot.items.map((item) => item.id))
  for (const change of received) if (change.seq > snapshot.seq && change.type === 'item.upsert') ids.add(change.item.id)
  return ids
}

describe('newcomers during publication', () => {
  it('each sees every published question, whether it came in their snapshot or live', async () => {
    const event = await createEvent(t)
    const seed = seeder(t, event)
    const published = [(await seed.publish('Avant tout le monde')).id]
    // A screen already there, so that the event's feed runs, as it does during a real join storm.
    screens.push(await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken }))

    const publishing = (async () => {
      for (let i = 0; i < 8; i++) published.push((await seed.publish(`Pendant l’arrivée ${i}`)).id)
    })()
    const newcomers: { screen: Screen; snapshot: Extract<SyncResult, { kind: 'snapshot' }>['snapshot'] }[] = []
    const arriving = (async () => {
      for (let i = 0; i < 24; i++) {
        const { token } = await joinAsAttendee(t, event.slug)
        const screen = await connectScreen(t.url, { slug: event.slug, token })
        screens.push(screen)
        const answer = await sync(screen, null)
        if (!answer.ok || answer.value.kind !== 'snapshot') throw new Error(`no snapshot: ${JSON.stringify(answer)}`)
        expect(answer.value.snapshot.role).toBe('attendee')
        newcomers.push({ screen, snapshot: answer.value.snapshot })
      }
    })()
    await Promise.all([publishing, arriving])

    await eventually(
      () => {
        for (const { screen, snapshot } of newcomers) {
          const ids = shown(snapshot, screen.received)
          expect(published.filter((id) => !ids.has(id))).toEqual([])
        }
      },
      { timeout: 10_000 },
    )
  })
})
