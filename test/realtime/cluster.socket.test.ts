// Two Tribune processes on one database share broadcasts through Redis Streams (REDIS_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../server/contract/realtime'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { testDatabase } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { connectScreen, type Screen } from '../helpers/socket'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
let a: TestApp
let b: TestApp
const screens: Screen[] = []

beforeAll(async () => {
  // One database, two apps, one Redis stream of their own (so parallel runs never cross).
  const database = await testDatabase()
  const redis = { url: REDIS_URL, streamName: `tribune-test-${process.pid}-${Date.now()}` }
  a = await startTestApp({ listen: true, database, redis })
  b = await startTestApp({ listen: true, database, redis })
})
afterAll(async () => {
  for (const s of screens) s.close()
  await a?.close()
  await b?.close()
  await a?.database.close()
})

describe('two processes behind a load balancer', () => {
  it('a question asked on one reaches a moderator connected to the other, and the screens list spans both', async () => {
    const event = await createEvent(a)
    const attendee = await joinAsAttendee(a, event.slug)
    const moderatorOnB = await connectScreen(b.url, { slug: event.slug, token: event.moderatorToken })
    const askerOnA = await connectScreen(a.url, { slug: event.slug, token: attendee.token })
    const stageOnA = await connectScreen(a.url, { slug: event.slug, token: event.speakerToken })
    screens.push(moderatorOnB, askerOnA, stageOnA)
    const listed: unknown[][] = []
    moderatorOnB.socket.on('screens', (list) => listed.push(list))

    const ack = (await askerOnA.socket.emitWithAck('question.ask', {
      text: 'Par le cluster',
      displayName: 'A',
      idempotencyKey: 'cluster-1',
    })) as Ack<ItemView>
    expect(ack.ok).toBe(true)
    await eventually(() =>
      expect(moderatorOnB.items).toEqual([
        expect.objectContaining({ type: 'item.upsert', item: expect.objectContaining({ text: 'Par le cluster' }) }),
      ]),
    )

    await stageOnA.socket.emitWithAck('screen.report', { page: 'stage', offsetMs: 1, rttMs: 2, samples: 6 })
    await eventually(() => expect(listed.at(-1)).toEqual([expect.objectContaining({ role: 'speaker', page: 'stage' })]), { timeout: 4000 })
  })
})
