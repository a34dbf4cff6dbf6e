// The whole path in a real browser: an attendee asks, the moderator sees it and approves, everyone sees it.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultEvent } from '../../server/events/default-event'
import { startTestApp, tokenOf, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage } from '../helpers/browser'

let t: TestApp
let browser: Browser
let links: { attendee: string; moderator: string; speaker: string; screen: string }

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const created = await t.services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
  // Links point at the test server, not the configured public URL.
  const base = `${t.url}/e/${defaultEvent.slug}`
  links = {
    attendee: base,
    screen: `${base}/screen`,
    moderator: `${base}/moderate#token=${tokenOf(created!.links.moderator)}`,
    speaker: `${base}/stage#token=${tokenOf(created!.links.speaker)}`,
  }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

function open(url: string, viewport?: { width: number; height: number }): Promise<Page> {
  return openPage(browser, url, { viewport })
}

describe('question flow in Chromium', () => {
  it('attendee asks → moderator sees it within 1 s → approves → another attendee and the screens show it', async () => {
    const moderator = await open(links.moderator)
    // The secret leaves the address bar as soon as the page has read it.
    expect(moderator.url()).not.toContain('token=')
    const alice = await open(links.attendee, { width: 420, height: 900 })
    const bob = await open(links.attendee, { width: 420, height: 900 })
    const screen = await open(links.screen, { width: 1280, height: 720 })
    const stage = await open(links.speaker, { width: 1280, height: 720 })

    const question = 'Comment financer les projets de coopération <b>pendant</b> la crise ?'
    await alice.getByTestId('tab-ask').click()
    await alice.getByTestId('ask-name').fill('Camille')
    await alice.getByTestId('ask-org').fill('Région Test')
    await alice.getByTestId('ask-text').fill(question)
    await alice.getByTestId('ask-submit').click()

    const pending = moderator.getByTestId('lane-pending').getByTestId('item').filter({ hasText: 'la crise ?' })
    await pending.waitFor({ timeout: 1000 })
    // Markup typed by an attendee is shown as text, never interpreted.
    await expect.poll(() => pending.textContent()).toContain('<b>pendant</b>')
    await alice.getByTestId('my-questions').getByText('la crise ?', { exact: false }).waitFor()
    expect(await bob.getByTestId('published').textContent()).not.toContain('la crise ?')

    await pending.getByTestId('action-approve').click()
    await bob.getByTestId('published').getByText('la crise ?', { exact: false }).waitFor({ timeout: 2000 })
    await moderator
      .getByTestId('lane-approved')
      .getByTestId('item')
      .filter({ hasText: 'la crise ?' })
      .getByTestId('action-put_on_air')
      .click()
    await screen.getByTestId('screen-on-air').getByText('la crise ?', { exact: false }).waitFor({ timeout: 2000 })
    expect(await screen.getByTestId('screen-on-air').textContent()).toContain('Camille')
    expect(await stage.getByTestId('stage-segment-title').textContent()).toBeTruthy()

    // attendee.png and moderator.png come from queue.test.ts, which fills every lane; screen.png from broadcast.test.ts.
    await stage.screenshot({ path: path.join(SCREENSHOTS, 'stage-qa.png') })
  })

  it('switches to English and back', async () => {
    const page = await open(links.attendee)
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr')
  })

  it('says so when the moderator link is wrong', async () => {
    const page = await browser.newPage()
    await page.goto(`${t.url}/e/${defaultEvent.slug}/moderate#token=forged`)
    await page.getByRole('alert').first().waitFor({ timeout: 5000 })
    expect(await page.getByRole('alert').first().textContent()).toMatch(/lien/i)
  })
})
