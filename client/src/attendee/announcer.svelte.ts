// The attendee page's one polite live region: questions published (batched), the question on air, the
// attendee's own questions, and what their own actions did. Never the vote counts.
import { untrack } from 'svelte'
import type { ItemStatus, ItemView } from '../../../server/contract/schemas'
import { excerpt, newsBetween, NewsBatcher, type News } from '../lib/attendee-news'
import { i18n } from '../lib/i18n.svelte'
import type { MessageKey } from '../lib/i18n'

export class Announcer {
  /** What the live region says, with a counter so that the same words said again are heard again. */
  said = $state.raw<{ n: number; text: string }>({ n: 0, text: '' })
  #previous: ReadonlyMap<string, ItemView> | null = null
  readonly #batcher = new NewsBatcher()
  #timer: ReturnType<typeof setTimeout> | undefined

  /** Called with every new state of the queue: works out the news and says it, now or with the next batch. */
  observe(items: ReadonlyMap<string, ItemView>, ready: boolean): void {
    if (!ready) return
    const news = newsBetween(this.#previous, items)
    this.#previous = items
    this.#speak(this.#batcher.add(news, Date.now()))
  }

  /** A sentence about the user's own action (sent, edited, order refreshed): said at once. */
  say(text: string): void {
    const waiting = this.#batcher.add([], Number.POSITIVE_INFINITY) ?? []
    this.said = { n: untrack(() => this.said.n) + 1, text: [...waiting.map(newsText), text].join(' ') }
    this.#schedule()
  }

  stop(): void {
    clearTimeout(this.#timer)
  }

  #speak(news: News[] | null): void {
    if (news && news.length > 0) this.said = { n: untrack(() => this.said.n) + 1, text: wording(news) }
    this.#schedule()
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    const due = this.#batcher.dueAt
    if (due !== null) this.#timer = setTimeout(() => this.#speak(this.#batcher.due(Date.now())), Math.max(0, due - Date.now()))
  }
}

/** Published questions in one sentence (one named, several counted), then the rest one by one. */
function wording(news: readonly News[]): string {
  const published = news.filter((item) => item.kind === 'published')
  const others = news.filter((item) => item.kind !== 'published')
  const head =
    published.length === 0
      ? []
      : published.length === 1
        ? [newsText(published[0]!)]
        : [i18n.t('news.publishedMany', { count: published.length })]
  return [...head, ...others.map(newsText)].join(' ')
}

const MINE: Record<ItemStatus, MessageKey> = {
  pending: 'news.mine.pending',
  approved: 'news.mine.approved',
  on_air: 'news.mine.on_air',
  answered: 'news.mine.answered',
  dismissed: 'news.mine.dismissed',
  merged: 'news.mine.merged',
  withdrawn: 'news.mine.withdrawn',
}

function newsText(news: News): string {
  const text = excerpt(news.text)
  switch (news.kind) {
    case 'published':
      return i18n.t('news.publishedOne', { text })
    case 'onAir':
      return i18n.t('news.onAir', { text })
    case 'mine':
      return i18n.t(MINE[news.status], { text })
    default:
      news satisfies never
      return ''
  }
}
