// The attendee page on a phone (390×844), in French and English: the published questions at once, the form one
// tap away, a confirmation that follows the question's real status, the focus kept where the user acted, an
// order that never moves under them, spoken news, and their own pending question reworded and withdrawn.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'
import { boxOf, layoutProblems } from '../helpers/geometry'
import { seeder } from '../helpers/seed'

const PHONE = { width: 390, height: 844 }

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

const WORDS = {
  fr: {
    pending: 'Votre question a été envoyée. Elle est en attente de modération.',
    approved: 'Votre question est publiée : les participants peuvent la soutenir.',
    onAir: "Votre question est à l'antenne.",
    answered: 'Votre question a reçu une réponse.',
    spokenOnAir: "Votre question « Quel avenir pour les jumelages ? » est à l'antenne.",
    batch: '2 nouvelles questions publiées.',
    reordered: "L'ordre des questions a changé.",
    refreshed: 'Ordre des questions actualisé : les plus soutenues.',
    withdrawn: 'Vous avez retiré votre question',
    withdrawnBadge: 'retirée',
    moderatorWithdrawn: 'retirée par son auteur',
  },
  en: {
    pending: 'Your question has been sent. It is awaiting moderation.',
    approved: 'Your question is published: attendees can upvote it.',
    onAir: 'Your question is on air.',
    answered: 'Your question has been answered.',
    spokenOnAir: 'Your question “Quel avenir pour les jumelages ?” is on air.',
    batch: '2 new questions published.',
    reordered: 'The order of the questions has changed.',
    refreshed: 'Order of the questions refreshed: most upvoted.',
    withdrawn: 'You withdrew your question',
    withdrawnBadge: 'withdrawn',
    moderatorWithdrawn: 'withdrawn by its asker',
  },
} as const

async function setUp() {
  const event = await createEvent(t, {
    title: 'Face à la crise, l’adaptation de la coopération décentralisée : témoignages et outils',
    organiser: 'DAECT',
  })
  const seed = seeder(t, event)
  const a = await seed.publish('Comment financer les projets de coopération pendant la crise ?', 'Dominique')
  const b = await seed.publish('Quel calendrier pour le prochain appel à projets ?', 'Émile')
  const c = await seed.publish('Les partenaires du Sud seront-ils associés au suivi des projets ?', 'Fatou')
  await seed.vote(a.id)
  await seed.vote(a.id)
  await seed.vote(b.id)
  return { event, seed, ids: { a: a.id, b: b.id, c: c.id }, url: `${t.url}/e/${event.slug}` }
}

const announcer = (page: Page) => page.getByTestId('attendee-announcer')
const activeTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName)
const activeItemId = (page: Page) => page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-item-id') ?? null)
const publishedOrder = (page: Page) =>
  page
    .getByTestId('published')
    .locator(':scope > li')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-item-id')))

describe.each(['fr', 'en'] as const)('attendee on a phone (%s)', (lang) => {
  const words = WORDS[lang]
  const open = (url: string) => openPage(browser, url, { viewport: PHONE, lang, bypassCSP: true })

  it('shows the published questions at once, and the form one tap away (tabs by keyboard too)', { timeout: 60_000 }, async () => {
    const { url } = await setUp()
    const page = await open(url)
    await page.getByTestId('published').locator('li').first().waitFor()

    // First screen: the tabs and the first published question whole, nothing overlapping.
    expect(
      await layoutProblems(page, {
        tabs: page.getByTestId('attendee-tabs'),
        'on air': page.getByTestId('attendee-on-air'),
        'first published question': page.getByTestId('published').locator('li').first(),
      }),
    ).toEqual([])
    expect((await boxOf(page.getByTestId('tab-questions'))).height).toBeGreaterThanOrEqual(44)
    expect(await page.getByTestId('tab-questions').textContent()).toContain('(3)')
    expect(await seriousViolations(page)).toEqual([])
    await page.screenshot({ path: path.join(SCREENSHOTS, lang === 'fr' ? 'attendee-phone.png' : 'attendee-phone-en.png') })

    // The WAI-ARIA tabs pattern: one tab stop, arrows move and show.
    await page.getByTestId('tab-questions').focus()
    await page.keyboard.press('ArrowRight')
    expect(await activeTestId(page)).toBe('tab-ask')
    expect(await page.getByTestId('tab-ask').getAttribute('aria-selected')).toBe('true')
    expect(await page.getByTestId('panel-questions').isHidden()).toBe(true)
    await page.keyboard.press('Home')
    expect(await activeTestId(page)).toBe('tab-questions')
    expect(await page.getByTestId('tab-ask').getAttribute('tabindex')).toBe('-1')

    // One tap: the form's text box is on screen.
    await page
      .getByTestId('tab-ask')
      .tap()
      .catch(() => page.getByTestId('tab-ask').click())
    expect(await layoutProblems(page, { 'question box': page.getByTestId('ask-text') })).toEqual([])
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it('keeps the focus on « send », and its confirmation follows the question to on air and answered', { timeout: 60_000 }, async () => {
    const { url, event, seed } = await setUp()
    const page = await open(url)
    await page.getByTestId('tab-ask').click()
    await page.getByTestId('ask-name').fill('Camille')
    await page.getByTestId('ask-text').fill('Quel avenir pour les jumelages ?')
    await page.getByTestId('ask-submit').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('ask-confirmation').getByText(words.pending).waitFor()
    expect(await activeTestId(page)).toBe('ask-submit')
    await expect.poll(() => announcer(page).textContent()).toContain(words.pending)

    const mine = (await seed.current((await page.getByTestId('my-questions').locator('li').first().getAttribute('data-item-id'))!)).id
    await seed.moderate(mine, { action: 'approve' })
    await page.getByTestId('ask-confirmation').getByText(words.approved).waitFor()
    // The « awaiting moderation » words are gone as soon as the régie published it.
    expect(await page.getByTestId('ask-confirmation').textContent()).not.toContain(words.pending)
    await seed.moderate(mine, { action: 'put_on_air' })
    await page.getByTestId('ask-confirmation').getByText(words.onAir).waitFor()
    await expect.poll(() => announcer(page).textContent()).toContain(words.spokenOnAir)
    expect(await seriousViolations(page)).toEqual([])
    if (lang === 'fr') await page.screenshot({ path: path.join(SCREENSHOTS, 'attendee-phone-sent.png') })
    await seed.moderate(mine, { action: 'mark_answered', reply: 'Oui, avec un nouveau fonds.' })
    await page.getByTestId('ask-confirmation').getByText(words.answered).waitFor()

    // Two questions published at once are said in one sentence, after a short wait.
    const first = await seed.ask('Première question du lot ?')
    const second = await seed.ask('Seconde question du lot ?')
    await Promise.all([seed.moderate(first.id, { action: 'approve' }), seed.moderate(second.id, { action: 'approve' })])
    await expect.poll(() => announcer(page).textContent(), { timeout: 20_000 }).toContain(words.batch)
    expect(event.slug).toBeTruthy()
    await page.close()
  })

  it('keeps the focus and the place of the question voted for; the new order is offered, then shown', { timeout: 60_000 }, async () => {
    const { url, seed, ids } = await setUp()
    const page = await open(url)
    await expect.poll(() => publishedOrder(page)).toEqual([ids.a, ids.b, ids.c])

    // Keyboard vote on the last question: focus stays on its button, and it stays where it was.
    const vote = page.getByTestId('published').locator(`li[data-item-id="${ids.c}"]`).getByTestId('vote')
    await vote.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => vote.getAttribute('aria-pressed')).toBe('true')
    expect(await activeTestId(page)).toBe('vote')
    expect(await activeItemId(page)).toBe(ids.c)
    // Others support it too: it now leads the live order, but nothing moves under the user.
    await seed.vote(ids.c)
    await seed.vote(ids.c)
    await page
      .getByTestId('published')
      .locator(`li[data-item-id="${ids.c}"]`)
      .getByText(lang === 'fr' ? '3 soutiens' : '3 upvotes')
      .waitFor()
    expect(await publishedOrder(page)).toEqual([ids.a, ids.b, ids.c])
    expect(await activeItemId(page)).toBe(ids.c)
    await page.getByTestId('order-stale').waitFor()
    await expect.poll(() => announcer(page).textContent()).toContain(words.reordered)
    expect(await seriousViolations(page)).toEqual([])

    // Asked for, the new order shows; the focus goes to the list's heading, and the page says so.
    await page.getByTestId('order-refresh').click()
    await expect.poll(() => publishedOrder(page)).toEqual([ids.c, ids.a, ids.b])
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('published-title')
    await expect.poll(() => announcer(page).textContent()).toContain(words.refreshed)
    await page.close()
  })

  it('rewords and withdraws its own pending question; the régie sees both live', { timeout: 90_000 }, async () => {
    const { url, event } = await setUp()
    const moderator = await openPage(browser, `${url}/moderate#token=${event.moderatorToken}`, {
      viewport: { width: 1366, height: 768 },
      lang,
      bypassCSP: true,
    })
    const page = await open(url)
    await page.getByTestId('tab-ask').click()
    await page.getByTestId('ask-name').fill('Camille')
    await page.getByTestId('ask-text').fill('Quelle place pour les jeunes dans les projets ?')
    await page.getByTestId('ask-submit').click()
    const mine = page.getByTestId('my-questions').locator('li').first()
    await mine.getByTestId('mine-edit').waitFor()
    const card = moderator.getByTestId('lane-pending').getByTestId('item')
    await card.getByText('Quelle place pour les jeunes', { exact: false }).waitFor()

    // Reword: the text box takes the focus, saving gives it back to « edit ».
    await mine.getByTestId('mine-edit').click()
    expect(await activeTestId(page)).toBe('mine-revise-text')
    await page.getByTestId('mine-revise-text').fill('Quelle place pour les jeunes et les associations dans les projets ?')
    await page.getByTestId('mine-revise-save').click()
    await mine.getByText('et les associations', { exact: false }).waitFor()
    expect(await activeTestId(page)).toBe('mine-edit')
    await card.getByText('et les associations', { exact: false }).waitFor({ timeout: 5000 })
    expect(await seriousViolations(page)).toEqual([])

    // Withdraw, after a confirmation that starts on « no ».
    await mine.getByTestId('mine-withdraw').click()
    expect(await activeTestId(page)).toBe('mine-withdraw-no')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByTestId('mine-withdraw-yes').click()
    await mine.getByTestId('my-status').getByText(words.withdrawnBadge).waitFor()
    expect(await activeTestId(page)).toBe('mine-status')
    expect(await mine.getByTestId('mine-edit').count()).toBe(0)
    await expect.poll(() => announcer(page).textContent()).toContain(words.withdrawn)
    expect(await page.getByTestId('ask-confirmation').textContent()).toContain(lang === 'fr' ? 'Vous avez retiré' : 'You withdrew')

    // The régie: out of the pending lane, « withdrawn » in the list of all, and in the log.
    await card.waitFor({ state: 'detached', timeout: 5000 })
    await expect
      .poll(() => moderator.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining(lang === 'fr' ? 'Question retirée par son auteur' : 'Question withdrawn by its asker'))
    await moderator.getByTestId('view-all').click()
    await moderator.getByTestId('lane-all').getByText(words.moderatorWithdrawn).waitFor()
    await moderator.getByTestId('log-panel').locator('summary').click()
    await moderator
      .getByTestId('log-table')
      .getByText(lang === 'fr' ? 'Retirée par son auteur' : 'Withdrawn by its asker', { exact: true })
      .waitFor()
    expect(await moderator.getByTestId('log-table').textContent()).toContain(
      lang === 'fr' ? 'Reformulée par son auteur' : 'Reworded by its asker',
    )
    expect(await seriousViolations(moderator)).toEqual([])
    await moderator.close()
    await page.close()
  })
})
