import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { clockAt } from '../../server/clock/clock.wire'
import type { ClockView } from '../../server/contract/clock'
import type { Ack, Change } from '../../server/contract/realtime'
import type { EventView } from '../../server/contract/schemas'
import { defaultEvent } from '../../server/events/default-event'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import { type Screen, connectScreen, sync } from '../helpers/socket'

let t: TestApp
const open: Screen[] = []
beforeAll(async () => {
  t = await startTestApp({ listen: true })
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => t.close())

async function daectLike() {
  const { slug: _slug, ...rest } = defaultEvent
  const event = await createEvent(t, { ...rest, segments: defaultEvent.segments })
  const command = (body: object, token: string | null = event.moderatorToken, lang = 'fr') =>
    t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/clock`,
      headers: { 'accept-language': lang, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: body,
    })
  const read = async (): Promise<ClockView> => (await t.app.inject(`/api/events/${event.slug}/clock`)).json()
  return { event, command, read }
}

describe('the clock over HTTP', () => {
  it('is idle before start and shows the planned agenda', async () => {
    const { read } = await daectLike()
    const clock = await read()
    expect(clock).toMatchObject({ phase: 'idle', current: null, speed: 1, log: { speed: 1, commands: [] } })
    expect(clock.plannedEnd).toBe('2020-05-19T17:30:00+02:00')
    expect(clock.segments.map((s) => s.plannedStart)).toEqual([
      '2020-05-19T15:00:00+02:00',
      '2020-05-19T15:45:00+02:00',
      '2020-05-19T16:15:00+02:00',
      '2020-05-19T17:00:00+02:00',
    ])
  })

  it('runs the agenda at rehearsal speed: start, next, pause, adjust, resume, previous, goto, end', async () => {
    const { command, read } = await daectLike()
    const started = await command({ type: 'start', speed: 60 })
    expect(started.statusCode).toBe(200)
    expect(started.json()).toMatchObject({ phase: 'running', speed: 60, current: { position: 0, allottedMs: 45 * 60_000 } })
    expect((await command({ type: 'next' })).json()).toMatchObject({ current: { position: 1 } })
    expect((await command({ type: 'pause' })).json()).toMatchObject({ phase: 'paused' })
    const adjusted = (await command({ type: 'adjust', seconds: 120 })).json()
    expect(adjusted.current.allottedMs).toBe(32 * 60_000)
    const frozen = (await read()).current!.remainingMs
    expect((await read()).current!.remainingMs).toBe(frozen)
    expect((await command({ type: 'resume' })).json()).toMatchObject({ phase: 'running' })
    expect((await command({ type: 'previous' })).json()).toMatchObject({ current: { position: 0 } })
    expect((await command({ type: 'goto', segment: 3 })).json()).toMatchObject({
      current: { position: 3, title: expect.stringContaining('Réponses') },
    })
    const ended = (await command({ type: 'end' })).json() as ClockView
    expect(ended.phase).toBe('ended')
    expect(ended.log.commands.map((c) => c.type)).toEqual(['start', 'next', 'pause', 'adjust', 'resume', 'previous', 'goto', 'end'])
    expect(ended.segments.every((s) => s.actualStart !== null || s.status === 'skipped')).toBe(true)
  })

  it('refuses illegal commands with a typed error in the caller’s language, and bad ones with invalid_input', async () => {
    const { command } = await daectLike()
    const early = await command({ type: 'next' })
    expect(early.statusCode).toBe(409)
    expect(early.json()).toMatchObject({
      code: 'clock_refused',
      params: { reason: 'not_started' },
      message: 'Le programme n’a pas commencé : lancez-le d’abord.',
    })
    await command({ type: 'start' })
    const notPaused = await command({ type: 'resume' }, undefined, 'en')
    expect(notPaused.json()).toMatchObject({ code: 'clock_refused', params: { reason: 'not_paused' }, message: 'The clock is not paused.' })
    expect((await command({ type: 'goto', segment: 7 })).json().params.reason).toBe('unknown_segment')
    expect((await command({ type: 'adjust', seconds: -3 * 3600 })).json().params.reason).toBe('bad_adjust')
    for (const bad of [
      { type: 'warp' },
      { type: 'adjust' },
      { type: 'adjust', seconds: 0 },
      { type: 'next', extra: 1 },
      { type: 'start', speed: 0 },
    ]) {
      const response = await command(bad)
      expect(response.statusCode).toBe(400)
      expect(response.json().code).toBe('invalid_input')
    }
    const last = await command({ type: 'goto', segment: 3 })
    expect(last.statusCode).toBe(200)
    expect((await command({ type: 'next' })).json().params.reason).toBe('no_next_segment')
  })

  it('only the moderator drives the clock', async () => {
    const { event, command } = await daectLike()
    const attendee = await joinAsAttendee(t, event.slug)
    expect((await command({ type: 'start' }, null)).statusCode).toBe(401)
    expect((await command({ type: 'start' }, attendee.token)).statusCode).toBe(403)
    expect((await command({ type: 'start' }, event.speakerToken)).statusCode).toBe(403)
  })

  it('reset after a rehearsal brings the clock back before start', async () => {
    const { command, read } = await daectLike()
    await command({ type: 'start', speed: 60 })
    await command({ type: 'next' })
    expect((await command({ type: 'reset' })).json()).toMatchObject({ phase: 'idle', speed: 1, log: { commands: [] } })
    expect((await read()).phase).toBe('idle')
    expect((await command({ type: 'start' })).statusCode).toBe(200)
  })
})

describe('the clock over Socket.IO', () => {
  it('every screen receives the log and computes the same clock as the server', async () => {
    const { event, read } = await daectLike()
    const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    const stageA = await connectScreen(t.url, { slug: event.slug, token: event.speakerToken })
    const stageB = await connectScreen(t.url, { slug: event.slug })
    open.push(moderator, stageA, stageB)

    const ack = (await moderator.socket.timeout(5000).emitWithAck('clock.command', { type: 'start', speed: 60 })) as Ack<ClockView>
    expect(ack).toMatchObject({ ok: true, value: { phase: 'running' } })
    await moderator.socket.timeout(5000).emitWithAck('clock.command', { type: 'next' })
    const clockChanges = (s: Screen) => s.received.filter((c): c is Extract<Change, { type: 'clock' }> => c.type === 'clock')
    for (const s of [stageA, stageB, moderator]) await eventually(() => expect(clockChanges(s)).toHaveLength(2))

    const server = await read()
    const agenda: EventView = (await t.app.inject(`/api/events/${event.slug}`)).json()
    const now = Date.parse(server.serverNow)
    for (const s of [stageA, stageB]) {
      const local = clockAt(agenda.segments, clockChanges(s).at(-1)!.log, now)
      expect(local.phase).toBe('running')
      expect(local.current?.position).toBe(1)
      // Same log, same instant, same pure fold: the same remaining time to the millisecond.
      expect(local.current!.remainingMs).toBe(server.current!.remainingMs)
    }

    // A screen that comes back gets the log in its snapshot or in the missed changes.
    const replay = await sync(stageB, 0)
    expect(replay.ok && replay.value.kind === 'changes' && replay.value.changes.filter((c) => c.type === 'clock')).toHaveLength(2)
    const snapshot = await sync(stageA, null)
    expect(snapshot.ok && snapshot.value.kind === 'snapshot' && snapshot.value.snapshot.clock.commands.map((c) => c.type)).toEqual([
      'start',
      'next',
    ])
  })

  it('answers time pings with the server time, and lists reporting screens to moderators only', async () => {
    const { event } = await daectLike()
    const moderator = await connectScreen(t.url, { slug: event.slug, token: event.moderatorToken })
    const stage = await connectScreen(t.url, { slug: event.slug, token: event.speakerToken })
    const screens: unknown[][] = []
    moderator.socket.on('screens', (list) => screens.push(list))
    const stageScreens: unknown[] = []
    ;(stage.socket as unknown as { on(e: string, f: (x: unknown) => void): void }).on('screens', (l) => stageScreens.push(l))
    open.push(moderator, stage)

    const before = Date.now()
    const pong = (await stage.socket.timeout(5000).emitWithAck('time.ping', { t0: 123 })) as Ack<{ t0: number; serverNow: number }>
    expect(pong).toMatchObject({ ok: true, value: { t0: 123 } })
    // The server's clock is monotonic, anchored to the wall clock at start: it may trail it by the host's drift since.
    expect(pong.ok && pong.value.serverNow).toBeGreaterThanOrEqual(before - 250)
    expect(pong.ok && pong.value.serverNow).toBeLessThanOrEqual(Date.now() + 250)

    const report = { page: 'stage', offsetMs: -12.5, rttMs: 3.2, samples: 8, label: 'Régie vidéo' } as const
    expect(await stage.socket.timeout(5000).emitWithAck('screen.report', report)).toEqual({ ok: true, value: null })
    await eventually(() => expect(screens.at(-1)).toEqual([expect.objectContaining({ role: 'speaker', ...report })]), { timeout: 3000 })
    const bad = await stage.socket.timeout(5000).emitWithAck('screen.report', { page: 'stage', offsetMs: 'x' } as never)
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    stage.close()
    await eventually(() => expect(screens.at(-1)).toEqual([]), { timeout: 3000 })
    expect(stageScreens).toEqual([])
  })
})
