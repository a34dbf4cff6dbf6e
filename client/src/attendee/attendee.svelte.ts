// The attendee page's state: the attendee session, the live stream, the tabs, the question draft, the
// attendee's own questions, votes and what the page says to screen readers.
import type { ItemView } from '../../../server/contract/schemas'
import { ApiError, joinEvent } from '../lib/api'
import { forgetAttendee, loadAttendee, oneAtATime, saveAttendee, takeInvitation, type KeyValueStore } from '../lib/credentials'
import { LANG_STORAGE_KEY } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import type { PublishedSort } from '../lib/queue'
import { EventStream, type ClientError } from '../lib/stream.svelte'
import { Announcer } from './announcer.svelte'
import type { AskTab } from './ask-tab'

/** The two tabs: the questions (what most attendees come for), and the form with their own questions. */
export type AttendeeTab = 'questions' | 'ask'

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
  readonly votes: Votes
  readonly announcer = new Announcer()
  /** How the published questions are listed: most supported or newest first. */
  sort = $state<PublishedSort>('popular')
  /** A personal link that did not work (revoked, renewed): said, and the page goes on with the public link. */
  inviteProblem = $state<string | null>(null)
  tab = $state<AttendeeTab>('questions')
  /** The ask tab's state (the form, one's own questions), once the tab has been opened (openAsk). */
  ask = $state.raw<AskTab | null>(null)
  /** The name and organisation a personal link brought, for the ask form. */
  #invited: { displayName: string; organisation: string } | null = null
  #token: string | null = null
  #failure = $state<string | null>(null)
  #rejoining = $state(false)
  #rejoined = false
  readonly #store: KeyValueStore

  constructor(readonly slug: string) {
    this.#store = localStore() ?? memoryStore()
    this.stream = new EventStream({ slug, lang: i18n.current, onRefused: (error) => void this.#handleRefused(error) })
    this.votes = new Votes(this.stream)
  }

  /** The ask tab's state: fetched when the tab is first opened (not with the page), the same one afterwards. */
  async openAsk(): Promise<AskTab> {
    const { AskTab } = await import('./ask-tab')
    if (!this.ask) {
      const ask = new AskTab(
        this.stream,
        this.slug,
        () => ({ lang: i18n.current, token: this.#token }),
        (text) => this.announcer.say(text),
      )
      if (this.#invited) this.#fill(ask, this.#invited)
      this.ask = ask
    }
    return this.ask
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
    this.#token = session.token
    this.stream.setToken(session.token)
    this.stream.start()
  }

  async retry(): Promise<void> {
    this.#failure = null
    await this.start()
  }

  /**
   * One identity per browser: a tab that waited for another's join takes the identity that tab handed over
   * (session-handoff.ts says why localStorage alone is not enough).
   */
  async #join() {
    try {
      return await oneAtATime(`tribune:join:${this.slug}`, async () => {
        // Only a tab without a session needs it: loaded then, not with the page.
        const { handOver, handedOver } = await import('../lib/session-handoff')
        const stored = loadAttendee(this.slug, this.#store) ?? (await handedOver(this.slug))
        if (stored) {
          saveAttendee(this.slug, stored, this.#store)
          return stored
        }
        const session = await joinEvent(this.slug, i18n.current)
        saveAttendee(this.slug, session, this.#store)
        // Committed before the lock is released, so the next tab to take it sees this session.
        await handOver(this.slug, session)
        return session
      })
    } catch (error) {
      this.#failure = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      return null
    }
  }

  /** A personal link: a session bound to the registration, the ask form filled in, the registrant's language. */
  async #joinInvited(invitation: string) {
    try {
      // Only a personal link needs it: loaded then, not with the page.
      const { joinWithInvitation } = await import('../lib/organiser-api')
      const result = await joinWithInvitation(this.slug, invitation, i18n.current)
      const session = { attendeeId: result.attendeeId, token: result.token }
      saveAttendee(this.slug, session, this.#store)
      this.#invited = { displayName: result.displayName ?? '', organisation: result.organisation ?? '' }
      if (this.ask) this.#fill(this.ask, this.#invited)
      if (this.#store.getItem(LANG_STORAGE_KEY) === null) i18n.set(result.lang)
      return session
    } catch (error) {
      this.inviteProblem = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      return null
    }
  }

  #fill(ask: AskTab, invited: { displayName: string; organisation: string }): void {
    ask.draft.displayName = invited.displayName
    ask.draft.organisation = invited.organisation
  }

  /** A stored session the server no longer knows (expired, database reset): start a new one, once. */
  async #handleRefused(error: ClientError): Promise<void> {
    if (this.#rejoined || (error.code !== 'unauthorized' && error.code !== 'forbidden')) return
    this.#rejoined = true
    this.#rejoining = true
    forgetAttendee(this.slug, this.#store)
    await (await import('../lib/session-handoff')).withdrawHandover(this.slug)
    const session = await this.#join()
    this.#rejoining = false
    if (!session) return
    this.#token = session.token
    this.stream.setToken(session.token)
    this.stream.start()
  }
}
