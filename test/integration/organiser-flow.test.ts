// The organiser's webinar with the default event, driven by an injected clock: a person registers, the organiser
// approves, the invitation is in the outbox at 08:00 on the day with a personal link that works. Then the
// organiser's set-up: the agenda edited with the API's own checks, and new links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Change } from '../../server/contract/realtime'
import { ensureDefaultEvent } from '../../server/events/ensure-default'
import { ADMIN_TOKEN, startTestApp, type TestApp, testMailOptions, tokenOf } from '../helpers/app'
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
import { connectError, connectScreen } from '../helpers/socket'

const clock = new ManualClock(Date.parse('2020-05-12T09:00:00Z'))
const mail = testMailOptions()
let t: TestApp
let organiser: string
const SLUG = 'daect-2020-05-19'

beforeAll(async () => {
  t = await startTestApp({ now: clock.now, mail, listen: true })
  const created = await ensureDefaultEvent(t.services)
  organiser = tokenOf(created!.links.organiser)
})
afterAll(() => t.close())

describe('the default event, from registration to the morning invitation', () => {
  it('registers, waits for approval, and gets the invitation in the outbox at 08:00 on 19 May with a working link', async () => {
    const page = (await t.app.inject(`/api/events/${SLUG}/registration`)).json()
    expect(page).toMatchObject({
      state: 'open',
      approval: 'manual',
      priorityType: 'local_authority',
      closesAt: '2020-05-18T00:00:00+02:00',
    })

    const who = person({ name: 'Claude Exemple', organisation: 'Commune de Test', email: 'claude@commune-test.example' })
    expect((await register(t, SLUG, who)).json()).toEqual({ status: 'pending' })
    const [registration] = await registrations(t, SLUG, organiser)
    const approved = await organiserCall(t, organiser, 'POST', `/api/events/${SLUG}/registrations/${registration!.id}/decision`, {
      decision: 'approve',
    })
    expect(approved.json().status).toBe('approved')
    await t.mail.tick()
    const early = outboxFiles(mail.outboxDir, SLUG)
    expect(early.map((f) => f.name)).toEqual([expect.stringMatching(/-confirmation-/), expect.stringMatching(/-decision-/)])
    expect((await parseMail(early[1]!.content)).subject).toBe(
      `Inscription acceptée : Face à la crise du COVID 19, l'adaptation de la coopération décentralisée`,
    )

    clock.set('2020-05-19T05:59:59Z')
    await t.mail.schedule()
    await t.mail.drain()
    expect(outboxFiles(mail.outboxDir, SLUG).filter((f) => f.name.includes('invitation'))).toEqual([])
    clock.set('2020-05-19T06:00:00Z')
    await t.mail.schedule()
    await t.mail.drain()
    const [invitation] = outboxFiles(mail.outboxDir, SLUG).filter((f) => f.name.includes('invitation'))
    expect(invitation).toBeDefined()

    // The organiser page lists it, and serves the very file.
    const progress = (await organiserCall(t, organiser, 'GET', `/api/events/${SLUG}/mail`)).json()
    expect(progress).toMatchObject({ transport: 'outbox', invitations: { total: 1, sent: 1, failed: 0, waiting: 0 } })
    const job = progress.jobs.find((j: { kind: string }) => j.kind === 'invitation')
    expect(job.file).toBe(invitation!.name)
    const served = await organiserCall(t, organiser, 'GET', `/api/events/${SLUG}/mail/${job.id}/eml`)
    expect(served.headers['content-type']).toContain('message/rfc822')
    expect(served.body).toBe(invitation!.content)

    const message = await parseMail(invitation!.content)
    expect(message.to).toMatchObject({ value: [{ address: 'claude@commune-test.example' }] })
    const secret = inviteSecret(message)
    const joined = await t.app.inject({ method: 'POST', url: `/api/events/${SLUG}/attendees/invited`, payload: { invitation: secret } })
    expect(joined.json()).toMatchObject({ displayName: 'Claude Exemple', organisation: 'Commune de Test' })
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/events/${SLUG}/questions`,
      headers: bearer(joined.json().token),
      payload: {
        text: 'Comment maintenir nos partenariats ?',
        displayName: 'Claude Exemple',
        organisation: 'Commune de Test',
        idempotencyKey: 'flow-question-1',
      },
    })
    expect(asked.statusCode).toBe(201)
    expect((await registrations(t, SLUG, organiser))[0]).toMatchObject({ invitation: 'sent', joined: true })

    // Revoking the personal link drops the page opened with it, and its session cannot come back.
    const attendeePage = await connectScreen(t.url, { slug: SLUG, token: joined.json().token })
    const dropped = new Promise<string>((resolve) => attendeePage.socket.once('disconnect', resolve))
    const revoked = await organiserCall(t, organiser, 'DELETE', `/api/events/${SLUG}/registrations/${registration!.id}/link`)
    expect(revoked.statusCode).toBe(200)
    expect(await dropped).toBe('io server disconnect')
    expect((await connectError(t.url, { slug: SLUG, token: joined.json().token })).data).toMatchObject({ code: 'forbidden' })
  })
})

describe('the event and its agenda, edited by the organiser', () => {
  it('goes through the same checks as creation, and every screen gets the new agenda', async () => {
    const put = (body: object, token = organiser) =>
      t.app.inject({ method: 'PUT', url: `/api/events/${SLUG}`, headers: bearer(token), payload: body })
    const current = (await t.app.inject(`/api/events/${SLUG}`)).json()
    const body = {
      title: current.title,
      organiser: current.organiser,
      timeZone: 'Europe/Paris',
      date: '2020-05-19',
      segments: [
        { title: 'Ouverture', start: '14:30', end: '15:00', speakers: ['Direction'] },
        { title: 'Témoignages', start: '15:00', end: '16:00' },
        { title: 'Questions-réponses', kind: 'qa', start: '16:00', end: '17:30', overrun: 'absorb', minDurationMinutes: 10 },
      ],
    }
    const bad = await put({ ...body, timeZone: 'Europe/Lutece' }, organiser)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'invalid_input', params: { field: 'timeZone' } })
    expect((await put({ ...body, segments: [{ title: 'X', start: '25:00', end: '26:00' }] })).json().params.field).toBe('segments.0.start')
    const moderator = tokenOf((await t.services.events.rotateLinks(SLUG)).moderator)
    organiser = tokenOf((await organiserCall(t, ADMIN_TOKEN, 'POST', `/api/events/${SLUG}/links`)).json().organiser)
    expect((await put(body, moderator)).statusCode).toBe(403)

    const screen = await connectScreen(t.url, { slug: SLUG })
    try {
      const saved = await put(body)
      expect(saved.statusCode).toBe(200)
      expect(saved.json().segments.map((s: { plannedStart: string }) => s.plannedStart)).toEqual([
        '2020-05-19T14:30:00+02:00',
        '2020-05-19T15:00:00+02:00',
        '2020-05-19T16:00:00+02:00',
      ])
      await eventually(() => {
        const change = screen.received.find((c): c is Extract<Change, { type: 'event' }> => c.type === 'event')
        expect(change?.event.segments).toHaveLength(3)
      })
    } finally {
      screen.close()
    }
  })

  it('rotates the links: the previous organiser link stops working at once', async () => {
    const before = organiser
    const rotated = await organiserCall(t, before, 'POST', `/api/events/${SLUG}/links`)
    expect(rotated.statusCode).toBe(200)
    const links = rotated.json()
    expect(Object.keys(links).sort()).toEqual(['attendee', 'moderator', 'organiser', 'screen', 'speaker'])
    expect((await organiserCall(t, before, 'GET', `/api/events/${SLUG}/organiser`)).statusCode).toBe(403)
    organiser = tokenOf(links.organiser)
    const overview = (await organiserCall(t, organiser, 'GET', `/api/events/${SLUG}/organiser`)).json()
    expect(overview.schedule).toMatchObject({ invitationAt: '2020-05-19T08:00:00+02:00', closesAt: '2020-05-18T00:00:00+02:00' })
    expect(overview.operator).toBe(false)
  })

  it('lets the operator create and list events without curl’s help, and nobody else', async () => {
    const list = await organiserCall(t, ADMIN_TOKEN, 'GET', '/api/events')
    expect(list.json().map((e: { slug: string }) => e.slug)).toContain(SLUG)
    expect((await organiserCall(t, organiser, 'GET', '/api/events')).statusCode).toBe(403)
    expect((await t.app.inject('/api/events')).statusCode).toBe(401)
  })
})
