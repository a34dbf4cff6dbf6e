// The attendee's own questions while they await moderation: reword or withdraw, as the server's state machine
// allows (askerMay, imported, not retyped). Over HTTP; the live stream then brings the change to every screen.
import { SvelteMap } from 'svelte/reactivity'
import type { ItemView } from '../../../server/contract/schemas'
import { askerMay, type AskerAction } from '../../../server/moderation/moderation.machine'
import { ApiError, type Authorised } from '../lib/api'
import { reviseQuestion, withdrawQuestion } from '../lib/asker-api'
import { i18n } from '../lib/i18n.svelte'

export class OwnQuestions {
  /** The question being reworded, with the words typed so far. */
  editing = $state<{ id: string; text: string } | null>(null)
  /** The question whose withdrawal waits for a « yes ». */
  confirming = $state<string | null>(null)
  busy = $state<Record<string, boolean>>({})
  /** A refusal shown on the question itself (the régie handled it meanwhile…), as the server worded it. */
  errors = $state<Record<string, string>>({})
  /** The server's answers to this page's requests, shown until the live stream brings the same version. */
  readonly #acked = new SvelteMap<string, ItemView>()

  constructor(
    private readonly slug: string,
    private readonly auth: () => Authorised,
    private readonly announce: (text: string) => void,
  ) {}

  may(item: ItemView, action: AskerAction): boolean {
    return item.mine && askerMay(item.status, action)
  }

  /** The newer of the live copy and the one a request returned. */
  view(item: ItemView): ItemView {
    const acked = this.#acked.get(item.id)
    return acked && acked.version > item.version ? acked : item
  }

  startEdit(item: ItemView): void {
    this.confirming = null
    this.editing = { id: item.id, text: item.text }
    delete this.errors[item.id]
  }

  cancelEdit(): void {
    this.editing = null
  }

  async saveEdit(item: ItemView): Promise<boolean> {
    const editing = this.editing
    if (!editing || editing.id !== item.id) return false
    const saved = await this.#run(item, () =>
      reviseQuestion(this.slug, item.id, { version: item.version, text: editing.text }, this.auth()),
    )
    if (saved) {
      this.editing = null
      this.announce(i18n.t('news.revised'))
    }
    return saved
  }

  askWithdraw(item: ItemView): void {
    this.editing = null
    this.confirming = item.id
    delete this.errors[item.id]
  }

  cancelWithdraw(): void {
    this.confirming = null
  }

  /** The announcement comes with the live change (« Vous avez retiré votre question… »), like any status move. */
  async withdraw(item: ItemView): Promise<boolean> {
    const done = await this.#run(item, () => withdrawQuestion(this.slug, item.id, { version: item.version }, this.auth()))
    if (done) this.confirming = null
    return done
  }

  async #run(item: ItemView, request: () => Promise<ItemView>): Promise<boolean> {
    if (this.busy[item.id]) return false
    this.busy[item.id] = true
    try {
      const answer = await request()
      this.#acked.set(answer.id, answer)
      delete this.errors[item.id]
      return true
    } catch (error) {
      this.errors[item.id] = error instanceof ApiError ? error.message : i18n.t('error.unexpected')
      if (error instanceof ApiError && error.code === 'question_locked') {
        this.editing = null
        this.confirming = null
      }
      return false
    } finally {
      delete this.busy[item.id]
    }
  }
}
