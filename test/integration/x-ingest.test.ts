// X posts into the queue against the fake X: mapping, exactly once across polls, the meter, rules, cap and budget.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { XStatus } from '../../server/contract/x'
import { eventually } from '../helpers/eventually'
import { connectScreen, type Screen } from '../helpers/socket'
import {
  createXEvent,
  patchX,
  pollUntilSettled,
  postIdsInQueue,
  scriptPosts,
  sourceRow,
  startXWorld,
  xItems,
  xStatus,
  type XWorld,
} from '../helpers/x'

let world: XWorld
const screens: Screen[] = []
beforeAll(async () => {
  world = await startXWorld({ fake: { pageSize: 10 } })
})
afterEach(() => {
  for (const screen of screens.splice(0)) screen.close()
})
afterAll(() => world.close())

describe('X ingestion', () => {
  it('brings every post in once, with its author, context, whole text and link, and skips reposts', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdmap')
    // Above the default cap of 20 a minute: this test is about mapping, the cap has its own.
    expect((await patchX(app, event, { capPerMinute: 100 })).capPerMinute).toBe(100)
    const expected = scriptPosts(fake, '#cncdmap', 24)
    await app.x.poller.cycle(event.eventId)

    expect(await postIdsInQueue(app, event)).toEqual(expected)
    const searches = fake.searches()
    expect(searches.map((s) => Boolean(s.params.next_token))).toEqual([false, true, true])
    const queue = await xItems(app, event)
    const quoting = queue.find((i) => i.text.includes('citant'))!
    expect(quoting).toMatchObject({
      source: 'x',
      status: 'pending',
      held: false,
      author: {
        source: 'x',
        xHandle: expect.stringMatching(/^ville_\d$/),
        name: expect.any(String),
        avatarUrl: expect.stringMatching(/^data:image\/svg/),
      },
      contextText: 'Les collectivités ont maintenu leurs partenariats malgré le confinement.',
      language: 'fr',
      postedAt: '2020-05-19T13:00:00.000Z',
    })
    expect(quoting.url).toBe(`https://x.com/${quoting.author.xHandle}/status/${expected.find((id) => quoting.url!.endsWith(id))}`)
    const long = queue.find((i) => i.text.startsWith('Question 3 '))!
    expect([...long.text].length).toBeGreaterThan(280)
    expect(long.text.endsWith('?')).toBe(true)
    expect(queue.find((i) => i.text.startsWith('Question 6 '))?.language).toBe('en')
    expect(queue.some((i) => i.text.startsWith('RT '))).toBe(false)

    // since_id is the newest post of the whole pagination (the skipped repost); the meter counts what X served.
    const row = await sourceRow(app, event)
    const repost = fake.posts.at(-1)!
    expect(repost.referenced[0]?.type).toBe('retweeted')
    expect(row).toMatchObject({ sinceId: repost.id, nextToken: null, pendingNewestId: null, consecutiveFailures: 0 })
    const status = await xStatus(app, event)
    expect(status.meter).toMatchObject({ month: '2020-05', postsRead: fake.served.posts, usersRead: fake.served.users })
    expect(status.meter.costUsd).toBeCloseTo(fake.served.posts * 0.005 + fake.served.users * 0.01, 6)
    expect(status).toMatchObject({
      state: 'polling',
      configured: true,
      enabled: true,
      query: '#cncdmap',
      lastSuccessAt: '2020-05-19T13:00:00.000Z',
    })

    // The next poll asks only for what is newer, and a re-fetch of old posts would change nothing.
    const later = fake.add({ text: 'Une de plus #cncdmap', handle: 'ville_9' })[0]!
    await pollUntilSettled(world, event)
    expect(fake.searches()[3]!.params.since_id).toBe(repost.id)
    expect(await postIdsInQueue(app, event)).toEqual([...expected, later.id].sort())
  })

  it('approves trusted handles and holds blocked handles and keywords, as the lists say', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdrules')
    const status = await patchX(app, event, {
      trustedHandles: ['@Mairie_Amie', 'mairie_amie'],
      blockedHandles: ['@Compte_Bruit'],
      blockedKeywords: ['  Gagnez  ', 'promo'],
    })
    // As typed, one entry per account.
    expect(status).toMatchObject({
      trustedHandles: ['Mairie_Amie'],
      blockedHandles: ['Compte_Bruit'],
      blockedKeywords: ['gagnez', 'promo'],
    })
    fake.add(
      { text: 'Quel bilan des jumelages ? #cncdrules', handle: 'Mairie_Amie' },
      { text: 'Encore moi #cncdrules', handle: 'compte_bruit' },
      { text: 'GAGNEZ un voyage #cncdrules', handle: 'inconnu' },
      { text: 'Une vraie question de coopération #cncdrules', handle: 'inconnu' },
    )
    await app.x.poller.cycle(event.eventId)
    const byText = Object.fromEntries((await xItems(app, event)).map((i) => [i.text.split(' #')[0], i]))
    expect(byText['Quel bilan des jumelages ?']).toMatchObject({ status: 'approved', held: false, flags: ['trusted_handle'] })
    expect(byText['Encore moi']).toMatchObject({ status: 'pending', held: true, flags: ['blocked_handle'] })
    expect(byText['GAGNEZ un voyage']).toMatchObject({ status: 'pending', held: true, flags: ['blocked_keyword'] })
    expect(byText['Une vraie question de coopération']).toMatchObject({ status: 'pending', held: false, flags: [] })
    expect((await xStatus(app, event)).heldCount).toBe(2)
    // The public sees the approved post only.
    const publicView = await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/questions` })
    expect(publicView.json().map((i: { text: string }) => i.text)).toEqual(['Quel bilan des jumelages ? #cncdrules'])
  })

  it('keeps X’s spelling of handles on cards, links and exports, and the moderator’s in the lists; rules ignore case', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdcase')
    const status = await patchX(app, event, { trustedHandles: ['@agnesmarchal_', '@AGNESMARCHAL_'], blockedHandles: ['@Compte_BRUIT'] })
    expect(status).toMatchObject({ trustedHandles: ['agnesmarchal_'], blockedHandles: ['Compte_BRUIT'] })
    const [trusted] = fake.add({ text: 'Quelle suite pour les jumelages ? #cncdcase', handle: 'AgnesMarchal_', name: 'Agnès Marchal' })
    fake.add({ text: 'Encore du bruit #cncdcase', handle: 'compte_bruit' })
    await app.x.poller.cycle(event.eventId)
    const byHandle = Object.fromEntries((await xItems(app, event)).map((i) => [i.author.xHandle, i]))
    expect(byHandle.AgnesMarchal_).toMatchObject({
      status: 'approved',
      flags: ['trusted_handle'],
      url: `https://x.com/AgnesMarchal_/status/${trusted!.id}`,
    })
    expect(byHandle.compte_bruit).toMatchObject({ status: 'pending', held: true, flags: ['blocked_handle'] })
    // The public and the export say @AgnesMarchal_, as X does.
    const publicView = await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/questions` })
    expect(publicView.json()).toMatchObject([{ author: { xHandle: 'AgnesMarchal_' } }])
    const csv = await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/export.csv`, headers: event.moderator })
    expect(csv.body).toContain('AgnesMarchal_')
    expect(csv.body).not.toContain('agnesmarchal_;')
    // A new spelling of the same account replaces the old one.
    expect(await patchX(app, event, { trustedHandles: ['@AgnesMarchal_'] })).toMatchObject({ trustedHandles: ['AgnesMarchal_'] })
  })

  it('holds what exceeds the per-minute cap, then releases it oldest first, live to the control room', async () => {
    const { app, fake, clock } = world
    const event = await createXEvent(app, '#cncdcap')
    await patchX(app, event, { capPerMinute: 3 })
    const moderator = await connectScreen(app.url, { slug: event.slug, token: event.moderatorToken })
    const statuses: XStatus[] = []
    moderator.socket.on('x.status', (status) => statuses.push(status))
    screens.push(moderator)
    clock.ms = Math.ceil(clock.ms / 60_000) * 60_000 + 1_000
    const posts = fake.add(...Array.from({ length: 8 }, (_, i) => ({ text: `Question ${i + 1} #cncdcap`, handle: `ville_${i}` })))
    await app.x.poller.cycle(event.eventId)

    const lane = async () => {
      const queue = await xItems(app, event)
      return { free: queue.filter((i) => !i.held).map((i) => i.text), held: queue.filter((i) => i.held).map((i) => i.text) }
    }
    expect((await lane()).free).toEqual(['Question 1 #cncdcap', 'Question 2 #cncdcap', 'Question 3 #cncdcap'])
    expect((await xItems(app, event)).filter((i) => i.held).every((i) => i.flags.includes('x_cap'))).toBe(true)
    await eventually(() => expect(statuses.at(-1)).toMatchObject({ heldCount: 5, capPerMinute: 3 }))

    // Same minute: nothing moves. Next minute: three more, oldest first, with a newcomer queued behind them.
    await app.x.poller.cycle(event.eventId)
    expect((await lane()).held).toHaveLength(5)
    clock.advance(60_000)
    fake.add({ text: 'Question 9 #cncdcap', handle: 'ville_9' })
    const seen = moderator.received.length
    await app.x.poller.cycle(event.eventId)
    expect(await lane()).toEqual({
      free: [
        'Question 1 #cncdcap',
        'Question 2 #cncdcap',
        'Question 3 #cncdcap',
        'Question 4 #cncdcap',
        'Question 5 #cncdcap',
        'Question 6 #cncdcap',
      ],
      held: ['Question 7 #cncdcap', 'Question 8 #cncdcap', 'Question 9 #cncdcap'],
    })
    await eventually(() =>
      expect(
        moderator.received
          .slice(seen)
          .filter((c) => c.type === 'item.upsert' && !c.item.held)
          .map((c) => c.type === 'item.upsert' && c.item.text),
      ).toEqual(['Question 4 #cncdcap', 'Question 5 #cncdcap', 'Question 6 #cncdcap']),
    )
    clock.advance(60_000)
    await app.x.poller.cycle(event.eventId)
    expect((await lane()).held).toEqual([])
    const released = (await xItems(app, event)).find((i) => i.text === 'Question 4 #cncdcap')!
    expect(released).toMatchObject({ held: false, flags: [], status: 'pending', version: 2 })
    expect(posts).toHaveLength(8)
  })

  it('counts reads against a monthly budget: warns at 80 %, pauses at 100 %, resumes when raised', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdbudget')
    // Each poll here reads 2 posts and 2 users: 0.03 $.
    await patchX(app, event, { monthlyBudgetUsd: 0.07 })
    fake.add({ text: 'Un #cncdbudget', handle: 'a1' }, { text: 'Deux #cncdbudget', handle: 'a2' })
    await pollUntilSettled(world, event)
    fake.add({ text: 'Trois #cncdbudget', handle: 'a3' }, { text: 'Quatre #cncdbudget', handle: 'a4' })
    await pollUntilSettled(world, event)
    let status = await xStatus(app, event)
    expect(status.meter).toMatchObject({ costUsd: 0.06, budgetUsd: 0.07, warning: true })
    expect(status.state).toBe('polling')

    fake.add({ text: 'Cinq #cncdbudget', handle: 'a5' }, { text: 'Six #cncdbudget', handle: 'a6' })
    await app.x.poller.cycle(event.eventId)
    status = await xStatus(app, event)
    expect(status).toMatchObject({ state: 'budget_paused', meter: { costUsd: 0.09, budgetUsedRatio: 1.2857, warning: true } })
    const requests = fake.searches().length
    fake.add({ text: 'Sept #cncdbudget', handle: 'a7' })
    for (let i = 0; i < 3; i += 1) {
      world.clock.advance(20_000)
      await app.x.poller.cycle(event.eventId)
    }
    expect(fake.searches()).toHaveLength(requests)

    await patchX(app, event, { monthlyBudgetUsd: 1 })
    await pollUntilSettled(world, event)
    expect((await xItems(app, event)).map((i) => i.text.split(' ')[0])).toEqual(['Un', 'Deux', 'Trois', 'Quatre', 'Cinq', 'Six', 'Sept'])
    expect((await xStatus(app, event)).meter.postsRead).toBe(7)
  })
})

describe('the X panel over HTTP', () => {
  it('is for moderators, validates its settings, and starts clean after a query change', async () => {
    const { app } = world
    const event = await createXEvent(app, '#cncdhttp')
    expect((await app.app.inject({ method: 'GET', url: `/api/events/${event.slug}/x` })).statusCode).toBe(401)
    const patch = (payload: unknown) =>
      app.app.inject({ method: 'PATCH', url: `/api/events/${event.slug}/x`, headers: event.moderator, payload: payload as object })
    expect((await patch({ intervalSeconds: 4 })).statusCode).toBe(400)
    expect((await patch({ blockedHandles: ['not a handle!'] })).json()).toMatchObject({ code: 'invalid_input' })
    expect((await patch({ colour: 'red' })).statusCode).toBe(400)
    const status = (await patch({ intervalSeconds: 30, enabled: false, capPerMinute: 5, query: '  #cncdhttp   OR  #autre ' })).json()
    expect(status).toMatchObject({
      intervalSeconds: 30,
      enabled: false,
      capPerMinute: 5,
      query: '#cncdhttp OR #autre',
      state: 'off',
      lastPollAt: null,
    })
  })

  it('creates an off source for an event without an X query', async () => {
    const { app } = world
    const event = await createXEvent(app, '#cncdhttp2')
    const plain = await (await import('../helpers/app')).createEvent(app)
    const response = await app.app.inject({
      method: 'GET',
      url: `/api/events/${plain.slug}/x`,
      headers: { authorization: `Bearer ${plain.moderatorToken}` },
    })
    expect(response.json()).toMatchObject({
      enabled: false,
      state: 'off',
      query: '#CNCD -is:retweet',
      heldCount: 0,
      meter: { postsRead: 0, budgetUsd: null },
    })
    expect((await xStatus(app, event)).enabled).toBe(true)
  })

  it('offers an attendee question as a likely duplicate of a post, flags rude posts, and holds them back from trusted accounts', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdwarn')
    await patchX(app, event, { trustedHandles: ['prefecture_test'] })
    const attendee = (await app.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees`, payload: {} })).json()
    const asked = await app.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${attendee.token}` },
      payload: {
        text: 'Comment maintenir nos partenariats de coopération pendant la crise ?',
        displayName: 'Élu local',
        idempotencyKey: 'warn-attendee-1',
      },
    })
    fake.add({ text: 'Comment maintenir les partenariats de coopération pendant cette crise ? #cncdwarn', handle: 'ville_exemple' })
    fake.add({ text: 'Cette réforme est une vraie merde #cncdwarn', handle: 'prefecture_test' })
    await pollUntilSettled(world, event)

    const posts = await xItems(app, event)
    const similar = posts.find((i) => i.author.xHandle === 'ville_exemple')!
    expect(similar.similar).toEqual([asked.json().id])
    const rude = posts.find((i) => i.author.xHandle === 'prefecture_test')!
    expect(rude).toMatchObject({ status: 'pending', flags: expect.arrayContaining(['profanity']) })
  })
})
