// Registration and organiser helpers: a manual clock, sign-ups through the public API, the organiser's calls.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type ParsedMail, simpleParser } from 'mailparser'
import type { RegisterInput, RegistrationView } from '../../server/contract/registration'
import type { TestApp } from './app'

/** A clock the test moves by hand: registration windows, the e-mail schedule and leases read it. */
export class ManualClock {
  constructor(public ms: number) {}
  readonly now = () => new Date(this.ms)
  set(iso: string): void {
    this.ms = Date.parse(iso)
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

let people = 0

export function person(overrides: Partial<RegisterInput> = {}): RegisterInput {
  people += 1
  return {
    name: `Personne ${people}`,
    email: `personne.${people}@commune-${people}.example`,
    organisation: `Commune test ${people}`,
    organisationType: 'local_authority',
    lang: 'fr',
    consent: true,
    ...overrides,
  }
}

export async function register(t: TestApp, slug: string, input: RegisterInput, lang = 'fr') {
  return t.app.inject({
    method: 'POST',
    url: `/api/events/${slug}/registrations`,
    headers: { 'accept-language': lang },
    payload: input,
  })
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}

export async function registrations(t: TestApp, slug: string, token: string, query = ''): Promise<RegistrationView[]> {
  const response = await t.app.inject({ url: `/api/events/${slug}/registrations${query}`, headers: bearer(token) })
  if (response.statusCode !== 200) throw new Error(`registrations: ${response.statusCode} ${response.body}`)
  return response.json()
}

export async function organiserCall(
  t: TestApp,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return t.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) })
}

/** The .eml files written for an event, oldest first. */
export function outboxFiles(outboxDir: string, slug: string): { name: string; content: string }[] {
  const folder = path.join(outboxDir, slug)
  let names: string[]
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.eml'))
  } catch {
    return []
  }
  return names.sort().map((name) => ({ name, content: readFileSync(path.join(folder, name), 'utf8') }))
}

export function parseMail(raw: string | Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipImageLinks: true })
}

/** The personal join link's secret in a message's plain text. */
export function inviteSecret(mail: ParsedMail): string {
  const match = /#invite=([\w-]+)/.exec(mail.text ?? '')
  if (!match) throw new Error(`no personal link in:\n${mail.text}`)
  return match[1]!
}
