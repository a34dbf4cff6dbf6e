// Registration over HTTP: the window in the event's zone, one registration per address, capacity and the waiting
// list, approval in priority order, who may see registrants, personal links, erasure and export on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemView } from '../../server/contract/schemas'
import { createEvent, joinAsAttendee, startTestApp, type TestApp, testMailOptions } from '../helpers/app'
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

const clock = new ManualClock(Date.parse('2020-05-12T10:00:00Z'))
const mail = testMailOptions()
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ now: clock.now, mail })
})
afterAll(() => t.close())

describe('the registration window', () => {
  it('closes by default the day before at 00:00 in the event zone, then says so with the contact, in French and English', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, {
      contactName: 'Secrétariat',
      contactEmail: 'Contact@Example.org',
    })
    const open = (await t.app.inject(`/api/events/${event.slug}/registration`)).json()
    // « avant le 18 mai » for an event on 19 May, Paris time.
    expect(open).toMatchObject({ state: 'open', closesAt: '2020-05-18T00:00:00+02:00', full: false })
    expect(open.contact).toEqual({ name: 'Secrétariat', email: 'contact@example.org', phone: '' })

    clock.set('2020-05-17T21:59:00Z')
    expect((await register(t, event.slug, person())).statusCode).toBe(201)
    clock.set('2020-05-17T22:00:00Z')
    expect((await t.app.inject(`/api/events/${event.slug}/registration`)).json().state).toBe('closed')
    const fr = await register(t, event.slug, person())
    expect(fr.statusCode).toBe(409)
    expect(fr.json()).toMatchObject({ code: 'registration_closed' })
    expect(fr.json().message).toBe(
      'Les inscriptions sont closes depuis le 18 mai 2020 à 00:00 (Europe/Paris). Contact : Secrétariat, contact@example.org.',
    )
    const en = await register(t, event.slug, person(), 'en')
    expect(en.json().message).toBe('Registration closed on 18 May 2020 at 00:00 (Europe/Paris). Contact: Secrétariat, contact@example.org.')
  })

  it('opens at the set local time and not before', async () => {
    clock.set('2020-05-01T07:59:00Z')
    const event = await createEvent(t)
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, {
      opensAt: '2020-05-01T10:00',
      closesAt: '2020-05-19T12:00',
    })
    const early = await register(t, event.slug, person())
    expect(early.json()).toMatchObject({ code: 'registration_not_open' })
    clock.set('2020-05-01T08:00:00Z')
    expect((await register(t, event.slug, person())).statusCode).toBe(201)
    clock.set('2020-05-19T09:59:00Z')
    expect((await register(t, event.slug, person())).statusCode).toBe(201)
  })
})

describe('registering', () => {
  it('the same address twice (any case) updates the registration and never duplicates it', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    const first = person({ email: 'Camille.Test@Mairie.example' })
    expect((await register(t, event.slug, first)).json()).toEqual({ status: 'approved' })
    const again = await register(t, event.slug, {
      ...first,
      email: 'camille.TEST@mairie.example',
      organisation: 'Mairie renommée',
      lang: 'en',
    })
    expect(again.json()).toEqual({ status: 'approved' })
    const list = await registrations(t, event.slug, event.organiserToken)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ email: 'camille.test@mairie.example', organisation: 'Mairie renommée', lang: 'en', status: 'approved' })
    // A confirmation for the registration, then one for the update.
    const progress = (await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/mail`)).json()
    expect(progress.jobs.map((j: { kind: string }) => j.kind)).toEqual(['confirmation', 'confirmation'])
  })

  it('refuses a form without consent, with a bad address or an unknown organisation type', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    const noConsent = await register(t, event.slug, { ...person(), consent: false as unknown as true })
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.json().params.field).toBe('consent')
    expect((await register(t, event.slug, person({ email: 'pas-une-adresse' }))).json().params.field).toBe('email')
    const badType = await register(t, event.slug, { ...person(), organisationType: 'club' as never })
    expect(badType.json().params.field).toBe('organisationType')
    expect(await registrations(t, event.slug, event.organiserToken)).toEqual([])
  })

  it('fills the places, then the waiting list; a place that frees up goes to the first waiting', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, { capacity: 2 })
    const statuses = []
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await register(t, event.slug, person())).json().status)
      clock.advance(1000)
    }
    expect(statuses).toEqual(['approved', 'approved', 'waitlisted', 'waitlisted'])
    expect((await t.app.inject(`/api/events/${event.slug}/registration`)).json().full).toBe(true)
    const [first, , third] = await registrations(t, event.slug, event.organiserToken)
    expect(
      (await organiserCall(t, event.organiserToken, 'DELETE', `/api/events/${event.slug}/registrations/${first!.id}`)).statusCode,
    ).toBe(204)
    const after = await registrations(t, event.slug, event.organiserToken)
    expect(after.find((r) => r.id === third!.id)!.status).toBe('approved')
    const decisions = (await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/mail`))
      .json()
      .jobs.filter((j: { kind: string }) => j.kind === 'decision')
    expect(decisions).toHaveLength(1)
  })

  it('by the organiser: priority audience first, up to the capacity, the rest on the waiting list', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, {
      approval: 'manual',
      priorityType: 'local_authority',
      capacity: 3,
    })
    const types = ['company', 'local_authority', 'association', 'local_authority', 'local_authority', 'public_body'] as const
    for (const organisationType of types) {
      expect((await register(t, event.slug, person({ organisationType }))).json().status).toBe('pending')
      clock.advance(1000)
    }
    const listed = await registrations(t, event.slug, event.organiserToken)
    expect(listed.map((r) => r.priority)).toEqual([true, true, true, false, false, false])
    const result = await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/registrations/priority-approval`)
    expect(result.json()).toEqual({ approved: 3, waitlisted: 3 })
    const decided = await registrations(t, event.slug, event.organiserToken)
    expect(decided.filter((r) => r.status === 'approved').map((r) => r.organisationType)).toEqual([
      'local_authority',
      'local_authority',
      'local_authority',
    ])

    const company = decided.find((r) => r.organisationType === 'company')!
    const full = await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/registrations/${company.id}/decision`, {
      decision: 'approve',
    })
    expect(full.statusCode).toBe(409)
    expect(full.json()).toMatchObject({ code: 'registration_full', params: { capacity: 3 } })
    const declined = await organiserCall(
      t,
      event.organiserToken,
      'POST',
      `/api/events/${event.slug}/registrations/${company.id}/decision`,
      { decision: 'decline' },
    )
    expect(declined.json().status).toBe('declined')
    // Filters: status, type and text.
    expect(await registrations(t, event.slug, event.organiserToken, '?status=declined')).toHaveLength(1)
    expect(await registrations(t, event.slug, event.organiserToken, '?organisationType=association')).toHaveLength(1)
    expect(await registrations(t, event.slug, event.organiserToken, `?q=${encodeURIComponent(company.name!)}`)).toHaveLength(1)
  })
})

describe('who sees registrants', () => {
  it('only the organiser and the operator: not moderators, speakers, attendees or the public', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    const secret = person({ email: 'confidentiel@exemple.example' })
    await register(t, event.slug, secret)
    const attendee = await joinAsAttendee(t, event.slug)
    const url = `/api/events/${event.slug}/registrations`
    expect((await t.app.inject(url)).statusCode).toBe(401)
    for (const token of [event.moderatorToken, event.speakerToken, attendee.token]) {
      expect((await t.app.inject({ url, headers: bearer(token) })).json().code).toBe('forbidden')
      expect((await t.app.inject({ url: `/api/events/${event.slug}/organiser`, headers: bearer(token) })).statusCode).toBe(403)
    }
    expect((await t.app.inject({ url, headers: bearer('test-admin-token-0123456789') })).json()).toHaveLength(1)
    for (const path of ['', '/registration', '/questions', '/clock', '/export.json']) {
      const body = (await t.app.inject({ url: `/api/events/${event.slug}${path}`, headers: bearer(event.moderatorToken) })).body
      expect(body).not.toContain('confidentiel@')
    }
  })
})

describe('personal links', () => {
  it('open a session bound to the registration, with the name prefilled; revoking ends the link and its sessions', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    const who = person({ name: 'Dominique Exemple', organisation: 'Département test' })
    await register(t, event.slug, who)
    const [registration] = await registrations(t, event.slug, event.organiserToken)
    await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/invitations`, {})
    await t.mail.drain()
    const [invitation] = outboxFiles(mail.outboxDir, event.slug).filter((f) => f.name.includes('invitation'))
    const link = inviteSecret(await parseMail(invitation!.content))

    const joined = await t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees/invited`, payload: { invitation: link } })
    expect(joined.statusCode).toBe(201)
    expect(joined.json()).toMatchObject({ displayName: 'Dominique Exemple', organisation: 'Département test', lang: 'fr' })
    const session = joined.json().token as string
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: bearer(session),
      payload: { text: 'Quels financements pour 2021 ?', displayName: 'Dominique Exemple', idempotencyKey: 'invited-question-1' },
    })
    expect(asked.statusCode).toBe(201)
    expect((await registrations(t, event.slug, event.organiserToken))[0]).toMatchObject({
      joined: true,
      linkActive: true,
      invitation: 'sent',
    })

    const revoked = await organiserCall(
      t,
      event.organiserToken,
      'DELETE',
      `/api/events/${event.slug}/registrations/${registration!.id}/link`,
    )
    expect(revoked.json()).toMatchObject({ linkActive: false })
    const again = await t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees/invited`, payload: { invitation: link } })
    expect(again.json()).toMatchObject({ code: 'invitation_invalid' })
    const after = await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: bearer(session) })
    expect(after.statusCode).toBe(403)
  })
})

describe('the person’s rights', () => {
  it('export on request, then erasure: identity gone from the registration, e-mails, sessions and signed questions', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await register(t, event.slug, person({ name: 'Alix Effacer', email: 'alix@effacer.example', contactConsent: true }))
    const [registration] = await registrations(t, event.slug, event.organiserToken)
    await organiserCall(t, event.organiserToken, 'POST', `/api/events/${event.slug}/invitations`, {})
    await t.mail.drain()
    const eml = outboxFiles(mail.outboxDir, event.slug).find((f) => f.name.includes('invitation'))!
    const link = inviteSecret(await parseMail(eml.content))
    const session = (
      await t.app.inject({ method: 'POST', url: `/api/events/${event.slug}/attendees/invited`, payload: { invitation: link } })
    ).json()
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${event.slug}/questions`,
      headers: bearer(session.token),
      payload: { text: 'Une question signée ?', displayName: 'Alix Effacer', organisation: 'Mairie', idempotencyKey: 'erase-question-1' },
    })
    const question = asked.json() as ItemView

    const exported = await organiserCall(
      t,
      event.organiserToken,
      'GET',
      `/api/events/${event.slug}/registrations/${registration!.id}/export`,
    )
    const data = JSON.parse(exported.body)
    expect(data.registration).toMatchObject({ email: 'alix@effacer.example', name: 'Alix Effacer', contactConsent: true })
    expect(data.registration.consentText).toContain('J’accepte')
    expect(data.asked.map((q: { text: string }) => q.text)).toEqual(['Une question signée ?'])
    expect(data.mails.map((m: { kind: string }) => m.kind).sort()).toEqual(['confirmation', 'invitation'])

    await organiserCall(t, event.organiserToken, 'DELETE', `/api/events/${event.slug}/registrations/${registration!.id}`)
    const [erased] = await registrations(t, event.slug, event.organiserToken)
    expect(erased).toMatchObject({ email: null, name: null, organisation: null, linkActive: false })
    expect(erased!.erasedAt).not.toBeNull()
    expect(outboxFiles(mail.outboxDir, event.slug)).toEqual([])
    const jobs = (await organiserCall(t, event.organiserToken, 'GET', `/api/events/${event.slug}/mail`)).json().jobs
    expect(jobs.every((j: { recipient: string | null }) => j.recipient === null)).toBe(true)
    const items = (
      await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: bearer(event.moderatorToken) })
    ).json() as ItemView[]
    expect(items.find((i) => i.id === question.id)!.author).toMatchObject({ name: null, organisation: null, anonymous: true })
    expect((await t.app.inject({ url: `/api/events/${event.slug}/questions`, headers: bearer(session.token) })).statusCode).toBe(403)
  })

  it('erases every registrant once the retention period after the event is over', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await organiserCall(t, event.organiserToken, 'PATCH', `/api/events/${event.slug}/registration`, { retentionDays: 30 })
    await register(t, event.slug, person())
    await register(t, event.slug, person())
    // The event ends at 16:00 Paris time on 19 May: 30 days later is 18 June, 14:00 UTC.
    clock.set('2020-06-18T13:59:00Z')
    await t.mail.schedule()
    expect((await registrations(t, event.slug, event.organiserToken)).every((r) => r.erasedAt === null)).toBe(true)
    clock.set('2020-06-18T14:00:00Z')
    await t.mail.schedule()
    const after = await registrations(t, event.slug, event.organiserToken)
    expect(after).toHaveLength(2)
    expect(after.every((r) => r.email === null && r.erasedAt !== null)).toBe(true)
  })

  it('deleting the event (operator) deletes its registrations and outbox', async () => {
    clock.set('2020-05-12T10:00:00Z')
    const event = await createEvent(t)
    await register(t, event.slug, person())
    await t.mail.drain()
    expect(outboxFiles(mail.outboxDir, event.slug)).toHaveLength(1)
    expect((await organiserCall(t, event.organiserToken, 'DELETE', `/api/events/${event.slug}`)).statusCode).toBe(403)
    expect((await organiserCall(t, 'test-admin-token-0123456789', 'DELETE', `/api/events/${event.slug}`)).statusCode).toBe(204)
    expect(outboxFiles(mail.outboxDir, event.slug)).toEqual([])
    expect((await t.app.inject(`/api/events/${event.slug}/registration`)).statusCode).toBe(404)
  })
})
