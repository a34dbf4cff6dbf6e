// E-mails through a real SMTP server: the morning invitation at the configured time with a working personal link and
// a calendar file in the event's zone, retries with back-off on 4xx, failure on 5xx, progress, and two senders
// sharing one database sending each message once.
import ICAL from 'ical.js'
import type { MailProgress } from '../../server/contract/registration'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/limits/rate-limiter'
import { createEvent, startTestApp, type TestApp, testMailOptions } from '../helpers/app'
import { testDatabase } from '../helpers/db'
import { eventually } from '../helpers/eventually'
import { bearer, inviteSecret, ManualClock, organiserCall, parseMail, person, register, registrations } from '../helpers/organiser'
import { startSmtp, type TestSmtp } from '../helpers/smtp'

const FROM = 'DAECT <webinaire@tribune.test>'
const clock = new ManualClock(Date.parse('2020-05-12T10:00:00Z'))
let smtp: TestSmtp
let t: TestApp

beforeAll(async () => {
  smtp = await startSmtp()
  t = await startTestApp({
    now: clock.now,
    mail: {
      ...testMailOptions(),
      smtpUrl: smtp.url,
      from: FROM,
      backoff: { baseMs: 60_000, maxMs: 600_000, maxAttempts: 4 },
      random: () => 1,
    },
  })
})
afterAll(async () => {
  await t?.close()
  await smtp?.close()
})

const isInvitation = (raw: string) => raw.includes('text/calendar')

describe('the invitation on the morning of the event', () => {
  it('leaves at 08:00 in the event zone, to the right people, with their personal link and an .ics in Europe/Paris', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t, {
      title: 'Coopération décentralisée ; bilan, perspectives',
      segments: [
        { title: 'Témoignages', start: '15:00', end: '15:45' },
        { title: 'Questions-réponses', kind: 'qa', start: '15:45', end: '17:30' },
      ],
    })
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, { approval: 'manual' })
    const camille = person({ name: 'Camille Exemple', organisation: 'Mairie test', email: 'camille@mairie.example' })
    const robin = person({
      name: 'Robin Example',
      organisation: 'Test County',
      email: 'robin@county.example',
      lang: 'en',
      organisationType: 'public_body',
    })
    const declined = person({ email: 'refus@exemple.example' })
    for (const p of [camille, robin, declined]) await register(t, event.slug, p)
    for (const r of await registrations(t, event.slug, event.organiserToken)) {
      const decision = r.email === 'refus@exemple.example' ? 'decline' : 'approve'
      await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/registrations/${r.id}/decision`, { decision })
    }
    await t.mail.tick()
    const before = smtp.accepted.length

    clock.set('2020-05-19T05:59:00Z') // 07:59 in Paris
    expect((await t.mail.schedule()).invitations).toBe(0)
    clock.set('2020-05-19T06:00:00Z') // 08:00 in Paris
    expect((await t.mail.schedule()).invitations).toBe(2)
    await t.mail.drain()
    // The schedule running again (or in another process) adds nothing.
    expect((await t.mail.schedule()).invitations).toBe(0)

    const invitations = smtp.accepted.slice(before).filter((m) => isInvitation(m.raw))
    expect(invitations.map((m) => m.to).sort()).toEqual([['camille@mairie.example'], ['robin@county.example']])
    expect(invitations.every((m) => m.from === 'webinaire@tribune.test')).toBe(true)

    const fr = await parseMail(invitations.find((m) => m.to[0] === 'camille@mairie.example')!.raw)
    expect(fr.from?.value[0]).toMatchObject({ name: 'DAECT', address: 'webinaire@tribune.test' })
    expect(fr.subject).toBe('Informations de connexion : Coopération décentralisée ; bilan, perspectives')
    expect(fr.messageId).toMatch(/^<[0-9a-f-]{36}@tribune\.test>$/)
    expect(fr.date?.toISOString()).toBe('2020-05-19T06:00:00.000Z')
    expect(fr.headers.get('auto-submitted')).toBe('auto-generated')
    expect(fr.text).toContain('Bonjour Camille Exemple,')
    expect(fr.text).toContain('de 15 h 00 à 17 h 30 (heure de Paris)')
    expect(fr.html).toContain('<a href="http://tribune.test/e/')
    const en = await parseMail(invitations.find((m) => m.to[0] === 'robin@county.example')!.raw)
    expect(en.subject).toBe('Joining details: Coopération décentralisée ; bilan, perspectives')
    expect(en.text).toContain('15:00–17:30 (Paris time)')

    // The link in the message opens a session bound to the registration, name and organisation filled in.
    const secret = inviteSecret(fr)
    expect(fr.text).toContain(`http://tribune.test/e/${event.slug}#invite=${secret}`)
    const joined = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/attendees/invited`,
      payload: { invitation: secret },
    })
    expect(joined.json()).toMatchObject({ displayName: 'Camille Exemple', organisation: 'Mairie test' })

    // The calendar file: a VTIMEZONE for Europe/Paris and local times with TZID, read by a real iCalendar parser.
    const ics = fr.attachments.find((a) => a.contentType === 'text/calendar')!
    expect(ics.filename).toBe('webinaire.ics')
    const text = ics.content.toString('utf8')
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20200519T150000')
    const calendar = new ICAL.Component(ICAL.parse(text))
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!)
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2020-05-19T13:00:00.000Z')
    expect(vevent.endDate.toJSDate().toISOString()).toBe('2020-05-19T15:30:00.000Z')
    expect(vevent.summary).toBe('Coopération décentralisée ; bilan, perspectives')
    expect(vevent.description).toContain(`#invite=${secret}`)
  })

  it('writes a VTIMEZONE that places a winter event after the autumn change (New York, 2 November)', async () => {
    clock.set('2025-10-20T10:00:00Z')
    const event = await createEvent(t, {
      timeZone: 'America/New_York',
      date: '2025-11-03',
      segments: [{ title: 'Session', start: '09:00', end: '10:00' }],
    })
    await register(t, event.slug, person({ email: 'ny@example.org' }))
    await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/invitations`, {})
    await t.mail.drain()
    const message = smtp.accepted.filter((m) => isInvitation(m.raw) && m.to[0] === 'ny@example.org').at(-1)!
    const ics = (await parseMail(message.raw)).attachments[0]!.content.toString('utf8')
    const calendar = new ICAL.Component(ICAL.parse(ics))
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
    expect(new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).startDate.toJSDate().toISOString()).toBe('2025-11-03T14:00:00.000Z')
  })
})

describe('SMTP errors', () => {
  it('retries a 4xx with back-off, gives up on a 5xx, and shows « sent / total, failed »', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    let greylisted = 2
    smtp.decide = (message) => {
      if (message.to[0] === 'greylist@exemple.example' && greylisted > 0) {
        greylisted -= 1
        return { kind: 'reject', code: 451, message: '4.7.1 Greylisted, try again later' }
      }
      if (message.to[0] === 'inconnu@exemple.example') return { kind: 'reject', code: 550, message: '5.1.1 No such user' }
      return { kind: 'accept' }
    }
    try {
      for (const email of ['ok@exemple.example', 'greylist@exemple.example', 'inconnu@exemple.example'])
        await register(t, event.slug, person({ email }))
      await t.mail.drain()
      const progress = async () =>
        (await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/mail`)).json<MailProgress>()
      let now = await progress()
      expect(now.all).toMatchObject({ total: 3, sent: 1, failed: 1, waiting: 1 })
      const failed = now.jobs.find((j) => j.recipient === 'inconnu@exemple.example')
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('No such user') })
      const waiting = now.jobs.find((j) => j.recipient === 'greylist@exemple.example')!
      // First retry after the base delay (jitter pinned to its maximum), then double.
      expect(Date.parse(waiting.nextAttemptAt) - clock.ms).toBe(60_000)
      clock.advance(59_999)
      expect(await t.mail.drain()).toBe(0)
      clock.advance(1)
      await t.mail.drain()
      now = await progress()
      expect(Date.parse(now.jobs.find((j) => j.recipient === 'greylist@exemple.example')!.nextAttemptAt) - clock.ms).toBe(120_000)
      clock.advance(120_000)
      await t.mail.drain()
      now = await progress()
      expect(now.all).toMatchObject({ total: 3, sent: 2, failed: 1, waiting: 0 })
      expect(smtp.accepted.filter((m) => m.to[0] === 'greylist@exemple.example')).toHaveLength(1)
      expect(smtp.seen.filter((m) => m.to[0] === 'greylist@exemple.example')).toHaveLength(3)
    } finally {
      smtp.decide = () => ({ kind: 'accept' })
    }
  })
})

describe('several senders on one database', () => {
  it('send each of 40 messages exactly once', { timeout: 60_000 }, async () => {
    const database = await testDatabase()
    const options = { ...testMailOptions(), smtpUrl: smtp.url, from: FROM }
    // 40 sign-ups from one address: more than the form allows a minute, which is not what this test is about.
    const limits = { ...DEFAULT_LIMITS, registration: { perAttendee: 0, perAddress: 1000 } }
    const a = await startTestApp({ database, mail: options, now: clock.now, limits })
    const b = await startTestApp({ database, mail: options, now: clock.now })
    try {
      clock.set('2020-05-12T10:00:00Z')
      const event = await createEvent(a)
      const emails = Array.from({ length: 40 }, (_, i) => `parallele.${i}@exemple.example`)
      for (const email of emails) await register(a, event.slug, person({ email }))
      await Promise.all([a.mail.drain(), b.mail.drain(), a.mail.drain(), b.mail.drain()])
      await eventually(async () => {
        const progress = (await a.app.inject({ url: `/api/events/${event.slug}/mail`, headers: bearer(event.organiserToken) })).json()
        expect(progress.all).toMatchObject({ total: 40, sent: 40 })
      })
      const received = smtp.accepted.filter((m) => m.to[0]!.startsWith('parallele.')).map((m) => m.to[0])
      expect(received.sort()).toEqual([...emails].sort())
    } finally {
      await a.close()
      await b.close()
      await database.close()
    }
  })
})
