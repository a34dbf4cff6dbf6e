// The speaker screen during the answer session, on a 1024×768 tablet and a 1920×1080 monitor, in French and
// English: the timer, the question on air and the next ones whole on screen, nothing overlapping, and nothing
// moving when the segment runs into overtime.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'
import { type Box, boxOf, layoutProblems } from '../helpers/geometry'
import { seeder } from '../helpers/seed'

let t: TestApp
let browser: Browser

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const

/** An answer session under way: a question on air, three next ones, a few seconds left before overtime. */
async function answerSession(secondsLeft: number) {
  const event = await createEvent(t, {
    title: 'Face à la crise du COVID 19, l’adaptation de la coopération décentralisée',
    segments: [
      {
        title: 'Adaptation des outils au service de la coopération décentralisée',
        start: '15:00',
        end: '15:30',
        speakers: ['Claire Martin'],
      },
      {
        title: 'Réponses aux questions posées lors du webinaire ou sur le compte X de la CNCD',
        kind: 'qa',
        start: '15:30',
        end: '16:00',
        // The test agenda lies in the past: push keeps the session's 30 minutes whenever it starts.
        overrun: 'push',
        speakers: ['Dominique Bernard', 'Fatou Diallo'],
      },
    ],
  })
  const seed = seeder(t, event)
  await seed.publish(
    'Quel calendrier pour le prochain appel à projets, et les collectivités de moins de 10 000 habitants pourront-elles y répondre ?',
    'Camille',
  )
  await seed.publish('Les fonds de soutien seront-ils reconduits en 2021 ?', 'Émile')
  await seed.publish('Comment associer les partenaires du Sud au suivi des projets lorsque les déplacements sont impossibles ?', 'Gaël')
  const onAir = await seed.publish(
    'Face à la crise sanitaire, comment les collectivités territoriales peuvent-elles maintenir leurs partenariats de coopération décentralisée, en particulier lorsque les projets engagés sur le terrain sont suspendus et que les budgets 2020 sont revus ?',
    'Inès',
  )
  await seed.moderate(onAir.id, { action: 'put_on_air' })
  const clock = async (payload: object) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/clock`,
      headers: { authorization: `Bearer ${event.moderatorToken}` },
      payload,
    })
    if (response.statusCode !== 200) throw new Error(response.body)
  }
  await clock({ type: 'start' })
  await clock({ type: 'goto', segment: 1 })
  await clock({ type: 'adjust', seconds: -(30 * 60 - secondsLeft) })
  return `${t.url}/e/${event.slug}/stage#token=${event.speakerToken}`
}

const PARTS = {
  timer: 'stage-timer',
  'question on air': 'stage-on-air',
  'next questions': 'stage-next-questions',
  'next segment': 'stage-next',
} as const

async function measure(page: Page): Promise<Record<string, Box>> {
  const entries = await Promise.all(Object.entries(PARTS).map(async ([name, id]) => [name, await boxOf(page.getByTestId(id))] as const))
  return Object.fromEntries(entries)
}

const mode = (page: Page) => page.getByTestId('stage-countdown').getAttribute('data-mode')

describe.each(['fr', 'en'] as const)('the stage in the answer session (%s)', (lang) => {
  it('keeps the timer, the question on air and the next ones whole, and still when overtime starts', { timeout: 90_000 }, async () => {
    const url = await answerSession(12)
    const pages = await Promise.all(VIEWPORTS.map((viewport) => openPage(browser, url, { viewport, lang, bypassCSP: true })))
    for (const page of pages) await page.getByTestId('stage-next-questions').locator('li').nth(2).waitFor()

    const before: Record<string, Box>[] = []
    for (const page of pages) {
      expect(await mode(page)).toBe('remaining')
      before.push(await measure(page))
      const problems = await layoutProblems(
        page,
        Object.fromEntries(Object.entries(PARTS).map(([name, id]) => [name, page.getByTestId(id)])),
      )
      expect(problems, `${page.viewportSize()!.width}×${page.viewportSize()!.height}`).toEqual([])
    }

    // Overtime: a new word and counting up, in the same places.
    for (const page of pages) await expect.poll(() => mode(page), { timeout: 30_000 }).toBe('overtime')
    for (const [index, page] of pages.entries()) {
      const after = await measure(page)
      for (const name of Object.keys(PARTS)) {
        const [a, b] = [before[index]![name]!, after[name]!]
        expect(
          Math.abs(a.y - b.y) + Math.abs(a.height - b.height) + Math.abs(a.x - b.x) + Math.abs(a.width - b.width),
          name,
        ).toBeLessThanOrEqual(1)
      }
      // The digits stay inside their box, « + » included.
      const digits = await boxOf(page.getByTestId('stage-countdown').locator('.digits'))
      const timer = after.timer!
      expect(digits.x + digits.width, 'digits inside the timer').toBeLessThanOrEqual(timer.x + timer.width)
      const size = page.viewportSize()!
      expect(await page.getByTestId('stage-timer').textContent()).toMatch(lang === 'fr' ? /Dépassement/ : /Overtime/)
      expect(await seriousViolations(page)).toEqual([])
      if (lang === 'fr') await page.screenshot({ path: path.join(SCREENSHOTS, `stage-${size.width}.png`) })
    }
    await Promise.all(pages.map((page) => page.close()))
  })
})
