// The régie's state: the moderator session, per-card choices and the outcome of the last action.
import type { DismissReason, ItemView, ModerationAction, SocketModerateInput } from '../../../server/contract/schemas'
import { i18n } from '../lib/i18n.svelte'
import { actionLabelKey } from '../lib/moderation'
import { RoleSession } from '../lib/role-session.svelte'

export class Regie {
  readonly session: RoleSession
  /** The last action's failure (version conflict, illegal transition…), as the server worded it. */
  error = $state<string | null>(null)
  /** A polite confirmation of the last action. */
  notice = $state<string | null>(null)
  /** Cards with an action in flight, so a double press sends one request. */
  busy = $state<Record<string, boolean>>({})
  /** The dismissal reason chosen on each pending card ('' = not specified). */
  reasons = $state<Record<string, DismissReason | ''>>({})

  constructor(slug: string) {
    this.session = new RoleSession(slug, 'moderator', ['moderator'])
  }

  get stream() {
    return this.session.stream
  }

  async act(item: ItemView, action: ModerationAction): Promise<boolean> {
    if (this.busy[item.id]) return false
    this.busy[item.id] = true
    const input: SocketModerateInput = { id: item.id, action, version: item.version }
    const reason = action === 'dismiss' ? this.reasons[item.id] : undefined
    if (reason) input.reason = reason
    const ack = await this.stream.moderate(input)
    delete this.busy[item.id]
    if (!ack.ok) {
      this.notice = null
      this.error = ack.error.message
      return false
    }
    this.error = null
    this.notice = i18n.t('moderate.done', { action: i18n.t(actionLabelKey(action)) })
    if (action === 'dismiss') delete this.reasons[item.id]
    return true
  }
}
