// Where messages go: an SMTP server (SMTP_URL) through nodemailer, or .eml files in DATA_DIR/outbox without one.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'

export interface OutgoingMessage {
  from: string
  to: string
  subject: string
  text: string
  html: string
  messageId: string
  date: Date
  ics: string | null
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox'
  /** Sends the raw message once; throws a SendFailure-classifiable error when it could not. */
  send(raw: string, envelope: { from: string; to: string; folder: string; file: string }): Promise<void>
  close(): void
}

/** The RFC 5322 message, built once: every attempt then sends the same bytes, Message-ID and Date included. */
export async function compose(message: OutgoingMessage): Promise<string> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: message.ics
      ? [{ filename: 'webinaire.ics', content: message.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }]
      : [],
  })
  const raw = await composer.compile().build()
  return raw.toString('utf8')
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    // A stuck server must not hold a job for ever: the lease is renewed while we wait, so these bound the wait.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  })
  return {
    kind: 'smtp',
    async send(raw, envelope) {
      await transporter.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw })
    },
    close: () => transporter.close(),
  }
}

/** Files named after the job: a retry rewrites the same file (write, then rename), never a second one. */
export function outboxTransport(dir: string): MailTransport {
  return {
    kind: 'outbox',
    async send(raw, envelope) {
      const folder = path.join(dir, envelope.folder)
      await mkdir(folder, { recursive: true })
      const target = path.join(folder, envelope.file)
      await writeFile(`${target}.tmp`, raw, 'utf8')
      await rename(`${target}.tmp`, target)
    },
    close: () => {},
  }
}

/** Removes outbox files (erasure, retention, a deleted event). Missing files are fine. */
export async function removeOutboxFiles(dir: string, folder: string, files: readonly string[] | 'all'): Promise<void> {
  const base = path.join(dir, safeName(folder))
  if (files === 'all') return rm(base, { recursive: true, force: true })
  await Promise.all(files.map((file) => rm(path.join(base, safeName(file)), { force: true })))
}

/** Folder and file names come from slugs and ids, but are checked anyway: nothing may leave the outbox. */
export function safeName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) throw new Error(`unsafe outbox name: ${name}`)
  return name
}

export interface SendFailure {
  /** 4xx replies, lost connections, timeouts, a full disk: worth another try later. */
  temporary: boolean
  message: string
}

/** RFC 5321: 5yz is a permanent refusal (503, a bad command sequence, is not about the message); the rest is temporary. */
export function classifySendError(error: unknown): SendFailure {
  const e = (error ?? {}) as { responseCode?: number; response?: string; code?: string; message?: string }
  const message = (e.response ?? e.message ?? String(error)).slice(0, 500)
  if (typeof e.responseCode === 'number') {
    return { temporary: !(e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503), message }
  }
  return { temporary: true, message: e.code ? `${e.code}: ${message}` : message }
}
