// The host's wall clock steps (NTP, a VM resumed) while the agenda runs: screens that estimate the server's
// time from `time.ping` and fold the command log must keep showing the right segment and countdown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ClockSync } from '../../client/src/lib/clock-sync'
import { clockAt } from '../../server/clock/clock.wire'
import { anchoredClock } from '../../server/clock/server-clock'
import type { ClockCommandInput, ClockLog, ClockView, TimePong } from '../../server/contract/clock'
import type { Ack, Change } from '../../server/contract/realtime'
import type { EventView } from '../../server/contract/schemas'
import { defaultEvent } from '../../server/events/default-event'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectScreen } from '../helpers/socket'

const MINUTE = 60_000
/** The host's wall clock as the server sees it: the real one plus whatever step the test applies. */
let stepMs = 0
const hostClock = { wall: () => Date.now() + stepMs, monotonic: () => performance.now() }

let t: TestApp
const open: Screen[] = []
beforeAll(async () => {
  t = await startTestApp({ listen: true, clock: anchoredClock(hostClock) })
})
afterEach(() => {
  stepMs = 0
  for (const s of open.splice(0)) s.close()
})
afterAll(() => t.close())

/** A stage screen: its own clock (30 s wrong, like a badly set laptop), synchronised NTP-style over the socket. */
function stageClock(screen: Screen) {
  const local = () => performance.now() + 30_000
  const sync = new ClockSync({
    now: local,
    ping: async (t0) => {
      const ack = (await screen.socket.timeout(5000).emitWithAck('time.ping', { t0 })) as Ack<TimePong>
      if (!ack.ok) throw new Error(ack.error.message)
      return ack.value.serverNow
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  })
  return { sync, serverNow: () => sync.serverNow() }
}

const lastLog = (screen: Screen): ClockLog | undefined =>
  screen.received.filter((c): c is Extract<Change, { type: 'clock' }> => c.type === 'clock').at(-1)?.log

describe('a step of the host clock', () => {
  for (const step of [10 * MINUTE, -10 * MINUTE]) {
    it(`${step > 0 ? 'forward' : 'backward'} by 10 min: « next » pressed after it shows at once, with a fresh countdown`, async () => {
      const { slug: _slug, ...rest } = defaultEvent
      const event = await createEvent(t, rest)
      const agenda: EventView = (await t.app.inject(`/api/events/${event.slug}`)).json()
      const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
      const stage = await connectScreen(t.url, { slug: event.slug, token: event.speakerToken })
      open.push(moderator, stage)
      const clock = stageClock(stage)
      await clock.sync.round(6, 10)

      const command = async (body: ClockCommandInput) => {
        const ack = (await moderator.socket.timeout(5000).emitWithAck('clock.command', body)) as Ack<ClockView>
        expect(ack.ok, JSON.stringify(ack)).toBe(true)
      }
      await command({ type: 'start' })
      await eventually(() => expect(lastLog(stage)?.commands).toHaveLength(1))
      const before = clockAt(agenda.segments, lastLog(stage)!, clock.serverNow())
      expect(before.current).toMatchObject({ position: 0 })
      expect(before.current!.elapsedMs).toBeLessThan(5000)

      // NTP steps the host clock. The screen re-synchronises (as it does every minute) and the moderator moves on.
      stepMs = step
      await clock.sync.round(6, 10)
      await command({ type: 'next' })
      await eventually(() => expect(lastLog(stage)?.commands).toHaveLength(2))

      const reading = clockAt(agenda.segments, lastLog(stage)!, clock.serverNow())
      // The second segment, just started: not still the first one (a stamp in the screen's future),
      // nor ten minutes into the second one (a stamp in its past).
      expect(reading.current).toMatchObject({ position: 1 })
      expect(reading.current!.elapsedMs).toBeGreaterThanOrEqual(0)
      expect(reading.current!.elapsedMs).toBeLessThan(5000)
      expect(reading.current!.remainingMs).toBeGreaterThan(30 * MINUTE - 5000)

      // The server's own reading agrees with the screen's, and /health says how far the host clock moved.
      const server: ClockView = (await t.app.inject(`/api/events/${event.slug}/clock`)).json()
      const atServer = clockAt(agenda.segments, lastLog(stage)!, Date.parse(server.serverNow))
      expect(Math.abs(atServer.current!.remainingMs - server.current!.remainingMs)).toBeLessThan(2)
      const health = (await t.app.inject('/health')).json() as { clockDriftMs: number }
      expect(Math.abs(health.clockDriftMs - step)).toBeLessThan(1000)
    })
  }
})
