// Socket actions share one read of the event a second, and never use a copy older than a change delivered here.
import { describe, expect, it } from 'vitest'
import type { EventContext } from '../../server/events/events.service'
import { RecentEvents } from '../../server/events/recent-events'

function fixture() {
  let now = 0
  let version = 0
  const reads: string[] = []
  const store = {
    async load(slug: string): Promise<EventContext> {
      reads.push(slug)
      if (slug === 'inconnu') throw new Error('event_not_found')
      version += 1
      return { event: { id: slug === 'a' ? 1 : 2, title: `v${version}` }, view: {} } as unknown as EventContext
    },
  }
  const recent = new RecentEvents(store, () => now)
  return { recent, reads, step: (ms: number) => (now += ms) }
}

describe('the events as sockets read them', () => {
  it('serves one read to every action within a second, and reads again after', async () => {
    const { recent, reads, step } = fixture()
    const first = await Promise.all([recent.load('a'), recent.load('a'), recent.load('a')])
    expect(new Set(first.map((c) => c.event.title))).toEqual(new Set(['v1']))
    step(999)
    expect((await recent.load('a')).event.title).toBe('v1')
    step(1)
    expect((await recent.load('a')).event.title).toBe('v2')
    expect(reads).toEqual(['a', 'a'])
  })

  it('forgets an event as soon as a change of it is delivered, and only that event', async () => {
    const { recent, reads } = fixture()
    await recent.load('a')
    await recent.load('b')
    recent.forget(1)
    await recent.load('a')
    await recent.load('b')
    expect(reads).toEqual(['a', 'b', 'a'])
  })

  it('keeps no failed read: an unknown event is asked again next time', async () => {
    const { recent, reads } = fixture()
    await expect(recent.load('inconnu')).rejects.toThrow('event_not_found')
    await expect(recent.load('inconnu')).rejects.toThrow('event_not_found')
    expect(reads).toEqual(['inconnu', 'inconnu'])
  })
})
