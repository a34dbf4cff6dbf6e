// An attendee's question draft: the payload to send and the idempotency key that makes a retry safe.
import { cleanText, textLength } from '../../../server/contract/text'
import type { AskInput } from '../../../server/contract/schemas'

export interface DraftFields {
  text: string
  anonymous: boolean
  displayName: string
  organisation: string
}

/**
 * A random key the contract accepts (8–64 of [A-Za-z0-9_-]). crypto.randomUUID only exists in secure contexts,
 * so a page opened over plain http on a LAN address falls back to getRandomValues.
 */
export function newIdempotencyKey(cryptoImpl: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID()
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** One key per draft: kept across failed attempts (so a retry is recognised), renewed once a send succeeds. */
export class DraftKey {
  #key: string | null = null

  constructor(private readonly generate: () => string = () => newIdempotencyKey()) {}

  get current(): string {
    this.#key ??= this.generate()
    return this.#key
  }

  /** The draft was accepted: the next question is a new draft. */
  renew(): void {
    this.#key = null
  }
}

/** The socket payload for a draft. Anonymous questions carry no name; blank optional fields are left out. */
export function askInput(fields: DraftFields, idempotencyKey: string): AskInput {
  const input: AskInput = { text: fields.text, idempotencyKey }
  if (fields.anonymous) {
    input.anonymous = true
    return input
  }
  const displayName = fields.displayName.trim()
  const organisation = fields.organisation.trim()
  if (displayName) input.displayName = displayName
  if (organisation) input.organisation = organisation
  return input
}

/** Characters as the server counts them against the limit: the same normalisation, the same count. */
export function questionLength(text: string): number {
  return textLength(cleanText(text, { multiline: true }))
}
