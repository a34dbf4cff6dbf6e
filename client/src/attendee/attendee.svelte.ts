// The attendee page's state: the attendee session, the live stream and the question draft.
import type { ItemView } from '../../../server/contract/schemas'
import { ApiError, joinEvent } from '../lib/api'
import { forgetAttendee, loadAttendee, saveAttendee, takeInvitation, type KeyValueStore } from '../lib/credentials'
import { LANG_STORAGE_KEY } from '../lib/i18n'
import { joinWithInvitation } from '../lib/organiser-api'
import { askInput, DraftKey, questionLength } from '../lib/draft'
import { i18n } from '../lib/i18n.svelte'
import type { MessageKey } from '../lib/i18n'
import type { PublishedSort } from '../lib/queue'
import { EventStream, type ClientError } from '../lib/stream.svelte'

function localStore(): KeyValueStore | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

const memoryStore = (): KeyValueStore => {
  // Not reactive on purpose: a fallback store for browsers without localStorage, read on demand.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const values = new Map<string, string>()
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  }
}

/** The ask form: fields, sending state, the server's error and a polite confirmation. */
export class AskDraft {
  text = $state('')
  displayName = $state('')
  organisation = $state('')
  anonymous = $state(false)
  sending = $state(false)
  error = $state<string | null>(null)
  confirmation = $state<MessageKey | null>(null)
  readonly #key = new DraftKey()

  constructor(private readonly stream: EventStream) {}

  get length(): number {
    return questionLength(this.text)
  }

  async submit(): Promise<void> {
    if (this.sending) return
    this.sending = true
    this.error = null
    this.confirmation = null
    const fields = { text: this.text, anonymous: this.anonymous, displayName: this.displayName, organisation: this.organisation }
    const ack = await this.stream.ask(askInput(fields, this.#key.current))
    this.sending = false
    if (!ack.ok) {
      this.error = ack.error.message // same key kept: retrying this draft cannot create a second question
      return
    }
    this.#key.renew()
    this.text = ''
    this.confirmation = ack.value.status === 'pending' ? 'ask.sentPending' : 'ask.sentPublished'
  }
}

/** « Moi aussi »: one upvote per attendee and question, given or taken back; the server's answer is the truth. */
export class Votes {
  busy = $state<Record<string, boolean>>({})
  /** The last vote's failure (too many votes in a row, question answered meanwhile…), as the server worded it. */
  error = $state<string | null>(null)

  constructor(private readonly stream: EventStream) {}

  has(id: string): boolean {
    return this.stream.queue.votedIds.has(id)
  }

  async toggle(item: ItemView): Promise<void> {
    if (this.busy[item.id]) return
    this.busy[item.id] = true
    const ack = await this.stream.vote({ id: item.id, up: !this.has(item.id) })
    delete this.busy[item.id]
    this.error = ack.ok ? null : ack.error.message
  }
}

export class AttendeeApp {
  readonly stream: EventStream
  readonly draft: AskDraft
  readonly votes: Votes
  /** How the published questions are listed: most supported or newest first. */
  sort = $state<PublishedSort>('popular')
  /** A personal link that did not work (revoked, renewed): said, and the page goes on with the public link. */
  inviteProblem = $state<string | null>(null)
  #failure = $state<string | null>(null)
  #rejoining = $state(false)
  #rejoined = false
  readonly #store: KeyValueStore

  constructor(readonly slug: string) {
    this.#store = localStore() ?? memoryStore()
    this.stream = new EventStream({ slug, lang: i18n.current, onRefused: (error) => void this.#handleRefused(error) })
    this.draft = new AskDraft(this.stream)
    this.votes = new Votes(this.stream)
  }

  /** A message that replaces the page: the event cannot be joined or shown. */
  get fatal(): string | null {
    if (this.#failure) return this.#failure
    if (this.#rejoining || this.stream.status !== 'refused') return null
    return this.stream.error?.message ?? i18n.t('error.unexpected')
  }

  async start(): Promise<void> {
    const invitation = takeInvitation(window.location, window.history)
    const invited = invitation ? await this.#joinInvited(invitation) : null
    const session = invited ?? loadAttendee(this.slug, this.#store) ?? (await this.#join())
    if (!session) return
    this.stream.setToken(session.token)
    this.stream.start()
  }

  async retry(): Promise<void> {
    this.#failure = null
    await this.start()
  }

  async #join() {
    try {
      const session = await joinEvent(this.slug, i18n.current)
      saveAttendee(this.slug, session, this.#store)
      return session
    } catch (error) {
      this.#failure = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      return null
    }
  }

  /** A personal link: a session bound to the registration, the ask form filled in, the registrant's language. */
  async #joinInvited(invitation: string) {
    try {
      const result = await joinWithInvitation(this.slug, invitation, i18n.current)
      const session = { attendeeId: result.attendeeId, token: result.token }
      saveAttendee(this.slug, session, this.#store)
      this.draft.displayName = result.displayName ?? ''
      this.draft.organisation = result.organisation ?? ''
      if (this.#store.getItem(LANG_STORAGE_KEY) === null) i18n.set(result.lang)
      return session
    } catch (error) {
      this.inviteProblem = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      return null
    }
  }

  /** A stored session the server no longer knows (expired, database reset): start a new one, once. */
  async #handleRefused(error: ClientError): Promise<void> {
    if (this.#rejoined || (error.code !== 'unauthorized' && error.code !== 'forbidden')) return
    this.#rejoined = true
    this.#rejoining = true
    forgetAttendee(this.slug, this.#store)
    const session = await this.#join()
    this.#rejoining = false
    if (!session) return
    this.stream.setToken(session.token)
    this.stream.start()
  }
}
