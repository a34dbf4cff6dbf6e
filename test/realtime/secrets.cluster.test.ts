// Revocation that bites and secrets that stay put, on two processes with Redis between them: rotating the links
// drops every screen that used an old one, on both processes, within a second, and it cannot come back; a whole
// scenario leaves no secret in either process's log or in anything that crossed Redis.
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../server/auth/secrets'
import type { Ack } from '../../server/contract/realtime'
import type { EventLinks, ItemView } from '../../server/contract/schemas'
import { ADMIN_TOKEN } from '../helpers/app'
import { type Cluster, REDIS_URL, SLUG, startCluster } from '../helpers/cluster'
import { eventually } from '../helpers/eventually'
import { type Screen, connectError, connectScreen } from '../helpers/socket'

let cluster: Cluster
/** The links printed at first start, to the operator's terminal: the only place a secret is ever written. */
let firstLinks: string[] = []
const redisTraffic: string[] = []
const monitor = createClient({ url: REDIS_URL })
const screens: Screen[] = []

beforeAll(async () => {
  await monitor.connect()
  await monitor.monitor((line) => redisTraffic.push(line))
  cluster = await startCluster({ label: 'secrets', logLevel: 'trace', env: { ADMIN_TOKEN } })
  firstLinks = [cluster.moderatorToken, cluster.speakerToken]
}, 240_000)

afterAll(async () => {
  for (const s of screens) s.close()
  await cluster?.close()
  await monitor.disconnect()
})

async function screen(node: number, token?: string, name?: string): Promise<Screen> {
  const s = await connectScreen(cluster.urls[node]!, { slug: SLUG, ...(token ? { token } : {}), ...(name ? { name } : {}) })
  screens.push(s)
  return s
}

async function join(node: number): Promise<string> {
  const response = await fetch(`${cluster.urls[node]}/api/events/${SLUG}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  return ((await response.json()) as { token: string }).token
}

const act = <T>(s: Screen, event: string, payload: unknown) =>
  (s.socket.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Ack<T>>)(event, payload)

describe('secrets on two processes', () => {
  it(
    'rotating the links drops old-link screens on both processes within a second; the old links never come back',
    { timeout: 120_000 },
    async () => {
      const moderators = [await screen(0, cluster.moderatorToken), await screen(1, cluster.moderatorToken)]
      const speaker = await screen(1, cluster.speakerToken)
      const attendees = [await screen(0, await join(0)), await screen(1, await join(1))]
      const dropped = [...moderators, speaker].map(
        (s) => new Promise<number>((resolve) => s.socket.once('disconnect', () => resolve(performance.now()))),
      )

      const asked = performance.now()
      const response = await fetch(`${cluster.urls[0]}/api/events/${SLUG}/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
      expect(response.status).toBe(200)
      const links = (await response.json()) as EventLinks
      const delays = (await Promise.all(dropped)).map((at) => at - asked)
      expect(Math.max(...delays)).toBeLessThan(1000)
      expect(attendees.every((s) => s.socket.connected)).toBe(true)
      for (const node of [0, 1]) {
        expect((await connectError(cluster.urls[node]!, { slug: SLUG, token: cluster.moderatorToken })).data).toMatchObject({
          code: 'forbidden',
        })
        expect((await connectError(cluster.urls[node]!, { slug: SLUG, token: cluster.speakerToken })).data).toMatchObject({
          code: 'forbidden',
        })
      }
      const renewed = await screen(1, new URL(links.moderator).hash.slice('#token='.length))
      expect(renewed.socket.connected).toBe(true)
      console.info(
        `revocation: screens dropped ${Math.round(Math.min(...delays))}–${Math.round(Math.max(...delays))} ms after the rotation answered`,
      )
      cluster.moderatorToken = new URL(links.moderator).hash.slice('#token='.length)
      cluster.speakerToken = new URL(links.speaker).hash.slice('#token='.length)
    },
  )

  it('a whole scenario leaves no secret in the logs or in what crossed Redis', { timeout: 120_000 }, async () => {
    const attendeeTokens = [await join(0), await join(1)]
    const moderator = await screen(0, cluster.moderatorToken, 'Régie A')
    const otherModerator = await screen(1, cluster.moderatorToken, 'Régie B')
    const stage = await screen(1, cluster.speakerToken)
    const askers = [await screen(0, attendeeTokens[0]), await screen(1, attendeeTokens[1])]
    // Screens report their clock: the régie's list is gathered across processes through Redis.
    const listed = new Promise((resolve) => moderator.socket.on('screens', (list) => list.length >= 3 && resolve(list)))
    for (const s of [moderator, stage, otherModerator]) {
      expect(await act(s, 'screen.report', { page: 'stage', offsetMs: 1, rttMs: 2, samples: 3 })).toMatchObject({ ok: true })
    }
    const item = await act<ItemView>(askers[1]!, 'question.ask', {
      text: 'Une question sans secret',
      displayName: 'Camille',
      idempotencyKey: 'secret-q-1',
    })
    if (!item.ok) throw new Error(item.error.code)
    expect(
      await act(otherModerator, 'question.moderate', { id: item.value.id, action: 'approve', version: item.value.version }),
    ).toMatchObject({ ok: true })
    expect(await act(askers[0]!, 'question.vote', { id: item.value.id, up: true })).toMatchObject({ ok: true })
    expect(await act(moderator, 'clock.command', { type: 'start', speed: 60 })).toMatchObject({ ok: true })
    expect(await act(moderator, 'message.send', { text: 'Il reste cinq minutes' })).toMatchObject({ ok: true })
    // A refused token is logged as a refusal, never with the token.
    const forged = `forged-${'x'.repeat(36)}`
    expect((await connectError(cluster.urls[1], { slug: SLUG, token: forged })).data).toMatchObject({ code: 'forbidden' })
    await listed
    await eventually(() => expect(redisTraffic.some((line) => line.includes('XADD'))).toBe(true))

    const secrets = [...firstLinks, cluster.moderatorToken, cluster.speakerToken, ADMIN_TOKEN, forged, ...attendeeTokens]
    // Everything but the first start's banner of links (see firstLinks).
    const logs = cluster
      .logs()
      .split('\n')
      .filter((line) => !/^\s+(Moderator|Speaker) \(secret/.test(line))
      .join('\n')
    expect(logs.length).toBeGreaterThan(1000)
    const traffic = redisTraffic.join('\n')
    for (const secret of secrets) {
      expect(logs.includes(secret), 'a secret in the logs').toBe(false)
      expect(traffic.includes(secret), 'a secret in Redis').toBe(false)
      // Not even the stored form crosses between processes.
      expect(traffic.includes(hashSecret(secret)), 'a secret’s hash in Redis').toBe(false)
    }
    console.info(
      `secret hygiene: ${secrets.length} secrets, ${Math.round(logs.length / 1024)} kB of logs, ${redisTraffic.length} Redis commands, none found`,
    )
  })
})
