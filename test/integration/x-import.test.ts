// Importing a post by hand: by URL through the API when it may be used, otherwise typed; the same post is one item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { createXEvent, patchX, postIdsInQueue, startXWorld, xStatus, type XEvent, type XWorld } from '../helpers/x'

let world: XWorld
let offline: TestApp
beforeAll(async () => {
  world = await startXWorld()
  // Same database, no X token: the server as installed without API access.
  offline = await startTestApp({ database: world.app.database })
})
afterAll(async () => {
  await offline.close()
  await world.close()
})

const importPost = (app: TestApp, event: Pick<XEvent, 'slug' | 'moderator'>, payload: Record<string, unknown>, lang = 'fr') =>
  app.app.inject({
    method: 'POST',
    url: `/api/events/${event.slug}/x/import`,
    headers: { ...event.moderator, 'accept-language': lang },
    payload,
  })

describe('manual import', () => {
  it('fetches a post by its URL, once, and a later poll does not bring it twice', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdimport')
    const [context] = fake.add({ text: 'Notre ville a ouvert une plateforme d’entraide.', handle: 'ville_source' })
    const [post] = fake.add({
      text: 'Comment la reproduire chez nos partenaires ? #cncdimport',
      handle: 'Mairie_Voisine',
      name: 'Mairie partenaire',
      quotes: context!.id,
      lang: 'fr',
    })
    const url = `https://twitter.com/Mairie_Voisine/status/${post!.id}?s=20`

    const first = await importPost(app, event, { url })
    expect(first.statusCode, first.body).toBe(201)
    const item = first.json() as ItemView
    expect(item).toMatchObject({
      source: 'x',
      status: 'pending',
      text: 'Comment la reproduire chez nos partenaires ? #cncdimport',
      contextText: 'Notre ville a ouvert une plateforme d’entraide.',
      // X's spelling, not the link's (twitter.com links are often lower-cased by hand).
      url: `https://x.com/Mairie_Voisine/status/${post!.id}`,
      author: { xHandle: 'Mairie_Voisine', name: 'Mairie partenaire' },
    })
    const again = await importPost(app, event, { url: `https://x.com/mairie_voisine/status/${post!.id}` })
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(item.id)
    expect(fake.requests.filter((r) => r.kind === 'lookup')).toHaveLength(1)
    expect((await xStatus(app, event)).meter).toMatchObject({ postsRead: 2, usersRead: 1 })

    await app.x.poller.cycle(event.eventId)
    expect(await postIdsInQueue(app, event)).toEqual([post!.id])
  })

  it('takes typed text: with a handle as an X item, without one as a manual item', async () => {
    const { app } = world
    const event = await createXEvent(app, '#cncdtyped')
    const withHandle = await importPost(app, event, { text: '  Quelle place pour les jeunes ?  ', handle: '@Asso_Jeunes' })
    expect(withHandle.statusCode).toBe(201)
    expect(withHandle.json()).toMatchObject({
      source: 'x',
      text: 'Quelle place pour les jeunes ?',
      author: { xHandle: 'Asso_Jeunes' },
      url: 'https://x.com/Asso_Jeunes',
      status: 'pending',
    })
    const typedWithUrl = await importPost(app, event, { text: 'Texte recopié', url: 'https://x.com/Ville_Z/status/1262750000000000001' })
    expect(typedWithUrl.json()).toMatchObject({
      source: 'x',
      author: { xHandle: 'Ville_Z' },
      url: 'https://x.com/Ville_Z/status/1262750000000000001',
    })
    expect(
      (await importPost(app, event, { text: 'Autre texte', url: 'https://x.com/ville_z/status/1262750000000000001' })).statusCode,
    ).toBe(200)
    const manual = await importPost(app, event, { text: 'Question reçue par courriel' })
    expect(manual.json()).toMatchObject({ source: 'manual', author: { xHandle: null }, url: null })
    expect((await importPost(app, event, { text: '   ' })).json()).toMatchObject({ code: 'question_empty' })
    expect((await importPost(app, event, { url: 'https://example.org/a/status/1' })).json()).toMatchObject({ code: 'x_bad_url' })
    expect((await importPost(app, event, { url: 'https://x.com/a/status/1', handle: 'a' })).statusCode).toBe(400)
  })

  it('says why a URL cannot be fetched: unknown post, spent budget, no token, X down', async () => {
    const { app, fake } = world
    const event = await createXEvent(app, '#cncdimporterr')
    const missing = await importPost(app, event, { url: 'https://x.com/nobody/status/999' }, 'en')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'x_post_not_found', message: expect.stringMatching(/^X post not found/) })

    const [post] = fake.add({ text: 'Encore une #cncdimporterr', handle: 'ville_q' })
    fake.fail({ kind: 'status', status: 503 })
    const down = await importPost(app, event, { url: `https://x.com/ville_q/status/${post!.id}` })
    expect(down.statusCode).toBe(502)
    expect(down.json()).toMatchObject({ code: 'x_unavailable', params: { detail: expect.stringMatching(/^http_503/) } })

    await patchX(app, event, { monthlyBudgetUsd: 0 })
    const spent = await importPost(app, event, { url: `https://x.com/ville_q/status/${post!.id}` })
    expect(spent.statusCode).toBe(409)
    expect(spent.json()).toMatchObject({ code: 'x_budget_reached', message: expect.stringContaining('saisissez le texte') })

    const plain = await createEvent(offline, { settings: { xQuery: '#CNCD' } })
    const asModerator = { slug: plain.slug, moderator: { authorization: `Bearer ${plain.moderatorToken}` } }
    const noToken = await importPost(offline, asModerator, { url: `https://x.com/ville_q/status/${post!.id}` })
    expect(noToken.json()).toMatchObject({ code: 'x_not_configured' })
    expect(
      (
        await importPost(offline, asModerator, {
          text: 'Recopiée à la main',
          handle: 'ville_q',
          url: `https://x.com/ville_q/status/${post!.id}`,
        })
      ).statusCode,
    ).toBe(201)
    const status = await offline.app.inject({ method: 'GET', url: `/api/events/${plain.slug}/x`, headers: asModerator.moderator })
    expect(status.json()).toMatchObject({ configured: false, enabled: true, state: 'off' })
  })

  it('is for moderators only', async () => {
    const { app } = world
    const event = await createXEvent(app, '#cncdimportauth')
    const anonymous = await app.app.inject({ method: 'POST', url: `/api/events/${event.slug}/x/import`, payload: { text: 'x' } })
    expect(anonymous.statusCode).toBe(401)
  })
})
