// The « Poser une question » tab's state: the form and the attendee's own questions (rewording, withdrawing).
// Loaded with the tab when it is first opened (AttendeeApp.openAsk), then kept for the page's life, so that
// the page's first download stays small (issue 10) and a draft survives switching tabs.
import type { ItemView } from '../../../server/contract/schemas'
import type { Authorised } from '../lib/api'
import { excerpt } from '../lib/attendee-news'
import { i18n } from '../lib/i18n.svelte'
import { myItems } from '../lib/queue'
import type { EventStream } from '../lib/stream.svelte'
import { AskDraft } from './ask-draft.svelte'
import { OwnQuestions } from './own-questions.svelte'

export class AskTab {
  readonly draft: AskDraft
  readonly own: OwnQuestions

  constructor(
    private readonly stream: EventStream,
    slug: string,
    auth: () => Authorised,
    /** Says a sentence in the page's live region. */
    say: (text: string) => void,
  ) {
    this.draft = new AskDraft(stream, (item) => say(`${i18n.t(AskDraft.statusKey(item.status))} « ${excerpt(item.text)} »`))
    this.own = new OwnQuestions(slug, auth, say)
  }

  /** The attendee's own questions, newest first, each in its latest known version. */
  get mine(): ItemView[] {
    return myItems(this.stream.items).map((item) => this.own.view(item))
  }

  item(id: string): ItemView | undefined {
    const item = this.stream.items.get(id)
    return item ? this.own.view(item) : undefined
  }
}
