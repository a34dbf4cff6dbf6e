// axe-core on the attendee and moderator pages, in French and in English, with questions in every state:
// no serious or critical WCAG 2.1 A/AA violation.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { launchBrowser, openPage, seriousViolations } from '../helpers/browser'

let t: TestApp
let browser: Browser
let links: { attendee: string; moderator: string }

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const event = await createEvent(t, {
    segments: [
      { title: 'Ouverture', start: '15:00', end: '15:30' },
      { title: 'Questions-réponses', kind: 'qa', start: '15:30', end: '16:00' },
    ],
  })
  links = { attendee: `${t.url}/e/${event.slug}`, moderator: `${t.url}/e/${event.slug}/moderate#token=${event.moderatorToken}` }

  // Questions in every lane: pending (one flagged), published, on air, answered with a reply, dismissed, merged.
  const askAs = async (text: string, name = 'Camille') => {
    const attendee = await joinAsAttendee(t, event.slug)
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: { authorization: `Bearer ${attendee.token}` },
      payload: { text, displayName: name, organisation: 'Commune test', idempotencyKey: `key-${Math.random().toString(36).slice(2, 12)}` },
    })
    if (response.statusCode !== 201) throw new Error(`ask: ${response.statusCode} ${response.body}`)
    return response.json() as ItemView
  }
  const moderate = async (item: ItemView, payload: object) => {
    const current = (
      await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: { authorization: `Bearer ${event.moderatorToken}` } })
    )
      .json<ItemView[]>()
      .find((candidate) => candidate.id === item.id)!
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions/${item.id}/moderation`,
      headers: { authorization: `Bearer ${event.moderatorToken}` },
      payload: { version: current.version, ...payload },
    })
    if (response.statusCode !== 200) throw new Error(`moderate: ${response.statusCode} ${response.body}`)
  }
  const answered = await askAs('Quel bilan pour les projets de coopération en 2020 ?')
  const onAir = await askAs('Comment financer les projets de coopération pendant la crise ?', 'Dominique')
  const duplicate = await askAs('Pendant la crise, comment financer les projets de coopération ?', 'Émile')
  const published = await askAs('Quel calendrier pour le prochain appel à projets ?')
  const dismissed = await askAs('Hors sujet : le match de dimanche ?')
  await askAs('Une question encore en attente de modération ?')
  await askAs('Cette question contient un gros mot : merde.')
  await moderate(answered, { action: 'approve' })
  await moderate(answered, { action: 'put_on_air' })
  await moderate(answered, { action: 'mark_answered', reply: 'Un bilan sera publié en juin.' })
  await moderate(onAir, { action: 'approve' })
  await moderate(duplicate, { action: 'merge', into: onAir.id })
  await moderate(onAir, { action: 'put_on_air' })
  await moderate(published, { action: 'approve' })
  await moderate(dismissed, { action: 'dismiss', reason: 'off_topic' })

  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function open(url: string, lang: 'fr' | 'en', viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await openPage(browser, url, { viewport, lang, bypassCSP: true })
  expect(await page.locator('html').getAttribute('lang')).toBe(lang)
  return page
}

describe.each(['fr', 'en'] as const)('accessibility (%s)', (lang) => {
  it('attendee page, with its own question answered, others published and on air', { timeout: 60_000 }, async () => {
    const page = await open(links.attendee, lang, { width: 1280, height: 900 })
    await page.getByTestId('tab-ask').click()
    await page.getByTestId('ask-name').fill('Camille')
    await page.getByTestId('ask-text').fill('Ma question pour la régie ?')
    await page.getByTestId('ask-submit').click()
    await page.getByTestId('my-questions').locator('li').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.getByTestId('tab-questions').click()
    await page.getByTestId('published').locator('li').first().waitFor()
    await page.getByTestId('answered').locator('li').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])
    // The phone layout too, after an upvote.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('vote').first().click()
    await page.getByTestId('vote').first().and(page.locator('[aria-pressed="true"]')).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it('moderator page: lanes, flags, a card form, the merge dialog, the log', { timeout: 60_000 }, async () => {
    const page = await open(links.moderator, lang, { width: 1600, height: 1000 })
    await page.getByTestId('lane-pending').getByTestId('item').first().waitFor()
    await page.getByTestId('badge-flag').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])

    // A dismissal form open on a card, and an item selected for a bulk action.
    const pending = page.getByTestId('lane-pending').getByTestId('item').first()
    await pending.focus()
    await page.keyboard.press('x')
    await page.keyboard.press('d')
    await page.getByTestId('panel-dismiss').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.keyboard.press('Escape')

    // The merge dialog.
    await pending.focus()
    await page.keyboard.press('m')
    await page.getByTestId('merge-dialog').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await page.getByTestId('merge-dialog').waitFor({ state: 'detached' })

    // Every question in one list, and the opened log and settings.
    await page.getByTestId('view-all').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('lane-all').getByTestId('item').first().waitFor()
    await page.getByTestId('log-panel').locator('summary').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('log-table').waitFor()
    await page.getByTestId('flag-words').locator('summary').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('shortcut-help').locator('summary').focus()
    await page.keyboard.press('Enter')
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })
})
