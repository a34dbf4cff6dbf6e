// The full moderated queue in a real browser, the régie driven by the keyboard only (focus + key presses,
// no click on the moderator page): two attendees ask the same thing, the moderator approves one, merges the
// other into it, reorders the answer queue, puts it on air and answers it — seen live on every screen.
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEvent, joinAsAttendee, startTestApp, type TestApp } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage } from '../helpers/browser'

let t: TestApp
let browser: Browser
let links: { attendee: string; moderator: string; speaker: string; screen: string }

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  const created = await createEvent(t, {
    title: 'Coopération décentralisée et crise sanitaire',
    organiser: 'Cités Unies France',
    segments: [
      { title: 'Ouverture', start: '15:00', end: '15:30', speakers: ['Claire Martin'] },
      // push: the Q&A keeps its 30 minutes however late it starts (the test agenda is in the past).
      { title: 'Questions-réponses', kind: 'qa', start: '15:30', end: '16:00', overrun: 'push' },
    ],
  })
  const base = `${t.url}/e/${created.slug}`
  links = {
    attendee: base,
    // The dismissal reasons are left off the air unless the screen's address asks for them.
    screen: `${base}/screen?reasons=1`,
    moderator: `${base}/moderate#token=${created.moderatorToken}`,
    speaker: `${base}/stage#token=${created.speakerToken}`,
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

async function ask(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('tab-ask').click()
  await page.getByTestId('ask-name').fill(name)
  await page.getByTestId('ask-text').fill(text)
  await page.getByTestId('ask-submit').click()
  await page.getByTestId('my-questions').getByText(text.slice(0, 30), { exact: false }).waitFor()
  // Back to the questions, where most attendees spend the webinar.
  await page.getByTestId('tab-questions').click()
}

/** A card in a lane, found by a piece of its text. */
function card(page: Page, lane: string, text: string): Locator {
  return page.getByTestId(`lane-${lane}`).getByTestId('item').filter({ hasText: text })
}

/** Keyboard only: focus the card, then press. */
async function press(target: Locator, ...keys: string[]): Promise<void> {
  await target.focus()
  for (const key of keys) await target.page().keyboard.press(key)
}

const Q1 = 'Comment financer les projets de coopération décentralisée pendant la crise ?'
const Q2 = 'Pendant la crise, comment financer nos projets de coopération décentralisée ?'
const Q3 = 'Quel calendrier pour le prochain appel à projets ?'
const Q4 = 'Peut-on parler du match de football de dimanche ?'
const REPLY = 'Le fonds de soutien reste ouvert jusqu’au 30 juin ; les dossiers se déposent en ligne.'

describe('the moderated queue, by keyboard', () => {
  it('asks, approves, merges, reorders, puts on air and answers — live on every screen', { timeout: 90_000 }, async () => {
    const moderator = await open(links.moderator, { width: 1600, height: 1000 })
    const alice = await open(links.attendee, { width: 420, height: 900 })
    const bob = await open(links.attendee, { width: 420, height: 900 })
    const carol = await open(links.attendee, { width: 420, height: 900 })
    const screen = await open(links.screen, { width: 1280, height: 720 })
    const stage = await open(links.speaker, { width: 1280, height: 720 })

    // The moderator names themself for the log (typed, then Tab to confirm).
    await moderator.getByTestId('moderator-name').focus()
    await moderator.keyboard.type('Claire')
    await moderator.keyboard.press('Tab')

    await ask(alice, 'Camille', Q1)
    await ask(bob, 'Dominique', Q2)
    await ask(alice, 'Camille', Q3)
    await ask(carol, 'Émile', Q4)

    const q1 = card(moderator, 'pending', 'pendant la crise ?')
    const q2 = card(moderator, 'pending', 'nos projets')
    await q2.waitFor({ timeout: 5000 })
    // The second wording is spotted as a likely duplicate of the first.
    await q2.getByTestId('badge-similar').waitFor()

    // a: approve the first question.
    await press(q1, 'a')
    const approved1 = card(moderator, 'approved', 'pendant la crise ?')
    await approved1.waitFor()
    await bob.getByTestId('published').getByText('pendant la crise ?', { exact: false }).waitFor({ timeout: 5000 })

    // m: merge the second into it — the likely duplicate comes first in the picker.
    await press(q2, 'm')
    const dialog = moderator.getByTestId('merge-dialog')
    await dialog.waitFor()
    expect(await moderator.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('merge-search')
    await moderator.keyboard.press('ArrowDown')
    const first = dialog.getByTestId('merge-target').first()
    expect(await first.getAttribute('data-item-id')).toBe(await approved1.getAttribute('data-item-id'))
    expect(await first.textContent()).toContain('doublon probable')
    await moderator.keyboard.press('Enter')
    await dialog.getByTestId('merge-confirm').waitFor()
    await moderator.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => approved1.getByTestId('askers').textContent()).toContain('posée par 2 personnes')
    expect(await moderator.getByTestId('lane-pending').textContent()).not.toContain('nos projets')

    // Bob sees his question merged; Carol supports the merged question (« Moi aussi »).
    await bob.getByTestId('tab-ask').click()
    await bob.getByTestId('my-questions').getByText('fusionnée avec une question similaire').waitFor()
    const vote = carol.getByTestId('published').locator('li').filter({ hasText: 'pendant la crise ?' }).getByTestId('vote')
    await vote.click()
    await expect.poll(() => vote.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => approved1.getByTestId('votes').textContent()).toContain('1 soutien')

    // a on the third; then Alt+↑ moves it above the first in the answer queue, Alt+↓ puts it back.
    await press(card(moderator, 'pending', Q3), 'a')
    const q3 = card(moderator, 'approved', Q3)
    await q3.waitFor()
    const order = () =>
      moderator
        .getByTestId('lane-approved')
        .getByTestId('item')
        .evaluateAll((cards) => cards.map((c) => c.textContent ?? ''))
    await expect.poll(async () => (await order())[0]).toContain('pendant la crise ?')
    await press(q3, 'Alt+ArrowUp')
    await expect.poll(async () => (await order())[0]).toContain(Q3)
    // The card keeps the focus after it moves, so the next press moves it again.
    await expect.poll(() => moderator.evaluate(() => document.activeElement?.textContent ?? '')).toContain(Q3)
    await moderator.keyboard.press('Alt+ArrowDown')
    await expect.poll(async () => (await order())[0]).toContain('pendant la crise ?')
    await press(q3, 'Alt+ArrowUp')
    await expect.poll(async () => (await order())[0]).toContain(Q3)

    // d then 1: dismiss the off-topic one with its reason.
    await press(card(moderator, 'pending', 'football'), 'd')
    await moderator.getByTestId('panel-dismiss').waitFor()
    await moderator.keyboard.press('1')
    await card(moderator, 'dismissed', 'football').waitFor()
    expect(await card(moderator, 'dismissed', 'football').textContent()).toContain('Hors sujet')
    await carol.getByTestId('tab-ask').click()
    await carol.getByTestId('my-questions').getByText('non publiée').waitFor()

    // o: on air. Everyone sees it, with « posée par 2 personnes ».
    await press(approved1, 'o')
    await screen.getByTestId('screen-on-air').getByText('pendant la crise ?', { exact: false }).waitFor({ timeout: 5000 })
    expect(await screen.getByTestId('screen-on-air').textContent()).toContain('posée par 2 personnes')
    expect(await screen.getByTestId('screen-on-air').textContent()).toContain('Camille')
    await stage.getByTestId('stage-on-air').getByText('pendant la crise ?', { exact: false }).waitFor({ timeout: 5000 })
    expect(await stage.getByTestId('stage-on-air').textContent()).toContain('posée par 2 personnes')
    await alice.getByTestId('attendee-on-air').getByText('pendant la crise ?', { exact: false }).waitFor()
    expect(await alice.getByTestId('attendee-on-air').textContent()).toContain('posée par 2 personnes')

    // r: mark answered with a public reply (Ctrl+Entrée sends it).
    const onAir = card(moderator, 'on_air', 'pendant la crise ?')
    await press(onAir, 'r')
    await moderator.getByTestId('reply-input').waitFor()
    expect(await moderator.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-input')
    await moderator.keyboard.type(REPLY)
    await moderator.keyboard.press('Control+Enter')
    await card(moderator, 'answered', 'pendant la crise ?').waitFor()

    // The reply reaches the asker, the other attendees, and the screens move on.
    await alice.getByTestId('tab-ask').click()
    const mine = alice.getByTestId('my-questions').locator('li').filter({ hasText: 'pendant la crise ?' })
    await mine.getByTestId('my-reply').getByText('30 juin', { exact: false }).waitFor({ timeout: 5000 })
    expect(await mine.getByTestId('my-status').textContent()).toMatch(/répondue à \d\d:\d\d/)
    await bob.getByTestId('tab-questions').click()
    await bob.getByTestId('answered').getByText('30 juin', { exact: false }).waitFor()
    await screen.getByText("elles s'afficheront ici", { exact: false }).waitFor()
    // Transparent moderation on the public screen: received, answered, merged, dismissed with the reason.
    await expect.poll(() => screen.getByTestId('stat-received').textContent()).toContain('4')
    await expect.poll(() => screen.getByTestId('stat-merged').textContent()).toContain('1')
    await expect.poll(() => screen.getByTestId('stat-reasons').textContent()).toContain('hors sujet')

    // The moderation log (opened with the keyboard) names the moderator.
    const summary = moderator.getByTestId('log-panel').locator('summary')
    await summary.focus()
    await moderator.keyboard.press('Enter')
    await moderator.getByTestId('log-table').waitFor()
    expect(await moderator.getByTestId('log-table').textContent()).toContain('Claire')

    // A few more questions, so that the screenshot shows every lane.
    await ask(bob, 'Dominique', 'Les collectivités pourront-elles reporter leurs contributions 2020 ?')
    await ask(carol, 'Émile', 'Comment associer les partenaires du Sud au suivi des projets ?')
    await card(moderator, 'pending', 'partenaires du Sud').waitFor()
    await summary.focus()
    await moderator.keyboard.press('Enter')
    await card(moderator, 'pending', 'partenaires du Sud').focus()
    await moderator.evaluate(() => window.scrollTo(0, 0))
    await moderator.screenshot({ path: path.join(SCREENSHOTS, 'moderator.png'), fullPage: true })
    await alice.screenshot({ path: path.join(SCREENSHOTS, 'attendee.png'), fullPage: true })
  })

  it('a late answer never pulls the moderator back from where they went meanwhile', { timeout: 60_000 }, async () => {
    const event = await createEvent(t)
    const api = (url: string, token: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/events/${event.slug}${url}`, headers: { authorization: `Bearer ${token}` }, payload })
    const asked: { id: string; version: number }[] = []
    for (const [i, text] of [Q1, Q3, Q4].entries()) {
      const { token } = await joinAsAttendee(t, event.slug)
      const response = await api('/questions', token, { text, displayName: 'Dominique', idempotencyKey: `late-question-${i}` })
      expect(response.statusCode, response.body).toBe(201)
      asked.push(response.json())
    }
    for (const item of asked.slice(0, 2)) {
      const approved = await api(`/questions/${item.id}/moderation`, event.moderatorToken, { action: 'approve', version: item.version })
      expect(approved.statusCode, approved.body).toBe(200)
    }

    // The régie's acknowledgements ("43…" in Socket.IO's protocol) held back 2 s, as on a busy day.
    let slow = false
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer()
      ws.onMessage((message) => server.send(message))
      server.onMessage((message) => {
        if (slow && typeof message === 'string' && message.startsWith('43')) setTimeout(() => ws.send(message), 2000)
        else ws.send(message)
      })
    })
    await page.goto(`${t.url}/e/${event.slug}/moderate#token=${event.moderatorToken}`)
    await card(page, 'approved', Q3).waitFor()
    slow = true

    // Alt+↑ on the second published question, then at once d on the pending one: its dismissal form opens.
    await press(card(page, 'approved', Q3), 'Alt+ArrowUp')
    await press(card(page, 'pending', 'football'), 'd')
    const form = page.getByTestId('panel-dismiss')
    await form.waitFor()
    const inForm = () => page.evaluate(() => document.activeElement?.closest('[data-testid="panel-dismiss"]') !== null)
    await expect.poll(inForm).toBe(true)
    // The move's answer arrives: the moved card is announced, and the focus stays in the form.
    await page.getByText('position 1', { exact: false }).first().waitFor({ timeout: 10_000 })
    expect(await inForm()).toBe(true)
    await page.keyboard.press('1')
    await card(page, 'dismissed', 'football').waitFor()
    await page.close()
  })
})
