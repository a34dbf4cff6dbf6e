// The organiser's pages in Chromium: registering, the organiser page (approve, invite, outbox, links), creating an
// event on /organise, the personal link on the attendee page, and the printable report. axe in French and English.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { X_DEFAULTS } from '../../server/x/x.service'
import { ADMIN_TOKEN, createEvent, startTestApp, type TestApp, testMailOptions } from '../helpers/app'
import { SCREENSHOTS, launchBrowser, openPage, seriousViolations } from '../helpers/browser'
import { bearer, inviteSecret, ManualClock, organiserCall, outboxFiles, parseMail, person, register } from '../helpers/organiser'

const clock = new ManualClock(Date.parse('2020-05-12T09:00:00Z'))
const mail = testMailOptions()
let t: TestApp
let browser: Browser
let event: Awaited<ReturnType<typeof createEvent>>

const AGENDA = [
  { title: 'Témoignages du vécu et des besoins de coopération', start: '15:00', end: '15:45', speakers: ['Conseillers de coopération'] },
  { title: 'Le point de vue des partenaires dans les territoires', start: '15:45', end: '16:15' },
  { title: 'Adaptation des outils de la coopération décentralisée', start: '16:15', end: '17:00' },
  {
    title: 'Réponses aux questions',
    kind: 'qa' as const,
    start: '17:00',
    end: '17:30',
    overrun: 'absorb' as const,
    minDurationMinutes: 10,
  },
]

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true, now: clock.now, mail, x: { ...X_DEFAULTS, now: clock.now } })
  event = await createEvent(t, {
    title: 'Face à la crise, l’adaptation de la coopération décentralisée',
    organiser: 'Délégation de démonstration',
    segments: AGENDA,
  })
  await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, {
    approval: 'manual',
    priorityType: 'local_authority',
    capacity: 3,
    contactName: 'Secrétariat du webinaire',
    contactEmail: 'webinaire@example.org',
  })
  // Registrations already in, as on the morning the organiser opens the page.
  const seeds = [
    person({
      name: 'Camille Martin',
      organisation: 'Commune de Saint-Exemple',
      organisationType: 'local_authority',
      email: 'camille@saint-exemple.example',
    }),
    person({ name: 'Dominique Bernard', organisation: 'Société Exemple', organisationType: 'company', email: 'dominique@societe.example' }),
    person({
      name: 'Alix Petit',
      organisation: 'Région Test',
      organisationType: 'local_authority',
      email: 'alix@region-test.example',
      contactConsent: true,
    }),
    person({ name: 'Sacha Leroy', organisation: 'Association Partenaires', organisationType: 'association', email: 'sacha@asso.example' }),
    person({
      name: 'Robin Moreau',
      organisation: 'Département Test',
      organisationType: 'local_authority',
      email: 'robin@departement.example',
      lang: 'en',
    }),
  ]
  for (const seed of seeds) {
    await register(t, event.slug, seed)
    clock.advance(60_000)
  }
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const base = () => `${t.url}/e/${event.slug}`

describe('the registration page', () => {
  it('registers a person, in French, with the data notice and the priority audience', { timeout: 60_000 }, async () => {
    const page = await openPage(browser, `${base()}/register`, { viewport: { width: 1280, height: 1100 }, bypassCSP: true })
    await page.getByTestId('register-form').waitFor()
    expect(await page.locator('main').textContent()).toContain('en priorité au public suivant : Collectivité territoriale française')
    expect(await page.locator('main').textContent()).toContain('effacées 90 jours après le webinaire')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByTestId('reg-name').fill('Claude Durand')
    await page.getByTestId('reg-email').fill('claude@commune-exemple.example')
    await page.getByTestId('reg-org').fill('Commune Exemple')
    await page.getByTestId('reg-type').selectOption('local_authority')
    await page.getByTestId('reg-role').fill('Chargée de coopération')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'register.png') })
    // Without consent, the form says so and stays.
    await page.getByTestId('reg-submit').click()
    expect(await page.getByTestId('register-error').textContent()).toContain('consentement')
    await page.getByTestId('reg-consent').check()
    await page.getByTestId('reg-contact-consent').check()
    await page.getByTestId('reg-submit').click()
    await page.getByTestId('register-result').waitFor()
    expect(await page.getByTestId('register-result').textContent()).toContain('examinée par l’organisateur')
    expect(await seriousViolations(page)).toEqual([])
    const list = (await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/registrations`)).json()
    expect(list.find((r: { email: string }) => r.email === 'claude@commune-exemple.example')).toMatchObject({
      contactConsent: true,
      jobTitle: 'Chargée de coopération',
    })
    await page.close()
  })

  it('in English, and after the deadline says so with the contact', { timeout: 60_000 }, async () => {
    clock.set('2020-05-18T10:00:00Z')
    try {
      const page = await openPage(browser, `${base()}/register`, { lang: 'en', bypassCSP: true })
      await page.getByTestId('register-closed').waitFor()
      const text = await page.getByTestId('register-closed').textContent()
      expect(text).toContain('Registration is closed')
      expect(text).toContain('webinaire@example.org')
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    } finally {
      clock.set('2020-05-12T10:00:00Z')
    }
  })
})

describe('the organiser page', () => {
  let page: Page

  it('approves in priority order, sends the invitations and lists them in the outbox', { timeout: 90_000 }, async () => {
    page = await openPage(browser, `${base()}/organise#token=${event.organiserToken}`, {
      viewport: { width: 1400, height: 1000 },
      bypassCSP: true,
    })
    expect(page.url()).not.toContain('token=')
    await page.getByTestId('registrations').waitFor()
    expect(await page.getByTestId('registration').count()).toBe(6)
    expect(await seriousViolations(page)).toEqual([])

    await page.getByTestId('approve-priority').click()
    await expect.poll(() => page.getByTestId('organise-notice').textContent()).toContain('3 inscriptions acceptées, 3 sur liste d’attente')
    expect(await page.locator('[data-testid="registration"][data-status="approved"]').count()).toBe(3)
    // Local authorities first: the company and the association wait.
    const approved = await page.locator('[data-testid="registration"][data-status="approved"] th').allTextContents()
    expect(approved.join(' ')).not.toMatch(/Dominique|Sacha/)

    await page.getByTestId('send-invitations').click()
    await expect.poll(() => page.getByTestId('organise-notice').textContent()).toContain('3 invitations en cours d’envoi')
    await t.mail.drain()
    await page.getByTestId('filter-status').selectOption('approved')
    await expect.poll(() => page.getByTestId('registration').count()).toBe(3)
    await page.reload()
    await page.getByTestId('registrations').waitFor()
    await expect.poll(() => page.locator('[data-testid="mail-job"][data-kind="invitation"][data-status="sent"]').count()).toBe(3)
    // Six confirmations, six decisions (three accepted, three waiting) and three invitations.
    expect((await page.getByTestId('mail-progress').textContent())?.replace(/\s+/g, ' ')).toContain('15 / 15 envoyés')
    expect(await page.getByTestId('open-eml').count()).toBe(15)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'organise.png'), fullPage: false })
    expect(await seriousViolations(page)).toEqual([])
  })

  it('renews the links after a confirmation, and works in English', { timeout: 60_000 }, async () => {
    await page.getByTestId('rotate-links').click()
    await page.getByTestId('confirm-yes').click()
    await page.getByTestId('new-links').waitFor()
    const organiserLink = (await page.getByTestId('new-links').locator('code').nth(2).textContent())!
    expect(organiserLink).toMatch(/\/organise#token=[\w-]{43}$/)
    // The old organiser link is refused; the page goes on with the new one.
    expect((await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/organiser`)).statusCode).toBe(403)
    event.organiserToken = new URL(organiserLink).hash.slice('#token='.length)
    event.moderatorToken = new URL((await page.getByTestId('new-links').locator('code').nth(0).textContent())!).hash.slice('#token='.length)
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Webinar organisation')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByTestId('lang-switch').click()
    await page.close()
  })
})

describe('the personal link on the attendee page', () => {
  it('signs the registrant in with their name and organisation in the ask form', { timeout: 60_000 }, async () => {
    const invitation = outboxFiles(mail.outboxDir, event.slug).find((f) => f.name.includes('invitation') && f.content.includes('camille@'))!
    const secret = inviteSecret(await parseMail(invitation.content))
    const page = await openPage(browser, `${base()}#invite=${secret}`)
    expect(page.url()).not.toContain('invite=')
    // The form is in the « Poser une question » tab, loaded when the tab is opened.
    await page.getByTestId('tab-ask').click()
    await expect.poll(() => page.getByTestId('ask-name').inputValue()).toBe('Camille Martin')
    expect(await page.getByTestId('ask-org').inputValue()).toBe('Commune de Saint-Exemple')
    await page.close()
  })
})

describe('the operator page (/organise)', () => {
  it('takes the operator token and creates an event with its agenda', { timeout: 60_000 }, async () => {
    const page = await openPage(browser, `${t.url}/organise`, { bypassCSP: true })
    await page.getByTestId('admin-token').fill('wrong-token-0123456789')
    await page.getByTestId('admin-signin').click()
    await expect.poll(() => page.getByTestId('admin-error').textContent()).toContain('lien d’accès')
    await page.getByTestId('admin-token').fill(ADMIN_TOKEN)
    await page.getByTestId('admin-signin').click()
    await page.getByTestId('admin-events').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.getByTestId('new-title').fill('Rencontre des partenaires')
    await page.getByTestId('new-slug').fill('rencontre-partenaires')
    await page.getByTestId('new-date').fill('2020-06-02')
    await page.getByTestId('segment-title').first().fill('Accueil')
    await page.getByTestId('new-add-segment').click()
    await page.getByTestId('segment-title').nth(1).fill('Échanges')
    await page.getByTestId('segment-start').nth(1).fill('16:00')
    await page.getByTestId('segment-end').nth(1).fill('17:00')
    await page.getByTestId('new-save').click()
    await page.getByTestId('created-links').waitFor()
    expect(await page.getByTestId('created-links').textContent()).toContain('/e/rencontre-partenaires/organise#token=')
    const created = (await t.app.inject('/api/events/rencontre-partenaires')).json()
    expect(created.segments.map((s: { title: string; plannedStart: string }) => [s.title, s.plannedStart])).toEqual([
      ['Accueil', '2020-06-02T15:00:00+02:00'],
      ['Échanges', '2020-06-02T16:00:00+02:00'],
    ])
    await page.close()
  })
})

describe('the report page', () => {
  it('shows the agenda planned vs actual, the questions and attendance, and prints on A4', { timeout: 90_000 }, async () => {
    const mod = bearer(event.moderatorToken)
    const command = (type: string) =>
      t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/clock`, headers: mod, payload: { type } })
    const ask = async (text: string, key: string) => {
      const attendee = (
        await t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees`, payload: { displayName: 'Nadia' } })
      ).json()
      return (
        await t.app.inject({
          method: 'POST',
          url: `/api/events/${event.slug}/questions`,
          headers: bearer(attendee.token),
          payload: { text, displayName: 'Nadia', organisation: 'Conseil départemental', idempotencyKey: key },
        })
      ).json() as ItemView
    }
    const moderate = async (id: string, payload: object) => {
      const items = (await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: mod })).json<ItemView[]>()
      await t.app.inject({
        method: 'POST',
        url: `/api/events/${event.slug}/questions/${id}/moderation`,
        headers: mod,
        payload: { version: items.find((i) => i.id === id)!.version, ...payload },
      })
    }
    const at = (iso: string) => clock.set(iso)
    at('2020-05-19T13:03:00Z')
    await command('start')
    at('2020-05-19T13:20:00Z')
    const q1 = await ask('Les crédits seront-ils maintenus malgré l’annulation des missions ?', 'browser-q1')
    const q2 = await ask('Comment associer les diasporas à la réponse sanitaire ?', 'browser-q2')
    await ask('Existe-t-il une cartographie des actions de solidarité ?', 'browser-q3')
    for (const q of [q1, q2]) await moderate(q.id, { action: 'approve' })
    // Two attendees follow it in their browsers: the report counts them.
    const watching = [await openPage(browser, base()), await openPage(browser, base())]
    t.presence.sample()
    await t.presence.flush()
    for (const watcher of watching) await watcher.close()
    at('2020-05-19T13:50:00Z')
    await command('next')
    at('2020-05-19T14:20:00Z')
    await command('next')
    at('2020-05-19T15:08:00Z')
    await command('next')
    at('2020-05-19T15:10:00Z')
    await moderate(q1.id, { action: 'put_on_air' })
    at('2020-05-19T15:14:00Z')
    await moderate(q1.id, { action: 'mark_answered', reply: 'Oui : les crédits 2020 sont maintenus.' })
    at('2020-05-19T15:30:00Z')
    await command('end')
    at('2020-05-20T08:00:00Z')

    const page = await openPage(browser, `${base()}/report#token=${event.organiserToken}`, {
      viewport: { width: 1200, height: 1600 },
      bypassCSP: true,
    })
    await page.getByTestId('report-agenda').waitFor()
    expect(await page.getByTestId('report-agenda').locator('tbody tr').first().textContent()).toContain('+3')
    expect(await page.getByTestId('report-answered').textContent()).toContain('les crédits 2020 sont maintenus')
    expect(await page.getByTestId('report-unanswered').textContent()).toContain('diasporas')
    expect(await page.getByTestId('report-peak').textContent()).toContain('Pic : 2 participants connectés à 15:20')
    expect(await seriousViolations(page)).toEqual([])
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report.png'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    const pdf = await page.pdf({ preferCSSPageSize: true })
    // A4 in points: 595 × 842 (Chromium writes 594.96 × 841.92).
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))!
    expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842])
    await page.emulateMedia({ media: 'screen' })
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Webinar report')
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })
})
