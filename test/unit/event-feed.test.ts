// The feed delivers an event's changes in order whatever order commits are announced in, reads what it was not
// offered, keeps its place through read failures, and checks credentials before anything that follows a change.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Routed } from '../../server/realtime/channels'
import { EventFeed, type FeedSink } from '../../server/realtime/event-feed'
import type { StoredChange } from '../../server/realtime/projection'
import { eventually } from '../helpers/eventually'

const clock = (seq: number): StoredChange => ({ seq, type: 'clock', log: { speed: 1, commands: [] } })

/** The stream as committed so far, read the way the repository reads it. */
function stream(committed: StoredChange[], failures = 0) {
  let failing = failures
  const reads: number[] = []
  return {
    reads,
    async after(_eventId: number, seq: number, limit: number) {
      reads.push(seq)
      if (failing > 0) {
        failing -= 1
        throw new Error('database unavailable')
      }
      return committed.filter((c) => c.seq > seq).slice(0, limit)
    },
  }
}

function recorder() {
  const log: string[] = []
  const sink: FeedSink = {
    deliver: (_eventId, routed: Routed) => log.push(`deliver ${routed.main[0]?.change.seq}`),
    revoke: async () => {
      log.push('revoke')
    },
  }
  return { log, sink, delivered: () => log.filter((l) => l.startsWith('deliver')).map((l) => Number(l.split(' ')[1])) }
}

afterEach(() => vi.useRealTimers())

describe('EventFeed', () => {
  it('delivers local commits announced in order from memory, without reading the stream', async () => {
    const committed = [clock(11), clock(12)]
    const source = stream(committed)
    const out = recorder()
    const feed = new EventFeed(1, 10, source, out.sink, () => {})
    feed.offer([committed[0]!])
    feed.offer([committed[1]!])
    await eventually(() => expect(out.delivered()).toEqual([11, 12]))
    expect(source.reads).toEqual([])
  })

  it('delivers local commits in order even when they are announced in reverse', async () => {
    const committed = [clock(11), clock(12), clock(13)]
    const source = stream(committed)
    const out = recorder()
    const feed = new EventFeed(1, 10, source, out.sink, (e) => {
      throw e
    })
    feed.offer([committed[2]!])
    feed.offer([committed[1]!])
    feed.offer([committed[0]!])
    await eventually(() => expect(out.delivered()).toEqual([11, 12, 13]))
    expect(feed.delivered).toBe(13)
  })

  it('reads what another process committed when woken, once each', async () => {
    const committed = [clock(6), clock(7)]
    const source = stream(committed)
    const out = recorder()
    const feed = new EventFeed(1, 5, source, out.sink, () => {})
    feed.wake()
    await eventually(() => expect(out.delivered()).toEqual([6, 7]))
    committed.push(clock(8))
    feed.offer([committed[2]!])
    feed.wake()
    await eventually(() => expect(out.delivered()).toEqual([6, 7, 8]))
  })

  it('keeps its cursor through a failed read and resumes from it', async () => {
    vi.useFakeTimers()
    const committed = [clock(2), clock(3)]
    const source = stream(committed, 1)
    const out = recorder()
    const errors: unknown[] = []
    const feed = new EventFeed(1, 1, source, out.sink, (e) => errors.push(e))
    feed.wake()
    await vi.waitFor(() => expect(errors).toHaveLength(1))
    expect(out.delivered()).toEqual([])
    await vi.advanceTimersByTimeAsync(1000)
    await vi.waitFor(() => expect(out.delivered()).toEqual([2, 3]))
    expect(source.reads).toEqual([1, 1])
  })

  it('checks credentials before delivering anything after a credential change', async () => {
    const committed: StoredChange[] = [clock(1), { seq: 2, type: 'access', attendeeId: null }, clock(3)]
    const out = recorder()
    const feed = new EventFeed(1, 0, stream(committed), out.sink, () => {})
    feed.wake()
    await eventually(() => expect(out.log).toEqual(['deliver 1', 'revoke', 'deliver undefined', 'deliver 3']))
  })
})
