// The public screen and its broadcast views as a browser source sees them (1920×1080 and 1280×720), in French
// and English: no button, no product name, type legible at 720p, where to ask with a QR code that decodes to the
// attendee address, no dismissal reasons on air unless asked, and transparent backgrounds that really are.
import path from 'node:path'
import jsQR from 'jsqr'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'
import { boxOf, layoutProblems, smallestText } from '../helpers/geometry'
import { type Seeder, seeder } from '../helpers/seed'

const FULL_HD = { width: 1920, height: 1080 }
const HD = { width: 1280, height: 720 }
/** The smallest type allowed on a broadcast view: 2.5 % of the picture's height (27 px at 1080p, 18 px at 720p). */
const MIN_TEXT = 0.025

let t: TestApp
let browser: Browser
let base: string
let attendeeUrl: string
let seed: Seeder
let onAir: ItemView

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const event = await createEvent(t, {
    title: 'Face à la crise du COVID 19, l’adaptation de la coopération décentralisée',
    segments: [
      { title: 'Témoignages du vécu et des besoins de coopération', start: '15:00', end: '15:45' },
      { title: 'Réponses aux questions', kind: 'qa', start: '15:45', end: '16:30', overrun: 'push' },
    ],
  })
  base = `${t.url}/e/${event.slug}/screen`
  attendeeUrl = event.links.attendee
  seed = seeder(t, event)
  await seed.publish('Quel calendrier pour le prochain appel à projets ?', 'Émile')
  const abusive = await seed.ask('Une question insultante', { name: 'Anonyme' })
  await seed.moderate(abusive.id, { action: 'dismiss', reason: 'abusive' })
  onAir = await seed.publish('Comment financer les projets de coopération décentralisée pendant la crise sanitaire ?', 'Camille')
  await seed.moderate(onAir.id, { action: 'put_on_air' })
  const clock = await t.app.inject({
    method: 'POST',
    url: `/api/events/${event.slug}/clock`,
    headers: { authorization: `Bearer ${event.moderatorToken}` },
    payload: { type: 'start' },
  })
  if (clock.statusCode !== 200) throw new Error(clock.body)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

/** RGBA of the given points of a PNG, decoded by the browser itself (no image library in the test). */
async function pixels(page: Page, png: Buffer, points?: [number, number][]): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(
    async ({ data, points }) => {
      const image = new Image()
      image.src = `data:image/png;base64,${data}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const context = canvas.getContext('2d')!
      context.drawImage(image, 0, 0)
      const read = points
        ? points.flatMap(([x, y]) => [...context.getImageData(x, y, 1, 1).data])
        : [...context.getImageData(0, 0, image.width, image.height).data]
      return { width: image.width, height: image.height, data: read }
    },
    { data: png.toString('base64'), points },
  )
}

/** Alpha of points of the page as a browser source renders it (nothing painted behind the page). */
async function alphaAt(page: Page, points: [number, number][]): Promise<number[]> {
  const { data } = await pixels(page, await page.screenshot({ omitBackground: true }), points)
  return points.map((_, index) => data[index * 4 + 3]!)
}

/** The documentation's picture of an overlay: over a dark, picture-like background (the test's checks are done). */
async function screenshotOverVideo(page: Page, name: string): Promise<void> {
  await page.addStyleTag({
    content: 'html.transparent, html.transparent body { background: linear-gradient(135deg, #2b3a4a, #6b4f3a) !important }',
  })
  await page.screenshot({ path: path.join(SCREENSHOTS, name) })
}

const noChrome = async (page: Page) => {
  expect(await page.locator('button, a, input, select, textarea').count()).toBe(0)
  expect(await page.locator('body').innerText()).not.toMatch(/Tribune|English|Français/)
}

async function legible(page: Page) {
  const { height } = page.viewportSize()!
  const smallest = await smallestText(page)
  expect(smallest.size, `« ${smallest.text} » at ${smallest.size}px`).toBeGreaterThanOrEqual(MIN_TEXT * height - 0.5)
}

describe.each(['fr', 'en'] as const)('broadcast views (%s)', (lang) => {
  const open = (query: string, viewport = FULL_HD) => openPage(browser, `${base}?lang=${lang}${query}`, { viewport, bypassCSP: true })

  it('the full screen: where to ask with a QR code of the attendee address, no reasons, legible at 720p', { timeout: 60_000 }, async () => {
    const page = await open('')
    await page.getByTestId('screen-on-air').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe(lang)
    await noChrome(page)
    const address = attendeeUrl.replace(/^https:\/\//, '')
    expect(await page.getByTestId('ask-address').textContent()).toBe(address)
    // Dismissal reasons stay off the air by default; the count is there.
    await expect.poll(() => page.getByTestId('stat-dismissed').textContent()).toMatch(/1/)
    expect(await page.getByTestId('stat-reasons').count()).toBe(0)

    for (const viewport of [FULL_HD, HD]) {
      await page.setViewportSize(viewport)
      // The QR code, read back from the pixels on screen by an independent decoder.
      const qr = await pixels(page, await page.getByTestId('ask-qr').screenshot())
      expect(jsQR(Uint8ClampedArray.from(qr.data), qr.width, qr.height)?.data).toBe(attendeeUrl)
      expect(
        await layoutProblems(page, {
          title: page.locator('h1'),
          clock: page.getByTestId('screen-clock'),
          'question on air': page.getByTestId('screen-on-air'),
          'where to ask': page.getByTestId('where-to-ask'),
          counts: page.getByTestId('moderation-stats'),
        }),
      ).toEqual([])
      await legible(page)
      expect(await seriousViolations(page)).toEqual([])
      if (lang === 'fr' && viewport === FULL_HD) await page.screenshot({ path: path.join(SCREENSHOTS, 'screen.png') })
    }
    await page.close()

    const withReasons = await open('&reasons=1', HD)
    await expect.poll(() => withReasons.getByTestId('stat-reasons').textContent()).toContain(lang === 'fr' ? 'abusive (1)' : 'abusive (1)')
    await withReasons.close()
  })

  it('the clean view: no chrome, large type, and a transparent background when asked', { timeout: 60_000 }, async () => {
    const page = await open('&view=clean&bg=transparent', HD)
    await page.getByTestId('screen-on-air').waitFor()
    await noChrome(page)
    expect(await page.getByTestId('ask-address').textContent()).toBe(attendeeUrl.replace(/^https:\/\//, ''))
    expect(await page.getByTestId('moderation-stats').count()).toBe(0)
    // The event title is for screen readers only: the stream has its own titles.
    expect((await boxOf(page.locator('h1'))).width).toBeLessThanOrEqual(1)
    await legible(page)
    const card = await boxOf(page.getByTestId('screen-on-air'))
    const [corner, inCard] = await alphaAt(page, [
      [2, 2],
      [Math.round(card.x + 10), Math.round(card.y + 10)],
    ])
    expect(corner).toBe(0)
    expect(inCard).toBe(255)
    expect(await seriousViolations(page)).toEqual([])
    if (lang === 'fr') await screenshotOverVideo(page, 'screen-clean.png')
    await page.close()
  })

  it('the lower third: the question on air inside the title-safe area, nothing else painted, live', { timeout: 60_000 }, async () => {
    const pages = await Promise.all([FULL_HD, HD].map((viewport) => open('&view=lower-third', viewport)))
    for (const page of pages) {
      const { width, height } = page.viewportSize()!
      const band = page.getByTestId('lower-third')
      await band.getByText('pendant la crise sanitaire', { exact: false }).waitFor()
      await noChrome(page)
      await legible(page)
      const box = await boxOf(band)
      expect(box.x).toBeGreaterThanOrEqual(0.05 * width - 1)
      expect(box.x + box.width).toBeLessThanOrEqual(0.95 * width + 1)
      expect(box.y + box.height).toBeLessThanOrEqual(0.95 * height + 1)
      expect(box.y).toBeGreaterThan(height / 2)
      const [top, inBand] = await alphaAt(page, [
        [Math.round(width / 2), Math.round(height / 4)],
        [Math.round(box.x + box.width / 2), Math.round(box.y + box.height - 5)],
      ])
      expect(top).toBe(0)
      expect(inBand).toBe(255)
      expect(await seriousViolations(page)).toEqual([])
    }
    if (lang === 'fr') await screenshotOverVideo(pages[0]!, 'overlay-lower-third.png')

    // Another question goes on air: the band follows; answered, the band goes and nothing is left on the picture.
    const next = await seed.publish('Les partenaires du Sud seront-ils associés au suivi ?', 'Fatou')
    await seed.moderate(next.id, { action: 'put_on_air' })
    for (const page of pages) await page.getByTestId('lower-third').getByText('partenaires du Sud', { exact: false }).waitFor()
    await seed.moderate(next.id, { action: 'mark_answered' })
    for (const page of pages) await page.getByTestId('lower-third').waitFor({ state: 'detached' })
    expect(await alphaAt(pages[1]!, [[640, 600]])).toEqual([0])
    await seed.moderate(onAir.id, { action: 'reopen' }).then((item) => seed.moderate(item.id, { action: 'put_on_air' }))
    await Promise.all(pages.map((page) => page.close()))
  })

  it('the timer overlay: segment and time left in a corner box, transparent around it', { timeout: 60_000 }, async () => {
    const page = await open('&view=timer')
    const box = page.getByTestId('screen-clock')
    await box.getByText('Témoignages du vécu', { exact: false }).waitFor()
    await noChrome(page)
    await legible(page)
    const first = Number(await page.getByTestId('screen-countdown').getAttribute('data-remaining-ms'))
    await expect.poll(async () => Number(await page.getByTestId('screen-countdown').getAttribute('data-remaining-ms'))).toBeLessThan(first)
    const { x, y, width } = await boxOf(box)
    expect(x + width).toBeLessThanOrEqual(0.95 * FULL_HD.width + 1)
    expect(x).toBeGreaterThan(FULL_HD.width / 2)
    expect(y).toBeLessThan(FULL_HD.height / 4)
    expect(await alphaAt(page, [[200, 900]])).toEqual([0])
    expect(await seriousViolations(page)).toEqual([])
    if (lang === 'fr') await screenshotOverVideo(page, 'overlay-timer.png')
    await page.close()
  })
})
