// Exactly once across a kill -9 in the middle of a send, with real server processes and a real SMTP server.
// Killed before the server accepted (it was holding its answer): the new process sends the message again, and the
// recipient gets one. Killed after the server accepted but before the commit: the only window left, where the
// message goes again byte for byte, with the same Message-ID (at-least-once, as ARCHITECTURE.md explains).
import { afterAll, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/eventually'
import { person } from '../helpers/organiser'
import { type ServerProcess, STORE_KINDS, freePort, freshStore, startServer } from '../helpers/process'
import { deferred, type Received, startSmtp, type TestSmtp } from '../helpers/smtp'

const running: ServerProcess[] = []
const cleanups: (() => void)[] = []
const smtps: TestSmtp[] = []
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL')
  for (const smtp of smtps) await smtp.close()
  for (const cleanup of cleanups) cleanup()
})

const ADMIN = 'restart-admin-token-0123456789'
const isInvitation = (m: Received) => m.raw.includes('text/calendar')

describe.each(STORE_KINDS)('e-mail delivery across restarts on %s', (kind) => {
  it('kill -9 while the SMTP server holds a message, and after it accepted one: nothing lost, one Message-ID each', async () => {
    const smtp = await startSmtp()
    smtps.push(smtp)
    const store = await freshStore(kind, 'mailrestart')
    cleanups.push(store.cleanup)
    const port = await freePort()
    const env = {
      ...store.env,
      PORT: String(port),
      ADMIN_TOKEN: ADMIN,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'DAECT <webinaire@tribune.test>',
      MAIL_LEASE_SECONDS: '2',
    }

    const first = await startServer(env)
    running.push(first)
    // A webinar to come (the default one is in 2020: its registrants' retention period is long over).
    const created = await fetch(`http://127.0.0.1:${port}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'webinaire-redemarrage',
        title: 'Webinaire de reprise',
        timeZone: 'Europe/Paris',
        date: '2099-05-19',
        segments: [{ title: 'Séance', start: '15:00', end: '16:00' }],
      }),
    })
    expect(created.status).toBe(201)
    const { links } = (await created.json()) as { links: { organiser: string } }
    const token = new URL(links.organiser).hash.slice('#token='.length)
    const base = `http://127.0.0.1:${port}/api/events/webinaire-redemarrage`
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const people = Array.from({ length: 6 }, (_, i) => person({ email: `redemarrage.${kind}.${i}@exemple.example` }))
    for (const p of people) expect((await call('POST', '/registrations', p)).status).toBe(201)
    await eventually(() => expect(smtp.accepted.filter((m) => !isInvitation(m))).toHaveLength(6), { timeout: 20_000 })

    // Window 1: the third invitation is held by the server, unanswered, when the process dies.
    const held = deferred<Received>()
    let invitations = 0
    smtp.decide = (message) => {
      if (!isInvitation(message)) return { kind: 'accept' }
      invitations += 1
      if (invitations !== 3) return { kind: 'accept' }
      held.resolve(message)
      return { kind: 'hold', release: new Promise<'drop'>(() => {}) }
    }
    expect((await call('POST', '/invitations', {})).status).toBe(200)
    const interrupted = await held.promise
    first.child.kill('SIGKILL')
    await first.stop()

    const second = await startServer(env)
    running.push(second)
    await eventually(() => expect(smtp.accepted.filter(isInvitation)).toHaveLength(6), { timeout: 30_000 })
    const byRecipient = (to: string) => smtp.accepted.filter((m) => isInvitation(m) && m.to[0] === to)
    for (const p of people) expect(byRecipient(p.email)).toHaveLength(1)
    // The message sent again is the one that was interrupted: same bytes, same Message-ID.
    const resent = byRecipient(interrupted.to[0]!)[0]!
    expect(resent.messageId).toBe(interrupted.messageId)
    expect(resent.raw).toBe(interrupted.raw)

    // Window 2: the server accepts the next invitation while the process is stopped, then the process dies.
    const late = person({ email: `tardif.${kind}@exemple.example` })
    expect((await call('POST', '/registrations', late)).status).toBe(201)
    const accepted = deferred<Received>()
    smtp.decide = (message) => {
      if (!isInvitation(message) || message.to[0] !== late.email || invitations > 7) return { kind: 'accept' }
      invitations += 1
      process.kill(second.child.pid!, 'SIGSTOP')
      accepted.resolve(message)
      return { kind: 'hold', release: Promise.resolve('accept') }
    }
    expect((await call('POST', '/invitations', {})).status).toBe(200)
    await accepted.promise
    await eventually(() => expect(byRecipient(late.email)).toHaveLength(1))
    second.child.kill('SIGKILL')
    await second.stop()

    const third = await startServer(env)
    running.push(third)
    await eventually(() => expect(byRecipient(late.email)).toHaveLength(2), { timeout: 30_000 })
    const [once, twice] = byRecipient(late.email)
    expect(twice!.messageId).toBe(once!.messageId)
    expect(twice!.raw).toBe(once!.raw)

    const progress = await eventually(async () => {
      const body = (await (await call('GET', '/mail')).json()) as { invitations: { total: number; sent: number; failed: number } }
      expect(body.invitations).toMatchObject({ total: 7, sent: 7, failed: 0 })
      return body
    })
    expect(progress.invitations.total).toBe(7)
    // Every other recipient still has exactly one invitation.
    for (const p of people) expect(byRecipient(p.email)).toHaveLength(1)
    await third.stop()
  }, 180_000)
})
