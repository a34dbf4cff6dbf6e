// The régie on the screens moderators use (1366×768 laptops, 1920×1080 monitors), in French and English: the
// clock's current segment and the pending and published lanes in the first screen, nothing overlapping; the
// other panels fold away and stay as the moderator left them.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PANEL_KEYS } from '../../client/src/lib/remembered'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'
import { boxOf, layoutProblems } from '../helpers/geometry'
import { seeder } from '../helpers/seed'

let t: TestApp
let browser: Browser
let moderatorUrl: string

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const event = await createEvent(t, {
    title: 'Face à la crise du COVID 19, l’adaptation de la coopération décentralisée',
    segments: [
      {
        title: 'Témoignages du vécu et des besoins de coopération exprimés par les collectivités territoriales',
        start: '15:00',
        end: '15:45',
      },
      { title: 'Réponses aux questions posées lors du webinaire', kind: 'qa', start: '15:45', end: '16:30' },
    ],
  })
  moderatorUrl = `${t.url}/e/${event.slug}/moderate#token=${event.moderatorToken}`
  // A queue in full swing: every lane has questions, some long, one flagged.
  const seed = seeder(t, event)
  await seed.ask('Les collectivités pourront-elles reporter leurs contributions 2020 aux projets engagés avec leurs partenaires ?', {
    name: 'Dominique',
  })
  await seed.ask('Comment associer les partenaires du Sud au suivi des projets ?', { name: 'Émile' })
  await seed.ask('Cette question contient un gros mot : merde.', { name: 'Gaël' })
  const published = [
    await seed.publish('Quel calendrier pour le prochain appel à projets ?', 'Camille'),
    await seed.publish('Les fonds de soutien seront-ils reconduits en 2021 ?', 'Fatou'),
    await seed.publish('Peut-on financer des projets numériques à distance ?', 'Hugo'),
  ]
  await seed.vote(published[1]!.id)
  const answered = await seed.publish('Quel bilan pour les projets de 2019 ?', 'Jules')
  await seed.moderate(answered.id, { action: 'put_on_air' })
  await seed.moderate(answered.id, { action: 'mark_answered', reply: 'Un bilan sera publié en juin.' })
  const onAir = await seed.publish('Comment financer les projets de coopération pendant la crise ?', 'Inès')
  await seed.moderate(onAir.id, { action: 'put_on_air' })
  const dismissed = await seed.ask('Peut-on parler du match de dimanche ?', { name: 'Karim' })
  await seed.moderate(dismissed.id, { action: 'dismiss', reason: 'off_topic' })
  // The clock runs: the strip shows the current segment and its countdown.
  const started = await t.app.inject({
    method: 'POST',
    url: `/api/events/${event.slug}/clock`,
    headers: { authorization: `Bearer ${event.moderatorToken}` },
    payload: { type: 'start' },
  })
  if (started.statusCode !== 200) throw new Error(started.body)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

const firstCard = (page: Page, lane: string) => page.getByTestId(`lane-${lane}`).getByTestId('item').first()

describe.each(['fr', 'en'] as const)('the régie (%s)', (lang) => {
  for (const viewport of VIEWPORTS) {
    it(
      `at ${viewport.width}×${viewport.height}: the clock and the pending and published lanes in the first screen`,
      { timeout: 60_000 },
      async () => {
        const page = await openPage(browser, moderatorUrl, { viewport, lang, bypassCSP: true })
        await firstCard(page, 'pending').waitFor()
        await firstCard(page, 'approved').waitFor()
        await page.getByTestId('clock-countdown').waitFor()
        if (lang === 'fr') await page.screenshot({ path: path.join(SCREENSHOTS, `moderator-${viewport.width}.png`) })

        // On a laptop, the first card of each lane can be read and acted on (its text and main button); on a
        // full-HD monitor, whole.
        const laptop = viewport.height < 1000
        const first = (lane: string) => (laptop ? firstCard(page, lane).locator('.question-text') : firstCard(page, lane))
        expect(
          await layoutProblems(page, {
            'clock strip': page.getByTestId('clock-strip'),
            'pending lane heading': page.locator('#lane-pending-title'),
            'first pending question': first('pending'),
            'published lane heading': page.locator('#lane-approved-title'),
            'first published question': first('approved'),
            'on-air lane heading': page.locator('#lane-on_air-title'),
            ...(laptop
              ? {
                  'its « publish » button': firstCard(page, 'pending').getByTestId('action-approve'),
                  'its « on air » button': firstCard(page, 'approved').getByTestId('action-put_on_air'),
                }
              : {}),
          }),
        ).toEqual([])
        // Inside the strip, nothing covers anything: the live clock, the zone, the details button, the commands.
        const strip = page.getByTestId('clock-strip')
        expect(
          await layoutProblems(page, {
            'live clock': page.getByTestId('clock-live'),
            zone: strip.locator('.zone'),
            '« Programme » button': page.getByTestId('clock-details-toggle'),
            commands: strip.locator('.controls'),
          }),
        ).toEqual([])
        // The current segment is in the strip, and the two main lanes are wide enough to read a card at a glance.
        expect(await page.getByTestId('clock-live').textContent()).toContain('Témoignages du vécu')
        for (const lane of ['pending', 'approved']) {
          expect((await boxOf(page.getByTestId(`lane-${lane}`))).width).toBeGreaterThanOrEqual(viewport.width >= 1900 ? 600 : 420)
        }
        expect(await seriousViolations(page)).toEqual([])

        // Scrolling the lanes keeps the clock in sight.
        await page.mouse.wheel(0, 600)
        await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100)
        expect(await layoutProblems(page, { 'clock strip': page.getByTestId('clock-strip') })).toEqual([])
        await page.close()
      },
    )
  }

  it('folds the other panels away and remembers them on the next visit', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
      bypassCSP: true,
    })
    await context.addInitScript((value) => localStorage.setItem('tribune:lang', value), lang)
    const page = await context.newPage()
    await page.goto(moderatorUrl)
    await page.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })

    // Folded at first: the agenda's times and the message box wait behind one button.
    const toggle = page.getByTestId('clock-details-toggle')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByTestId('clock-details').isHidden()).toBe(true)
    await toggle.click()
    await page.getByTestId('clock-agenda').waitFor()
    await page.getByTestId('message-text').waitFor()
    await page.getByTestId('log-panel').locator('summary').click()
    await page.getByTestId('log-table').waitFor()
    expect(await seriousViolations(page)).toEqual([])

    // The next visit opens as it was left (the token stays in the session).
    await page.reload()
    await page.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('clock-details-toggle').getAttribute('aria-expanded')).toBe('true')
    await page.getByTestId('clock-agenda').waitFor()
    expect(await page.getByTestId('log-panel').getAttribute('open')).not.toBeNull()
    await page.getByTestId('log-table').waitFor()
    await page.getByTestId('clock-details-toggle').click()
    await page.getByTestId('log-panel').locator('summary').click()
    // The browser announces a closed <details> one task after the click, and the page stores the choice
    // then; a person never reloads within that task, this script can, so it waits for the choice to be kept.
    await page.waitForFunction((key) => localStorage.getItem(key) === 'false', PANEL_KEYS.log)
    await page.reload()
    await page.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('clock-details').isHidden()).toBe(true)
    expect(await page.getByTestId('log-panel').getAttribute('open')).toBeNull()
    await context.close()
  })
})
