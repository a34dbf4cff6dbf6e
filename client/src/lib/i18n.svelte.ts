// The page's language as reactive state: persisted in localStorage, mirrored on <html lang>.
import {
  formatList,
  formatNumber,
  initialLang,
  LANG_STORAGE_KEY,
  loadMessages,
  otherLang,
  translate,
  translatePlural,
  type Lang,
  type MessageKey,
  type Params,
  type PluralKey,
} from './i18n'

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY)
  } catch {
    return null // storage disabled: fall back to the default
  }
}

class Language {
  current = $state<Lang>(initialLang(storedLang()))

  constructor() {
    document.documentElement.lang = this.current
  }

  /** The other language, offered by the switch. */
  get other(): Lang {
    return otherLang(this.current)
  }

  t = (key: MessageKey, params?: Params): string => translate(this.current, key, params)
  tn = (key: PluralKey, count: number, params?: Params): string => translatePlural(this.current, key, count, params)
  n = (value: number): string => formatNumber(this.current, value)
  list = (items: readonly string[]): string => formatList(this.current, items)

  /** Before the first render: the stored language's words, fetched if they are not in the page (English). */
  async ready(): Promise<void> {
    try {
      await loadMessages(this.current)
    } catch {
      this.show('fr') // cannot be fetched: French, which every page carries
    }
  }

  /** Switches once the language's words are in (English is fetched on first use). */
  set(lang: Lang): void {
    // If the words cannot be fetched (offline), the page stays in its language; pressing again retries.
    loadMessages(lang).then(
      () => this.#apply(lang),
      () => {},
    )
  }

  #apply(lang: Lang): void {
    this.current = lang
    document.documentElement.lang = lang
    try {
      localStorage.setItem(LANG_STORAGE_KEY, lang)
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }

  /** This page only, not remembered: a public screen takes its language from its address (`?lang=`). */
  show(lang: Lang): void {
    this.current = lang
    document.documentElement.lang = lang
  }

  toggle(): void {
    this.set(this.other)
  }
}

export const i18n = new Language()
