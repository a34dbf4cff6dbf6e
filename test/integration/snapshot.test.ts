// A screen's first snapshot: the published questions are read once for the whole audience at a point of the
// stream, and each viewer still gets exactly what reading for them alone gives (their own questions whatever
// their status, their votes) and nothing of anyone else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Access, PUBLIC_ACCESS } from '../../server/auth/access'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { seeder } from '../helpers/seed'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('the audience snapshot', () => {
  it('gives every viewer what their own read gives, from one shared read', async () => {
    const event = await createEvent(t)
    const seed = seeder(t, event)
    const published = await seed.publish('Publiée par Alix')
    const alixPending = await seed.ask('En attente, d’Alix', { token: published.token })
    const basile = await seed.ask('En attente, de Basile')
    const dismissed = await seed.ask('Écartée, de Chloé')
    await seed.moderate(dismissed.id, { action: 'dismiss', reason: 'off_topic' })
    const other = await seed.publish('Publiée par Chloé')
    await seed.vote(other.id, basile.token)
    // The vote's tally is written before the snapshots, so that they all stand at the same point of the stream.
    await t.services.tally.drain()

    const context = await t.services.events.load(event.slug)
    const viewers: Record<string, Access> = {
      public: PUBLIC_ACCESS,
      alix: await t.services.access.resolve(context.event, published.token),
      basile: await t.services.access.resolve(context.event, basile.token),
      chloe: await t.services.access.resolve(context.event, dismissed.token),
      speaker: await t.services.access.resolve(context.event, event.speakerToken),
      moderator: await t.services.access.resolve(context.event, event.moderatorToken),
    }
    const snapshots = await Promise.all(Object.values(viewers).map((access) => t.services.stream.snapshot(context, access)))
    // Nothing committed in between: they are all at the same point, so the audience's share was read once.
    expect(new Set(snapshots.map((s) => s.seq)).size).toBe(1)
    const byViewer = Object.fromEntries(Object.keys(viewers).map((name, i) => [name, snapshots[i]!]))
    for (const [name, access] of Object.entries(viewers)) {
      expect(byViewer[name]!.items, name).toEqual(await t.services.questions.list(context.event, access))
    }
    const ids = (name: string) => byViewer[name]!.items.map((i) => i.id)
    expect(ids('alix')).toEqual(expect.arrayContaining([published.id, alixPending.id, other.id]))
    expect(ids('basile')).toContain(basile.id)
    expect(ids('basile')).not.toContain(alixPending.id)
    expect(ids('chloe')).toContain(dismissed.id)
    expect(ids('public').sort()).toEqual([published.id, other.id].sort())
    expect(byViewer.basile!.items.find((i) => i.id === other.id)?.voted).toBe(true)
    expect(byViewer.alix!.items.find((i) => i.id === other.id)?.voted).toBe(false)
    expect(ids('moderator')).toHaveLength(5)
  })
})
