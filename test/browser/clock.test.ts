// The agenda clock in real Chromium: a régie drives a rehearsal; two speaker screens and a public screen follow
// it from the command log and their own synchronised clocks; messages go to the stage and come back « Vu ».
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClockView } from '../../server/contract/clock'
import type { ItemView } from '../../server/contract/schemas'
import { defaultEvent } from '../../server/events/default-event'
import { startTestApp, tokenOf, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'

const SLUG = defaultEvent.slug!
const SPEED = 60

let t: TestApp
let browser: Browser
let moderatorToken: string
let links: { moderator: string; stageA: string; stageB: string; screen: string }

/** The server's clock: the test runs the server in this process, and it answers pings from this clock. */
const serverClock = () => t.services.serverClock.now()

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const created = await t.services.events.ensure({ ...defaultEvent, slug: SLUG })
  moderatorToken = tokenOf(created!.links.moderator)
  const speakerToken = tokenOf(created!.links.speaker)
  const base = `${t.url}/e/${SLUG}`
  links = {
    moderator: `${base}/moderate#token=${moderatorToken}`,
    stageA: `${base}/stage?label=Pupitre%20A#token=${speakerToken}`,
    stageB: `${base}/stage?label=Pupitre%20B#token=${speakerToken}`,
    screen: `${base}/screen?label=R%C3%A9gie%20vid%C3%A9o`,
  }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

function open(url: string, viewport?: { width: number; height: number }, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  // bypassCSP: only so that axe-core can be injected; the pages' own CSP stays as served.
  return openPage(browser, url, { viewport, timezoneId: 'Europe/Paris', bypassCSP: true, prepare })
}

/** The HTTP twin of the régie's buttons, for the one step that would take forty clicks. */
async function command(body: object): Promise<ClockView> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/events/${SLUG}/clock`,
    headers: { authorization: `Bearer ${moderatorToken}` },
    payload: body,
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as ClockView
}

/** A published question, asked by a new attendee and approved, through the HTTP API. */
async function published(text: string): Promise<ItemView> {
  const joined = await t.app.inject({ method: 'POST', url: `/api/events/${SLUG}/attendees`, payload: {} })
  const asker = (joined.json() as { token: string }).token
  const asked = await t.app.inject({
    method: 'POST',
    url: `/api/events/${SLUG}/questions`,
    headers: { authorization: `Bearer ${asker}` },
    payload: { text, anonymous: true, idempotencyKey: `browser-clock-${Date.now()}-${text.length}` },
  })
  expect(asked.statusCode, asked.body).toBe(201)
  return moderate(asked.json() as ItemView, 'approve')
}

async function status(question: ItemView): Promise<ItemView> {
  const response = await t.app.inject({ url: `/api/events/${SLUG}/questions`, headers: { authorization: `Bearer ${moderatorToken}` } })
  return (response.json() as ItemView[]).find((item) => item.id === question.id)!
}

async function moderate(question: ItemView, action: string): Promise<ItemView> {
  const current = await status(question)
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/events/${SLUG}/questions/${question.id}/moderation`,
    headers: { authorization: `Bearer ${moderatorToken}` },
    payload: { action, version: current.version },
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json() as ItemView
}

interface Reading {
  text: string
  remainingMs: number
  serverNow: number
  phase: string
  wrapUp: string
}

const reading = (page: Page, testId = 'stage-countdown'): Promise<Reading> =>
  page.getByTestId(testId).evaluate((element: HTMLElement) => ({
    text: (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
    remainingMs: Number(element.dataset.remainingMs),
    serverNow: Number(element.dataset.serverNow),
    phase: element.dataset.phase ?? '',
    wrapUp: element.dataset.wrapup ?? '',
  }))

const attribute = (page: Page, testId: string, name: string) => page.getByTestId(testId).getAttribute(name)

/** The stage timer's words and digits together (the word sits on its own line above the digits). */
const timerWords = async (page: Page) => ((await page.getByTestId('stage-timer').textContent()) ?? '').replace(/[\s\u00a0]+/g, ' ').trim()

describe('agenda clock in Chromium', () => {
  it('a rehearsal on two stage screens: same second, wrap-up, overtime, messages, screens, confirmations', async () => {
    await command({ type: 'reset' })
    const moderator = await open(links.moderator, { width: 1440, height: 1000 })
    // The agenda's times, the messages and the screens are one click away from the régie's clock strip.
    await moderator.getByTestId('clock-details-toggle').click()
    const stageA = await open(links.stageA, { width: 1280, height: 720 })
    const stageB = await open(links.stageB, { width: 1280, height: 720 })
    const screen = await open(links.screen, { width: 1280, height: 720 })
    const stages = [stageA, stageB]

    // Before the start: the planned start in running text, and nothing running.
    for (const stage of stages) {
      await expect.poll(() => attribute(stage, 'stage-countdown', 'data-phase')).toBe('idle')
      expect(await stage.getByTestId('stage-planned-start').textContent()).toMatch(/Début prévu le mardi 19 mai 2020 à 15\sh\s00/)
    }

    // Each screen's estimate of the server's clock lands between two readings of the real one, give or take
    // half its best round trip (the NTP bound) and a few tens of milliseconds: the page's clock (timeOrigin + a
    // monotonic count) and the server's are each anchored to the wall clock once, at different instants, so the
    // wall clock's slewing in between separates them by a few milliseconds (seen: 11.5 ms in CI).
    const rtt: number[] = []
    for (const stage of stages) {
      await stage.locator('[data-clock-offset-ms]').waitFor({ timeout: 5000 })
      const before = serverClock()
      const { estimated, rttMs } = await stage.evaluate(() => {
        const root = document.querySelector('[data-clock-offset-ms]')!
        const offset = Number(root.getAttribute('data-clock-offset-ms'))
        return { estimated: performance.timeOrigin + performance.now() + offset, rttMs: Number(root.getAttribute('data-clock-rtt-ms')) }
      })
      const after = serverClock()
      const slack = 25 + rttMs / 2
      expect(estimated).toBeGreaterThan(before - slack)
      expect(estimated).toBeLessThan(after + slack)
      rtt.push(rttMs)
    }

    // The régie starts a rehearsal from its button; every screen follows.
    await moderator.getByTestId('clock-rehearsal').click()
    const firstTitle = defaultEvent.segments[0]!.title
    for (const page of [...stages, moderator]) {
      const testId = page === moderator ? 'clock-live' : 'stage-countdown'
      await expect.poll(() => attribute(page, testId, 'data-phase'), { timeout: 3000 }).toBe('running')
    }
    for (const stage of stages) expect(await stage.getByTestId('stage-segment-title').textContent()).toBe(firstTitle)
    expect(await screen.getByTestId('screen-segment-title').textContent()).toBe(firstTitle)
    await expect.poll(() => attribute(screen, 'screen-countdown', 'data-phase')).toBe('running')
    expect(await stageA.getByText(`Répétition ×${SPEED}`).count()).toBe(1)

    // Running at ×60, both screens read the same time left at the same server instant: within 1 s of running
    // time (their estimates agree within 16 ms of wall time), or the NTP bound if the round trips were slower.
    const bound = Math.max(1000, ((rtt[0]! + rtt[1]!) / 2) * SPEED)
    for (let sample = 0; sample < 3; sample++) {
      const [a, b] = await Promise.all([reading(stageA), reading(stageB)])
      const bAtA = b.remainingMs - (a.serverNow - b.serverNow) * SPEED
      expect(Math.abs(a.remainingMs - bAtA), JSON.stringify({ a, b, bound })).toBeLessThanOrEqual(bound)
    }

    // Space (focus on no control) pauses: the countdown freezes, identically on both screens, to the millisecond.
    await moderator.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await moderator.keyboard.press(' ')
    for (const stage of stages) await expect.poll(() => attribute(stage, 'stage-countdown', 'data-phase')).toBe('paused')
    const [pausedA, pausedB] = await Promise.all([reading(stageA), reading(stageB)])
    expect(pausedA.text).toBe(pausedB.text)
    expect(pausedA.remainingMs).toBe(pausedB.remainingMs)
    expect(pausedA.text).toMatch(/^\d\d:\d\d$/)
    expect(await stageA.getByTestId('stage-paused').textContent()).toBe('En pause')

    // « − 1 min » and « + 1 min » move the frozen countdown by exactly one minute.
    await moderator.getByTestId('clock-adjust-minus').click()
    await expect.poll(async () => (await reading(stageA)).remainingMs).toBe(pausedA.remainingMs - 60_000)
    await moderator.getByTestId('clock-adjust-plus').click()
    await expect.poll(async () => (await reading(stageB)).remainingMs).toBe(pausedA.remainingMs)

    // Bring the segment to 5 min 10 s left (HTTP twin), still paused: no wrap-up yet.
    await command({ type: 'adjust', seconds: -Math.floor((pausedA.remainingMs - 310_000) / 1000) })
    await expect.poll(async () => (await reading(stageA)).remainingMs).toBeLessThan(311_000)
    expect((await reading(stageA)).wrapUp).toBe('none')

    // A message to the speakers, sent while paused so that the screenshot shows it.
    await moderator.getByTestId('message-text').fill('Il vous reste 5 minutes : pensez à conclure.')
    await moderator.getByTestId('message-send').click()
    for (const stage of stages) {
      await stage.getByTestId('stage-message').filter({ hasText: 'pensez à conclure' }).waitFor({ timeout: 2000 })
    }
    const sent = moderator.getByTestId('message-list').getByTestId('message-item').first()
    await expect.poll(() => sent.getAttribute('data-acknowledged')).toBe('false')

    // Resume from the button: 10 s of running time later (⅙ s), the 5-minute threshold is crossed on both.
    await moderator.getByTestId('clock-pause').click()
    for (const stage of stages) await expect.poll(async () => (await reading(stage)).wrapUp, { timeout: 3000 }).toBe('warning')
    expect(await stageA.locator('.timer .label').textContent()).toContain('Conclure')
    await stageA.screenshot({ path: path.join(SCREENSHOTS, 'stage.png'), animations: 'disabled' })

    // « Vu » on one stage screen: the régie sees it acknowledged, and the other stage drops the message.
    await stageA.getByTestId('stage-message').getByTestId('message-ack').click()
    await expect.poll(() => sent.getAttribute('data-acknowledged'), { timeout: 3000 }).toBe('true')
    expect(await sent.textContent()).toMatch(/Vu à \d\d\sh\s\d\d/)
    await expect.poll(() => stageB.getByTestId('stage-message').count(), { timeout: 3000 }).toBe(0)

    // Past the allotted time: overtime, in words too, counting up.
    for (const stage of stages) {
      await expect.poll(async () => (await reading(stage)).wrapUp, { timeout: 10_000 }).toBe('overtime')
    }
    const over = await reading(stageA)
    expect(await timerWords(stageA)).toMatch(/^Dépassement \+\d\d:\d\d$/)
    expect(over.remainingMs).toBe(0)
    expect(await stageA.getByTestId('stage-delta').textContent()).toBeTruthy()

    // The régie sees both stage screens (and the public one) with their clock offsets.
    const rows = moderator.getByTestId('screens-list').locator('tr[data-page="stage"]')
    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(2)
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('Pupitre A'), expect.stringContaining('Pupitre B')])
    for (const offset of await rows.getByTestId('screen-offset').allTextContents()) expect(offset).toMatch(/^[+\-\u2212]?\d+,\d\sms$/)
    await moderator.getByTestId('screens-list').locator('tr[data-page="screen"]').filter({ hasText: 'Régie vidéo' }).waitFor()

    // The agenda: planned against actual times, the first segment under way.
    const first = moderator.getByTestId('clock-agenda').locator('tr[data-position="0"]')
    expect(await first.getAttribute('data-status')).toBe('current')
    expect(await first.getByTestId('planned').textContent()).toBe('15:00–15:45')
    expect(await first.getByTestId('actual').textContent()).toMatch(/^\d\d:\d\d–…$/)

    // Pause in overtime for a steady page, then check accessibility in both languages.
    await moderator.getByTestId('clock-pause').click()
    await expect.poll(() => attribute(stageA, 'stage-countdown', 'data-phase')).toBe('paused')
    await moderator.getByTestId('clock-panel').screenshot({ path: path.join(SCREENSHOTS, 'moderator-clock.png') })
    for (const page of [stageA, moderator]) expect(await seriousViolations(page)).toEqual([])
    for (const page of [stageA, moderator]) {
      await page.getByTestId('lang-switch').click()
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
      await page.locator('[data-connected="true"]').waitFor({ timeout: 5000 })
    }
    expect(await moderator.getByTestId('clock-pause').textContent()).toContain('Resume')
    expect(await timerWords(stageA)).toMatch(/^Overtime (Paused )?\+\d\d:\d\d$/)
    for (const page of [stageA, moderator]) expect(await seriousViolations(page)).toEqual([])

    // Going to a segment from the agenda, then the end and the reset, each confirmed.
    await moderator.getByTestId('clock-agenda').locator('tr[data-position="2"]').getByTestId('clock-goto').click()
    await expect.poll(() => stageB.getByTestId('stage-segment-title').textContent()).toBe(defaultEvent.segments[2]!.title)
    // A question answered in the rehearsal, another one on air when it ends.
    const [answered, onAir] = [await published('Répétition : première question ?'), await published('Répétition : seconde question ?')]
    await moderate(answered, 'put_on_air')
    await moderate(onAir, 'put_on_air')
    await screen.getByTestId('screen-on-air').filter({ hasText: 'seconde question' }).waitFor({ timeout: 5000 })

    // « Terminer » ends the question on air too: the public screen and the stage stop showing it.
    await moderator.getByTestId('clock-end').click()
    await moderator.getByTestId('confirm-yes').click()
    for (const stage of stages) await expect.poll(() => attribute(stage, 'stage-countdown', 'data-phase')).toBe('ended')
    expect(await timerWords(stageB)).toBe('Terminé')
    await expect.poll(() => screen.getByTestId('screen-on-air').count(), { timeout: 5000 }).toBe(0)
    expect(await stageA.getByTestId('stage-on-air').count()).toBe(0)
    expect((await status(onAir)).status).toBe('answered')

    // The reset after the rehearsal offers to put both back in « Publiées » (ticked). The régie is in English by now.
    await moderator.getByTestId('clock-reset').click()
    const reopen = moderator.getByTestId('reset-reopen')
    await reopen.waitFor({ timeout: 3000 })
    expect(await reopen.isChecked()).toBe(true)
    const dialog = moderator.locator('dialog[open]')
    expect(await dialog.textContent()).toContain('Put the 2 questions answered or on air during the rehearsal back in “Published”')
    expect(await seriousViolations(moderator)).toEqual([])
    await moderator.getByTestId('confirm-yes').click()
    for (const stage of stages) await expect.poll(() => attribute(stage, 'stage-countdown', 'data-phase')).toBe('idle')
    await expect.poll(() => moderator.getByTestId('clock-start').isEnabled()).toBe(true)
    for (const question of [answered, onAir]) await expect.poll(async () => (await status(question)).status).toBe('approved')
    await Promise.all([moderator, ...stages, screen].map((page) => page.close()))
  }, 60_000)

  it('says « Connexion perdue » within 5 s of silence from the server, and keeps counting', async () => {
    await command({ type: 'reset' })
    await command({ type: 'start', speed: SPEED })
    let silent = false
    const stage = await open(links.stageA, { width: 1280, height: 720 }, (page) =>
      // Between the page and the server: pass everything, until told to drop what the server says.
      page.routeWebSocket(/\/socket\.io\//, (ws) => {
        const server = ws.connectToServer()
        ws.onMessage((message) => server.send(message))
        server.onMessage((message) => {
          if (!silent) ws.send(message)
        })
      }),
    )
    await expect.poll(() => attribute(stage, 'stage-countdown', 'data-phase')).toBe('running')
    await stage.locator('[data-clock-offset-ms]').waitFor({ timeout: 5000 })
    expect(await stage.getByTestId('connection-lost').count()).toBe(0)

    silent = true
    const cutAt = Date.now()
    await stage.getByTestId('connection-lost').waitFor({ timeout: 8000 })
    const waited = Date.now() - cutAt
    expect(waited).toBeGreaterThanOrEqual(4000)
    expect(await stage.getByTestId('connection-lost').textContent()).toContain('Connexion perdue')
    const before = await reading(stage)
    await expect.poll(async () => (await reading(stage)).remainingMs).toBeLessThan(before.remainingMs - 10_000)

    silent = false
    await expect.poll(() => stage.getByTestId('connection-lost').count(), { timeout: 5000 }).toBe(0)
    await stage.close()
    await command({ type: 'reset' })
  }, 30_000)
})
