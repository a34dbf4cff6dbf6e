// The ask form: fields, sending state, the server's error, and the sent question followed to its real status.
import type { ItemStatus, ItemView } from '../../../server/contract/schemas'
import { askInput, DraftKey, questionLength } from '../lib/draft'
import type { MessageKey } from '../lib/i18n'
import type { EventStream } from '../lib/stream.svelte'

/** What the form says about the question it sent, as that question moves through the régie. */
const CONFIRMATION: Record<ItemStatus, MessageKey> = {
  pending: 'ask.status.pending',
  approved: 'ask.status.approved',
  on_air: 'ask.status.on_air',
  answered: 'ask.status.answered',
  dismissed: 'ask.status.dismissed',
  merged: 'ask.status.merged',
  withdrawn: 'ask.status.withdrawn',
}

export class AskDraft {
  text = $state('')
  displayName = $state('')
  organisation = $state('')
  anonymous = $state(false)
  sending = $state(false)
  error = $state<string | null>(null)
  /** The last question sent from this form, followed live; cleared when a new one is typed. */
  sentId = $state<string | null>(null)
  readonly #key = new DraftKey()

  constructor(
    private readonly stream: EventStream,
    /** Told once the server has the question: the page announces it. */
    private readonly onSent: (item: ItemView) => void = () => {},
  ) {}

  get length(): number {
    return questionLength(this.text)
  }

  /** The sent question's status in words, or null. Follows the queue, so it never says « en attente » of a published question. */
  confirmation(lookup: (id: string) => ItemView | undefined): MessageKey | null {
    const item = this.sentId ? lookup(this.sentId) : undefined
    return item ? CONFIRMATION[item.status] : null
  }

  /** Typing a new question puts the previous confirmation away. */
  typed(): void {
    if (this.text.trim() !== '') this.sentId = null
  }

  async submit(): Promise<void> {
    if (this.sending) return
    this.sending = true
    this.error = null
    const fields = { text: this.text, anonymous: this.anonymous, displayName: this.displayName, organisation: this.organisation }
    const ack = await this.stream.ask(askInput(fields, this.#key.current))
    this.sending = false
    if (!ack.ok) {
      this.error = ack.error.message // same key kept: retrying this draft cannot create a second question
      return
    }
    this.#key.renew()
    this.text = ''
    this.sentId = ack.value.id
    this.onSent(ack.value)
  }

  /** The status sentence for an item, for the announcement right after sending. */
  static statusKey(status: ItemStatus): MessageKey {
    return CONFIRMATION[status]
  }
}
