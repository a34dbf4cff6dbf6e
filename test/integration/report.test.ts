// The report against a scripted event run through the API on an injected clock: every figure is known in advance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../server/contract/report'
import type { ItemView } from '../../server/contract/schemas'
import { X_DEFAULTS } from '../../server/x/x.service'
import { createEvent, joinAsAttendee, startTestApp, type TestApp, testMailOptions } from '../helpers/app'
import { eventually } from '../helpers/eventually'
import {
  bearer,
  inviteSecret,
  ManualClock,
  organiserCall,
  outboxFiles,
  parseMail,
  person,
  register,
  registrations,
} from '../helpers/organiser'
import { connectScreen, type Screen } from '../helpers/socket'

const clock = new ManualClock(Date.parse('2020-05-12T09:00:00Z'))
let t: TestApp
let outbox: string
let report: Report
let reportCsv: string
let followUp: string
let followUpEn: string

beforeAll(async () => {
  const mail = testMailOptions()
  outbox = mail.outboxDir
  // The X source keeps its own clock (its poller's): the same one here, so the imported post is stamped in the script.
  t = await startTestApp({ now: clock.now, listen: true, mail, x: { ...X_DEFAULTS, now: clock.now } })
  await script()
}, 120_000)
afterAll(() => t.close())

/** 15:00–15:30, 15:30–16:00, Q&A 16:00–16:30 (Paris, 19 May 2020), run late and answered in part. */
async function script(): Promise<void> {
  const event = await createEvent(t, {
    segments: [
      { title: 'Ouverture', start: '15:00', end: '15:30' },
      { title: 'Témoignages', start: '15:30', end: '16:00' },
      { title: 'Questions-réponses', kind: 'qa', start: '16:00', end: '16:30' },
    ],
  })
  const slug = event.slug
  const org = event.organiserToken
  const mod = bearer(event.moderatorToken)
  const at = (iso: string) => clock.set(iso)

  // Before: four registrations, three accepted and invited, one declined.
  await organiserCall(t, org, 'PATCH', `/api/events/${slug}/registration`, { approval: 'manual' })
  const people = {
    a: person({ name: 'Ana', organisation: 'Commune A', organisationType: 'local_authority', email: 'ana@a.example' }),
    b: person({ name: 'Bao', organisation: 'Commune B', organisationType: 'local_authority', email: 'bao@b.example' }),
    c: person({ name: 'Cyd', organisation: 'Société C', organisationType: 'company', email: 'cyd@c.example', contactConsent: true }),
    d: person({ name: 'Dee', organisation: 'Association D', organisationType: 'association', email: 'dee@d.example' }),
  }
  for (const p of Object.values(people)) await register(t, slug, p)
  for (const r of await registrations(t, slug, org)) {
    const decision = r.email === 'dee@d.example' ? 'decline' : 'approve'
    await organiserCall(t, org, 'POST', `/api/events/${slug}/registrations/${r.id}/decision`, { decision })
  }
  at('2020-05-19T06:00:00Z')
  await t.mail.schedule()
  await t.mail.drain()
  const links = new Map<string, string>()
  for (const file of outboxFiles(outbox, slug).filter((f) => f.name.includes('invitation'))) {
    const mail = await parseMail(file.content)
    links.set(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address! : '', inviteSecret(mail))
  }
  const invited = async (email: string) =>
    (await t.app.inject({ method: 'POST', url: `/api/events/${slug}/attendees/invited`, payload: { invitation: links.get(email) } })).json<{
      token: string
    }>()
  const ana = await invited('ana@a.example')
  const cyd = await invited('cyd@c.example')
  const p1 = await joinAsAttendee(t, slug)
  const p2 = await joinAsAttendee(t, slug)

  // Presence: four attendees at 15:05, three at 15:20.
  const screens: Screen[] = []
  for (const who of [ana, cyd, p1, p2]) screens.push(await connectScreen(t.url, { slug, token: who.token }))
  screens.push(await connectScreen(t.url, { slug, token: event.moderatorToken }))
  at('2020-05-19T13:05:10Z')
  t.presence.sample()
  await t.presence.flush()
  screens[3]!.close()
  await eventually(() => expect(t.io.of('/').sockets.size).toBe(4))
  at('2020-05-19T13:20:00Z')
  t.presence.sample()
  await t.presence.flush()
  for (const screen of screens) screen.close()

  const clockCommand = (type: string) => t.app.inject({ method: 'POST', url: `/api/events/${slug}/clock`, headers: mod, payload: { type } })
  const ask = async (who: { token: string }, text: string, key: string, extra: object = {}) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/events/${slug}/questions`,
      headers: bearer(who.token),
      payload: { text, idempotencyKey: key, displayName: 'Nom', ...extra },
    })
    if (response.statusCode !== 201) throw new Error(response.body)
    return response.json() as ItemView
  }
  const moderate = async (item: ItemView, payload: object) => {
    const current = (await t.app.inject({ url: `/api/events/${slug}/questions`, headers: mod }))
      .json<ItemView[]>()
      .find((i) => i.id === item.id)!
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/events/${slug}/questions/${item.id}/moderation`,
      headers: mod,
      payload: { version: current.version, ...payload },
    })
    if (response.statusCode !== 200) throw new Error(response.body)
  }

  // During: started two minutes late, the first segment overruns by three minutes, the second by two.
  at('2020-05-19T13:02:00Z')
  expect((await clockCommand('start')).statusCode).toBe(200)
  at('2020-05-19T13:10:00Z')
  const q1 = await ask(ana, 'Quel soutien pour les partenariats suspendus ?', 'report-q1', {
    displayName: 'Ana',
    organisation: 'Commune A',
  })
  at('2020-05-19T13:35:00Z')
  await clockCommand('next')
  at('2020-05-19T13:40:00Z')
  const q2 = await ask(p1, 'Comment associer les diasporas ?', 'report-q2')
  at('2020-05-19T13:45:00Z')
  const q3 = await ask(cyd, 'Quels outils numériques recommandez-vous ?', 'report-q3')
  at('2020-05-19T13:50:00Z')
  const q4 = await ask(p2, 'Le match de dimanche ?', 'report-q4', { anonymous: true, displayName: undefined })
  at('2020-05-19T13:55:00Z')
  const xq = (
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${slug}/x/import`,
      headers: mod,
      payload: { text: 'Et pour les petites communes ? #CNCD', handle: 'ville_test' },
    })
  ).json() as ItemView
  for (const item of [q1, q2, q3, xq]) await moderate(item, { action: 'approve' })
  await moderate(q4, { action: 'dismiss', reason: 'off_topic' })
  await t.app.inject({ method: 'POST', url: `/api/events/${slug}/questions/${q3.id}/vote`, headers: bearer(ana.token) })
  await t.app.inject({ method: 'POST', url: `/api/events/${slug}/questions/${q1.id}/vote`, headers: bearer(p1.token) })
  // Votes are folded into the counts by the next tally, which runs on the real clock: sent now, as it would be long
  // before anyone reads the report.
  await t.services.tally.drain()
  at('2020-05-19T14:07:00Z')
  await clockCommand('next')
  at('2020-05-19T14:08:00Z')
  await moderate(q1, { action: 'put_on_air' })
  at('2020-05-19T14:11:00Z')
  await moderate(q1, { action: 'mark_answered', reply: 'Un fonds d’urgence est ouvert.' })
  at('2020-05-19T14:12:00Z')
  await moderate(q2, { action: 'put_on_air' })
  at('2020-05-19T14:16:00Z')
  await moderate(q2, { action: 'mark_answered' })
  at('2020-05-19T14:20:00Z')
  const q5 = await ask(ana, '=SOMME(A1) : les tableurs comptent-ils ?', 'report-q5', { displayName: 'Ana', organisation: 'Commune A' })
  await moderate(q5, { action: 'approve' })
  at('2020-05-19T14:30:00Z')
  await clockCommand('end')

  at('2020-05-20T08:00:00Z')
  report = (await organiserCall(t, org, 'GET', `/api/events/${slug}/report`)).json()
  reportCsv = (await organiserCall(t, org, 'GET', `/api/events/${slug}/report.csv`)).body
  followUp = (await organiserCall(t, org, 'GET', `/api/events/${slug}/follow-up.csv`)).body
  followUpEn = (await t.app.inject({ url: `/api/events/${slug}/follow-up.csv`, headers: { ...bearer(org), 'accept-language': 'en' } })).body
  // Nobody else gets the report.
  expect((await t.app.inject({ url: `/api/events/${slug}/report`, headers: mod })).statusCode).toBe(403)
}

describe('the report of a scripted event', () => {
  it('has the agenda planned vs actual from the clock log', () => {
    expect(report.agenda).toMatchObject({ started: '2020-05-19T15:02:00+02:00', ended: '2020-05-19T16:30:00+02:00' })
    expect(report.agenda.segments.map((s) => [s.actualStart, s.actualEnd, s.startDeltaSeconds, s.overrunSeconds])).toEqual([
      ['2020-05-19T15:02:00+02:00', '2020-05-19T15:35:00+02:00', 120, 180],
      ['2020-05-19T15:35:00+02:00', '2020-05-19T16:07:00+02:00', 300, 120],
      // The Q&A absorbed the delay: 23 minutes instead of 30, and the webinar ended on time.
      ['2020-05-19T16:07:00+02:00', '2020-05-19T16:30:00+02:00', 420, -420],
    ])
  })

  it('counts the questions by source, status and segment, with answer times', () => {
    const q = report.questions
    expect(q.total).toBe(6)
    expect(q.bySource).toEqual({ attendee: 5, x: 1, manual: 0 })
    expect(q.byStatus).toEqual({ pending: 0, approved: 3, on_air: 0, answered: 2, dismissed: 1, merged: 0 })
    expect(q.bySegment).toEqual([
      { segment: 0, asked: 1, answered: 1 },
      { segment: 1, asked: 4, answered: 1 },
      { segment: 2, asked: 1, answered: 0 },
    ])
    // Waits of 58 and 32 minutes, answers of 3 and 4 minutes.
    expect(q.medianWaitSeconds).toBe(2700)
    expect(q.medianAnswerSeconds).toBe(210)
    expect(q.answered.map((a) => [a.text, a.author, a.reply, a.waitSeconds, a.answerSeconds])).toEqual([
      ['Quel soutien pour les partenariats suspendus ?', 'Ana (Commune A)', 'Un fonds d’urgence est ouvert.', 3480, 180],
      ['Comment associer les diasporas ?', 'Nom', null, 1920, 240],
    ])
    expect(q.unanswered.map((u) => [u.text, u.votes, u.author])).toEqual([
      ['Quels outils numériques recommandez-vous ?', 1, 'Nom'],
      ['Et pour les petites communes ? #CNCD', 0, '@ville_test'],
      ['=SOMME(A1) : les tableurs comptent-ils ?', 0, 'Ana (Commune A)'],
    ])
  })

  it('counts attendance per organisation type, and the peak of concurrent attendees', () => {
    const row = (group: string) => report.attendance.rows.find((r) => r.group === group)
    const figures = (group: string) => {
      const { group: _g, ...rest } = row(group)!
      return rest
    }
    expect(figures('local_authority')).toEqual({
      registered: 2,
      approved: 2,
      invited: 2,
      joinedPersonal: 1,
      joinedPublic: 0,
      asked: 1,
      voted: 1,
    })
    expect(figures('company')).toEqual({ registered: 1, approved: 1, invited: 1, joinedPersonal: 1, joinedPublic: 0, asked: 1, voted: 0 })
    expect(figures('association')).toEqual({
      registered: 1,
      approved: 0,
      invited: 0,
      joinedPersonal: 0,
      joinedPublic: 0,
      asked: 0,
      voted: 0,
    })
    expect(figures('unregistered')).toEqual({
      registered: 0,
      approved: 0,
      invited: 0,
      joinedPersonal: 0,
      joinedPublic: 2,
      asked: 2,
      voted: 1,
    })
    expect(figures('total')).toEqual({ registered: 4, approved: 3, invited: 3, joinedPersonal: 2, joinedPublic: 2, asked: 4, voted: 2 })
    expect(report.attendance.peak).toEqual({ attendees: 4, at: '2020-05-19T15:05:00+02:00' })
    expect(report.attendance.samples).toEqual([
      { at: '2020-05-19T15:05:00+02:00', attendees: 4 },
      { at: '2020-05-19T15:20:00+02:00', attendees: 3 },
    ])
  })

  it('exports it as CSV in the French convention, formulas neutralised', () => {
    expect(reportCsv.startsWith('\uFEFFBilan du webinaire;Webinaire de test\r\n')).toBe(true)
    expect(reportCsv).toContain('Programme prévu et réel\r\n')
    expect(reportCsv).toContain(
      '1;Ouverture;2020-05-19T15:00:00+02:00;2020-05-19T15:30:00+02:00;2020-05-19T15:02:00+02:00;2020-05-19T15:35:00+02:00;2;3\r\n',
    )
    expect(reportCsv).toContain("'=SOMME(A1) : les tableurs comptent-ils ?;attendee;approved;3;Ana (Commune A)")
    expect(reportCsv).toContain('total;4;3;3;2;2;4;2\r\n')
    expect(reportCsv).toContain('Pic de connexions simultanées;4;2020-05-19T15:05:00+02:00')
  })

  it('lists the unanswered questions for a written follow-up, with e-mails only where the asker registered and agreed', () => {
    const lines = followUp
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('question;soutiens;posée par;séquence;auteur;e-mails (inscrits ayant accepté le suivi écrit)')
    expect(lines.slice(1)).toEqual([
      'Quels outils numériques recommandez-vous ?;1;1;2;Nom;cyd@c.example',
      "Et pour les petites communes ? #CNCD;0;1;2;'@ville_test;", // a leading @ is neutralised too
      "'=SOMME(A1) : les tableurs comptent-ils ?;0;1;3;Ana (Commune A);",
    ])
    expect(followUpEn.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'question;upvotes;asked by;segment;author;e-mails (registrants who accepted a written follow-up)',
    )
  })
})
