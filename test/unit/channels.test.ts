// Channels and gaps: what each screen receives live equals what a replay gives it, and a screen that misses a
// message of its channel always finds out at the next one.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Access } from '../../server/auth/access'
import { PUBLIC_ACCESS } from '../../server/auth/access'
import type { Change } from '../../server/contract/realtime'
import type { ItemStatus } from '../../server/contract/schemas'
import { ChannelTracker, channelOf, replayFor } from '../../server/realtime/channels'
import type { StoredChange, StoredChangeBody } from '../../server/realtime/projection'
import { applyChange, applySnapshot, emptyQueue, verdict } from '../../client/src/lib/queue'
import { item, snapshot } from './client/fixtures'

const ALICE = 'att-alice'
const BOB = 'att-bob'
const viewers: Record<string, Access> = {
  moderator: { role: 'moderator', attendeeId: null, actor: 'moderator' },
  speaker: { role: 'speaker', attendeeId: null, actor: 'speaker' },
  public: PUBLIC_ACCESS,
  alice: { role: 'attendee', attendeeId: ALICE, actor: ALICE },
  bob: { role: 'attendee', attendeeId: BOB, actor: BOB },
}

const statuses: ItemStatus[] = ['pending', 'approved', 'on_air', 'answered', 'dismissed', 'merged']
const body = fc.oneof(
  fc.record({
    type: fc.constant('item' as const),
    status: fc.constantFrom(...statuses),
    wasPublic: fc.boolean(),
    owner: fc.constantFrom(ALICE, BOB, null),
    id: fc.constantFrom('q1', 'q2', 'q3'),
  }),
  fc.constantFrom('clock' as const, 'message' as const, 'tally' as const, 'access' as const).map((type) => ({ type })),
)

type Body = typeof body extends fc.Arbitrary<infer T> ? T : never

function stored(bodies: Body[], from = 0): StoredChange[] {
  return bodies.map((b, index) => {
    const seq = from + index + 1
    let change: StoredChangeBody
    switch (b.type) {
      case 'item':
        change = { type: 'item', item: item({ id: b.id, status: b.status, version: seq }), ownerId: b.owner, wasPublic: b.wasPublic }
        break
      case 'clock':
        change = { type: 'clock', log: { speed: 1, commands: [] } }
        break
      case 'message':
        change = {
          type: 'message',
          message: { id: `m${seq}`, text: 'Il reste 5 minutes', sentAt: '2020-05-19T13:40:00.000Z', acknowledgedAt: null },
        }
        break
      case 'tally':
        change = { type: 'tally', votes: {}, stats: snapshot(0, []).stats }
        break
      case 'access':
        change = { type: 'access', attendeeId: null }
        break
      default:
        b satisfies never
        throw new Error('unknown body')
    }
    return { ...change, seq }
  })
}

/** What the socket of `viewer` receives live: its channel's messages and, for an attendee, their own. */
function live(tracker: ChannelTracker, changes: StoredChange[], viewer: Access): Change[] {
  const received: Change[] = []
  for (const change of changes) {
    const routed = tracker.route(change)
    const main = routed.main.find((entry) => entry.channel === channelOf(viewer))
    if (main) received.push(main.change)
    if (routed.own?.attendeeId === viewer.attendeeId && viewer.attendeeId) received.push(routed.own.change)
  }
  return received
}

describe('channels', () => {
  it('moderators receive every change but credential changes, each with the previous number', () => {
    const changes = stored(
      [
        { type: 'clock' },
        { type: 'item', status: 'pending', wasPublic: false, owner: ALICE, id: 'q1' },
        { type: 'access' },
        { type: 'tally' },
      ],
      10,
    )
    const received = live(new ChannelTracker(10), changes, viewers.moderator!)
    expect(received.map((c) => [c.seq, c.prev])).toEqual([
      [11, 10],
      [12, 11],
      [14, 12],
    ])
  })

  it('the audience skips what it may not see, and says so in prev; the asker gets their own view on the side', () => {
    const changes = stored(
      [
        { type: 'item', status: 'approved', wasPublic: false, owner: BOB, id: 'q1' },
        { type: 'item', status: 'pending', wasPublic: false, owner: ALICE, id: 'q2' },
        { type: 'message' },
        { type: 'item', status: 'approved', wasPublic: false, owner: ALICE, id: 'q2' },
      ],
      20,
    )
    const tracker = new ChannelTracker(20)
    const received = live(tracker, changes, viewers.alice!)
    expect(received.map((c) => [c.seq, c.prev, c.own ?? false])).toEqual([
      [21, 20, false],
      [22, 20, true],
      [24, 21, false],
      [24, 22, true],
    ])
  })

  it('a replay from any point is what the socket received live after that point, for every role', () => {
    fc.assert(
      fc.property(fc.array(body, { maxLength: 40 }), fc.nat(40), (bodies, cut) => {
        const changes = stored(bodies)
        const from = Math.min(cut, changes.length)
        for (const viewer of Object.values(viewers)) {
          const tracker = new ChannelTracker(from)
          expect(replayFor(viewer, changes.slice(from), from)).toEqual(live(tracker, changes.slice(from), viewer))
        }
      }),
      { seed: 20200519, numRuns: 300 },
    )
  })

  it('a screen that misses any message of its channels finds out at the next one, and only then', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 80 }), (bodies, drops) => {
        const changes = stored(bodies)
        for (const [name, viewer] of Object.entries(viewers)) {
          const messages = live(new ChannelTracker(0), changes, viewer)
          let state = applySnapshot(emptyQueue(), snapshot(0, [], { role: viewer.role, attendeeId: viewer.attendeeId }))
          const missed = { main: false, own: false }
          messages.forEach((message, index) => {
            const channel = message.own ? 'own' : 'main'
            if (drops[index]) {
              missed[channel] = true
              return
            }
            const seen = verdict(state, message)
            expect(seen, `${name}: message ${index}`).toBe(missed[channel] ? 'gap' : 'apply')
            if (seen === 'gap') return
            state = applyChange(state, message)
          })
        }
      }),
      { seed: 19052020, numRuns: 300 },
    )
  })
})
